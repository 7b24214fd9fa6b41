#include "web/web_plugin.h"

#include <libxml/parser.h>

#include <exception>
#include <mutex>
#include <string>

#include "support/emitter.h"
#include "support/http_fields.h"
#include "web/feed_document.h"
#include "web/feed_posts.h"
#include "web/web_config.h"

namespace postwatch::web {
namespace {

using plugin::Emitter;
using plugin::View;

constexpr const char* kAccept =
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";
constexpr const char* kFeedTag = "feed";

pw_status Init(const pw_host* host, pw_str config_json, void** state) {
  Emitter emit(host);
  try {
    static std::once_flag xml_init;
    std::call_once(xml_init, [] { xmlInitParser(); });
    WebConfigParse parsed = ParseWebConfig(View(config_json));
    if (!parsed.error.empty()) return emit.Error(PW_E_CONFIG, parsed.error);
    *state = new WebConfig(std::move(parsed.config));
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("web plugin init failed: ") + e.what());
  }
}

void Destroy(void* state) { delete static_cast<WebConfig*>(state); }

pw_status Plan(void* state, const pw_host* host, const pw_account* account, pw_str /*cursor*/) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const WebConfig*>(state);
    if (config == nullptr || account == nullptr) {
      return emit.Error(PW_E_INTERNAL, "plan called without state or account");
    }
    FeedUrlParse url = FeedUrlFor(*config, View(account->registered), View(account->ref_json));
    if (!url.error.empty()) return emit.Error(PW_E_CONFIG, url.error);
    plugin::RequestFields request;
    request.url = url.url;
    request.headers.emplace_back("Accept", kAccept);
    request.tag = kFeedTag;
    emit.Request(request);
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("web plugin plan failed: ") + e.what());
  }
}

// Maps a non-2xx final status to the typed error the host acts on. The host handles 304,
// 429 and 5xx itself; they are mapped anyway so that `plugins replay` gives sane answers.
pw_status StatusError(const Emitter& emit, int status, std::string_view url) {
  std::string where = " from " + std::string(url);
  std::string code = "HTTP " + std::to_string(status);
  if (status == 404 || status == 410) {
    return emit.Error(PW_E_GONE, code + where + ": the feed no longer exists");
  }
  if (status == 401 || status == 403) {
    return emit.Error(PW_E_AUTH, code + where + ": the feed is not public");
  }
  if (status == 429) return emit.Error(PW_E_RATELIMITED, code + where);
  return emit.Error(PW_E_PARSE, code + where + ": expected a feed");
}

pw_status Parse(void* state, const pw_host* host, const pw_account* /*account*/, pw_str /*cursor*/,
                const pw_response* response) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const WebConfig*>(state);
    if (config == nullptr || response == nullptr) {
      return emit.Error(PW_E_INTERNAL, "parse called without state or response");
    }
    if (plugin::Tag(*response) != kFeedTag) {
      return emit.Error(PW_E_INTERNAL,
                        "unexpected response tag \"" + std::string(plugin::Tag(*response)) + "\"");
    }
    std::string_view url = View(response->url);
    if (!plugin::IsSuccess(response->status)) return StatusError(emit, response->status, url);
    FeedDocument document = ReadFeedDocument(plugin::Body(*response), url);
    switch (document.kind) {
      case FeedDocumentKind::kUnreadable:
        return emit.Error(PW_E_PARSE, document.message + " (" + std::string(url) + ")");
      case FeedDocumentKind::kNotAFeed:
        return emit.Error(PW_E_LAYOUT, document.message + " (" + std::string(url) + ")");
      case FeedDocumentKind::kFeed:
        break;
    }
    FeedPosts posts = BuildFeedPosts(document.feed, static_cast<size_t>(config->max_items));
    for (const plugin::PostFields& post : posts.posts) emit.Post(post);
    if (!posts.cursor.empty()) emit.Cursor(posts.cursor);
    emit.Log(PW_LOG_DEBUG, document.feed.format + " feed with " +
                               std::to_string(document.feed.items.size()) + " items, " +
                               std::to_string(posts.posts.size()) + " posts emitted");
    return PW_DONE;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("web plugin parse failed: ") + e.what());
  }
}

const char* const kEgressHosts[] = {"*"};

const pw_plugin kWebPlugin = {
    sizeof(pw_plugin),
    PW_ABI_MAJOR,
    PW_ABI_MINOR,
    "web",
    "0.1.0",
    "web",
    "RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.x feeds of sites and blogs",
    kWebConfigSchema,
    kWebAccountSchema,
    kEgressHosts,
    1,
    PW_PLUGIN_READS_WEB_PAGES,
    Init,
    Destroy,
    Plan,
    Parse,
    nullptr,
    nullptr,
};

}  // namespace

const pw_plugin* WebPlugin() { return &kWebPlugin; }

}  // namespace postwatch::web
