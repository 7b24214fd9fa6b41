#include "telegram/telegram_plugin.h"

#include <libxml/parser.h>

#include <algorithm>
#include <charconv>
#include <exception>
#include <mutex>
#include <string>

#include "support/emitter.h"
#include "support/http_fields.h"
#include "telegram/channel_name.h"
#include "telegram/preview_page.h"
#include "telegram/telegram_config.h"

namespace postwatch::telegram {
namespace {

using plugin::Emitter;
using plugin::View;

constexpr std::string_view kPageTagPrefix = "page:";
// A page shows about this many messages; a full page may have older ones before it even
// when the "older messages" link is missing.
constexpr size_t kFullPage = 20;

// The cursor as a message id; 0 when empty or not a number (then the poll reads one page).
int64_t CursorId(std::string_view cursor) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), value);
  return ec == std::errc() && end == cursor.data() + cursor.size() && value > 0 ? value : 0;
}

int PageOfTag(std::string_view tag) {
  if (tag.substr(0, kPageTagPrefix.size()) != kPageTagPrefix) return 0;
  tag.remove_prefix(kPageTagPrefix.size());
  int page = 0;
  auto [end, ec] = std::from_chars(tag.data(), tag.data() + tag.size(), page);
  return ec == std::errc() && end == tag.data() + tag.size() && page > 0 ? page : 0;
}

void EmitPage(const TelegramConfig& config, const Emitter& emit, std::string_view name,
              int64_t before, int page) {
  plugin::RequestFields request;
  request.url = PreviewUrl(name, before, config.base_url);
  request.headers.emplace_back("Accept", "text/html");
  request.tag = std::string(kPageTagPrefix) + std::to_string(page);
  emit.Request(request);
}

// True when the URL that answered is not a /s/ preview URL: t.me redirects t.me/s/<name> to
// t.me/<name> when the name has no public preview.
bool RedirectedAwayFromPreview(std::string_view url) {
  std::string_view path = url;
  if (size_t scheme = path.find("://"); scheme != std::string_view::npos) {
    path.remove_prefix(scheme + 3);
    size_t slash = path.find('/');
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
  path = path.substr(0, path.find_first_of("?#"));
  return path.find("/s/") == std::string_view::npos;
}

pw_status Init(const pw_host* host, pw_str config_json, void** state) {
  Emitter emit(host);
  try {
    static std::once_flag xml_init;
    std::call_once(xml_init, [] { xmlInitParser(); });
    TelegramConfigParse parsed = ParseTelegramConfig(View(config_json));
    if (!parsed.error.empty()) return emit.Error(PW_E_CONFIG, parsed.error);
    *state = new TelegramConfig(std::move(parsed.config));
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("telegram plugin init failed: ") + e.what());
  }
}

void Destroy(void* state) { delete static_cast<TelegramConfig*>(state); }

pw_status Plan(void* state, const pw_host* host, const pw_account* account, pw_str /*cursor*/) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const TelegramConfig*>(state);
    if (config == nullptr || account == nullptr) {
      return emit.Error(PW_E_INTERNAL, "plan called without state or account");
    }
    ChannelNameParse name = ParseChannelName(View(account->registered), config->base_url);
    if (!name.error.empty()) return emit.Error(PW_E_CONFIG, name.error);
    EmitPage(*config, emit, name.name, 0, 1);
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("telegram plugin plan failed: ") + e.what());
  }
}

pw_status StatusError(const Emitter& emit, int status, std::string_view url) {
  std::string code = "HTTP " + std::to_string(status) + " from " + std::string(url);
  if (status == 404 || status == 410) {
    return emit.Error(PW_E_GONE, code + ": the channel does not exist");
  }
  if (status == 401 || status == 403) return emit.Error(PW_E_AUTH, code + ": not public");
  if (status == 429) return emit.Error(PW_E_RATELIMITED, code);
  return emit.Error(PW_E_PARSE, code + ": expected the channel's preview page");
}

pw_status ParsePage(const TelegramConfig& config, const Emitter& emit, const pw_account& account,
                    std::string_view cursor, const pw_response& response, int page_number) {
  std::string_view url = View(response.url);
  if (!plugin::IsSuccess(response.status)) return StatusError(emit, response.status, url);
  std::string gone = "the channel has no public preview at " + std::string(url) +
                     ": its owner disabled it, or the name is a user, a group or nobody";
  if (!url.empty() && RedirectedAwayFromPreview(url)) return emit.Error(PW_E_GONE, gone);
  PreviewPage page = ReadPreviewPage(plugin::Body(response), url);
  if (!page.has_history) {
    if (page.has_landing) return emit.Error(PW_E_GONE, gone);
    return emit.Error(PW_E_LAYOUT, "no tgme_channel_history section in " + std::string(url) +
                                       ": the preview's layout may have changed");
  }
  if (page.messages.empty() && page.unreadable > 0) {
    return emit.Error(PW_E_LAYOUT, std::to_string(page.unreadable) +
                                       " messages without a data-post id in " + std::string(url) +
                                       ": the preview's layout may have changed");
  }
  const int64_t seen = CursorId(cursor);
  int64_t newest = 0;
  int64_t oldest = 0;
  size_t emitted = 0;
  for (const PreviewMessage& message : page.messages) {
    newest = std::max(newest, message.id);
    oldest = oldest == 0 ? message.id : std::min(oldest, message.id);
    if (message.service || message.id <= seen) continue;
    plugin::PostFields post;
    post.id = std::to_string(message.id);
    post.url = message.url;
    post.published_at = message.published_at;
    post.text = message.text;
    post.links = message.links;
    if (!message.forwarded_from.empty()) {
      post.kind = PW_POST_KIND_SHARE;
      post.shared_url = message.forwarded_from;
    }
    emit.Post(post);
    ++emitted;
  }
  if (page_number == 1 && newest > 0) emit.Cursor(std::to_string(std::max(newest, seen)));
  emit.Log(PW_LOG_DEBUG, "preview page " + std::to_string(page_number) + ": " +
                             std::to_string(page.messages.size()) + " messages, " +
                             std::to_string(emitted) + " new");
  bool older_exist = page.more_before > 0 || page.messages.size() >= kFullPage;
  bool gap = seen > 0 && oldest > seen + 1;
  if (!gap || !older_exist || page_number >= config.max_pages) return PW_DONE;
  ChannelNameParse name = ParseChannelName(View(account.registered), config.base_url);
  if (!name.error.empty()) return emit.Error(PW_E_CONFIG, name.error);
  EmitPage(config, emit, name.name, oldest, page_number + 1);
  return PW_OK;
}

pw_status Parse(void* state, const pw_host* host, const pw_account* account, pw_str cursor,
                const pw_response* response) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const TelegramConfig*>(state);
    if (config == nullptr || account == nullptr || response == nullptr) {
      return emit.Error(PW_E_INTERNAL, "parse called without state, account or response");
    }
    int page = PageOfTag(plugin::Tag(*response));
    if (page == 0) {
      return emit.Error(PW_E_INTERNAL,
                        "unexpected response tag \"" + std::string(plugin::Tag(*response)) + "\"");
    }
    return ParsePage(*config, emit, *account, View(cursor), *response, page);
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("telegram plugin parse failed: ") + e.what());
  }
}

// Loopback hosts are listed so that base_url can point at postwatch-sim; the host's SSRF
// guard still refuses them unless the operator allows them in fetch.allow.
const char* const kEgressHosts[] = {"t.me", "127.0.0.1", "localhost"};

const pw_plugin kTelegramPlugin = {
    sizeof(pw_plugin),
    PW_ABI_MAJOR,
    PW_ABI_MINOR,
    "telegram",
    "0.1.0",
    "telegram",
    "Public Telegram channels, read from their web preview t.me/s/<channel>",
    kTelegramConfigSchema,
    kTelegramAccountSchema,
    kEgressHosts,
    sizeof(kEgressHosts) / sizeof(kEgressHosts[0]),
    PW_PLUGIN_READS_WEB_PAGES,
    Init,
    Destroy,
    Plan,
    Parse,
    nullptr,
    nullptr,
    nullptr,  // authorize (no owner grant on this platform)
};

}  // namespace

const pw_plugin* TelegramPlugin() { return &kTelegramPlugin; }

}  // namespace postwatch::telegram
