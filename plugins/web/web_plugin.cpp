#include "web/web_plugin.h"

#include <libxml/parser.h>

#include <cctype>
#include <charconv>
#include <exception>
#include <mutex>
#include <string>

#include "support/emitter.h"
#include "support/http_fields.h"
#include "web/poll_steps.h"
#include "web/web_config.h"

namespace postwatch::web {
namespace {

using plugin::Emitter;
using plugin::View;

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
    AccountSource source =
        SourceFor(View(account->id), View(account->registered), View(account->ref_json));
    if (!source.error.empty()) return emit.Error(PW_E_CONFIG, source.error);
    emit.Request(FirstRequest(*config, source));
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("web plugin plan failed: ") + e.what());
  }
}

// Feed URLs, WordPress APIs and feed-looking URLs are their own canonical id; anything else
// (a site's address) is fetched and searched for the feed it advertises.
bool LooksLikeFeedUrl(std::string_view url) {
  std::string lower(url.substr(0, url.find('#')));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view path = std::string_view(lower).substr(0, lower.find('?'));
  std::string_view query = std::string_view(lower).substr(path.size());
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  for (std::string_view suffix : {"/feed", "/rss", "/atom", "/rss2", ".xml", ".rss", ".atom",
                                  ".rdf", "/feed.json", "/feeds/posts/default"}) {
    if (path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix) {
      return true;
    }
  }
  for (std::string_view param : {"feed=", "format=rss", "format=atom"}) {
    for (char separator : {'?', '&'}) {
      if (query.find(std::string(1, separator) + std::string(param)) != std::string_view::npos) {
        return true;
      }
    }
  }
  return false;
}

pw_status Resolve(void* state, const pw_host* host, const pw_account* account) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const WebConfig*>(state);
    if (config == nullptr || account == nullptr) {
      return emit.Error(PW_E_INTERNAL, "resolve called without state or account");
    }
    AccountSource source = SourceFor("", View(account->registered), View(account->ref_json));
    if (!source.error.empty()) return emit.Error(PW_E_CONFIG, source.error);
    if (source.kind != SourceKind::kUnknown || LooksLikeFeedUrl(source.url)) {
      emit.AccountId(source.url);
      return PW_OK;
    }
    plugin::RequestFields request = FirstRequest(*config, source);
    request.tag = std::string(kResolveTag);
    emit.Request(request);
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("web plugin resolve failed: ") + e.what());
  }
}

// The page number of a "wp:<n>" tag; 0 when the tag is not one.
int WordPressPageOf(std::string_view tag) {
  if (tag.substr(0, kWordPressTagPrefix.size()) != kWordPressTagPrefix) return 0;
  tag.remove_prefix(kWordPressTagPrefix.size());
  int page = 0;
  auto [end, ec] = std::from_chars(tag.data(), tag.data() + tag.size(), page);
  return ec == std::errc() && end == tag.data() + tag.size() && page > 0 ? page : 0;
}

pw_status Parse(void* state, const pw_host* host, const pw_account* account, pw_str cursor,
                const pw_response* response) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const WebConfig*>(state);
    if (config == nullptr || response == nullptr) {
      return emit.Error(PW_E_INTERNAL, "parse called without state or response");
    }
    std::string_view tag = plugin::Tag(*response);
    if (tag == kResolveTag) return ParseResolveStep(*config, emit, *response);
    AccountSource source;
    if (account != nullptr) {
      source = SourceFor(View(account->id), View(account->registered), View(account->ref_json));
    }
    if (tag == kFeedTag || tag == kDiscoveredTag) {
      return ParseFeedStep(*config, emit, *response, tag == kFeedTag && source.discover);
    }
    if (int page = WordPressPageOf(tag); page > 0) {
      return ParseWordPressStep(*config, emit, View(cursor), *response, page,
                                !source.wordpress_required);
    }
    return emit.Error(PW_E_INTERNAL, "unexpected response tag \"" + std::string(tag) + "\"");
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
    "0.2.0",
    "web",
    "RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.x feeds of sites and blogs, found by "
    "autodiscovery, and the WordPress REST API",
    kWebConfigSchema,
    kWebAccountSchema,
    kEgressHosts,
    1,
    PW_PLUGIN_READS_WEB_PAGES,
    Init,
    Destroy,
    Plan,
    Parse,
    Resolve,
    nullptr,
    nullptr,
};

}  // namespace

const pw_plugin* WebPlugin() { return &kWebPlugin; }

}  // namespace postwatch::web
