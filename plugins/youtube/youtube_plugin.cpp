#include "youtube/youtube_plugin.h"

#include <libxml/parser.h>

#include <charconv>
#include <cstddef>
#include <exception>
#include <mutex>
#include <string>

#include "support/emitter.h"
#include "support/http_fields.h"
#include "support/url_ref.h"
#include "youtube/channel_page.h"
#include "youtube/channel_ref.h"
#include "youtube/data_api.h"
#include "youtube/video_feed.h"
#include "youtube/youtube_config.h"

namespace postwatch::youtube {
namespace {

using plugin::Emitter;
using plugin::View;

constexpr std::string_view kChannelTag = "channel";
constexpr std::string_view kResolveTag = "resolve";
constexpr std::string_view kFeedTag = "feed";
constexpr std::string_view kApiTagPrefix = "api:";

// The Data API key: the operator's app credential for the plugin (plugins.youtube.
// credential_file or LoadCredential=plugin-youtube), else a per-account credential (ABI 1.0
// hosts passed the key that way).
std::string_view ApiKey(const pw_account& account) {
  if (account.struct_size >= offsetof(pw_account, app_credential) + sizeof(pw_str) &&
      account.app_credential.len > 0) {
    return View(account.app_credential);
  }
  return View(account.credential);
}

// Where a poll starts: a channel id, or the page that names it.
struct PollStart {
  std::string channel_id;  // "" when the channel page must be read first
  ChannelRef page;         // the channel to look up when channel_id is empty
  std::string error;       // a PW_E_CONFIG message
};

PollStart StartOf(const YoutubeConfig& config, const pw_account& account) {
  PollStart start;
  if (IsChannelId(View(account.id))) {
    start.channel_id = std::string(View(account.id));
    return start;
  }
  RefChannelId ref = ChannelIdFromRef(View(account.ref_json));
  if (!ref.error.empty()) {
    start.error = ref.error;
    return start;
  }
  if (!ref.channel_id.empty()) {
    start.channel_id = ref.channel_id;
    return start;
  }
  ChannelRefParse parsed = ParseChannelRef(View(account.registered), config.base_url);
  if (!parsed.error.empty()) {
    start.error = parsed.error;
  } else if (parsed.ref.kind == ChannelRefKind::kChannelId) {
    start.channel_id = parsed.ref.value;
  } else {
    start.page = parsed.ref;
  }
  return start;
}

void EmitChannelPage(const YoutubeConfig& config, const Emitter& emit, const ChannelRef& ref,
                     std::string_view tag) {
  plugin::RequestFields request;
  request.url = plugin::ReplaceOrigin(ChannelPageUrl(ref), config.base_url);
  request.headers.emplace_back("Accept", "text/html");
  request.tag = std::string(tag);
  emit.Request(request);
}

void EmitApiPage(const YoutubeConfig& config, const Emitter& emit, std::string_view playlist_id,
                 std::string_view page_token, int page, std::string_view api_key) {
  plugin::RequestFields request;
  request.url = plugin::ReplaceOrigin(PlaylistItemsUrl(playlist_id, page_token), config.base_url);
  request.headers.emplace_back("Accept", "application/json");
  request.headers.emplace_back("X-Goog-Api-Key", std::string(api_key));
  request.tag = std::string(kApiTagPrefix) + std::to_string(page) + ":" + std::string(playlist_id);
  emit.Request(request);
}

// The first request of a poll of a known channel: its feed, or page 1 of its uploads.
pw_status EmitPoll(const YoutubeConfig& config, const Emitter& emit, const pw_account& account,
                   std::string_view channel_id) {
  if (config.mode == YoutubeMode::kDataApi) {
    if (ApiKey(account).empty()) {
      return emit.Error(PW_E_AUTH,
                        "data_api mode needs a YouTube Data API key: set plugins.youtube."
                        "credential_file or LoadCredential=plugin-youtube");
    }
    EmitApiPage(config, emit, UploadsPlaylistId(channel_id), "", 1, ApiKey(account));
    return PW_OK;
  }
  plugin::RequestFields request;
  request.url = plugin::ReplaceOrigin(FeedUrl(channel_id), config.base_url);
  request.headers.emplace_back("Accept", "application/atom+xml, application/xml;q=0.9, */*;q=0.5");
  request.tag = std::string(kFeedTag);
  emit.Request(request);
  return PW_OK;
}

pw_status StatusError(const Emitter& emit, int status, std::string_view url,
                      std::string_view missing) {
  std::string code = "HTTP " + std::to_string(status) + " from " + std::string(url);
  if (status == 404 || status == 410)
    return emit.Error(PW_E_GONE, code + ": " + std::string(missing));
  if (status == 401 || status == 403) return emit.Error(PW_E_AUTH, code + ": not public");
  if (status == 429) return emit.Error(PW_E_RATELIMITED, code);
  return emit.Error(PW_E_PARSE, code);
}

pw_status Init(const pw_host* host, pw_str config_json, void** state) {
  Emitter emit(host);
  try {
    static std::once_flag xml_init;
    std::call_once(xml_init, [] { xmlInitParser(); });
    YoutubeConfigParse parsed = ParseYoutubeConfig(View(config_json));
    if (!parsed.error.empty()) return emit.Error(PW_E_CONFIG, parsed.error);
    *state = new YoutubeConfig(std::move(parsed.config));
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("youtube plugin init failed: ") + e.what());
  }
}

void Destroy(void* state) { delete static_cast<YoutubeConfig*>(state); }

pw_status Plan(void* state, const pw_host* host, const pw_account* account, pw_str /*cursor*/) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const YoutubeConfig*>(state);
    if (config == nullptr || account == nullptr) {
      return emit.Error(PW_E_INTERNAL, "plan called without state or account");
    }
    PollStart start = StartOf(*config, *account);
    if (!start.error.empty()) return emit.Error(PW_E_CONFIG, start.error);
    if (start.channel_id.empty()) {
      EmitChannelPage(*config, emit, start.page, kChannelTag);
      return PW_OK;
    }
    return EmitPoll(*config, emit, *account, start.channel_id);
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("youtube plugin plan failed: ") + e.what());
  }
}

pw_status Resolve(void* state, const pw_host* host, const pw_account* account) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const YoutubeConfig*>(state);
    if (config == nullptr || account == nullptr) {
      return emit.Error(PW_E_INTERNAL, "resolve called without state or account");
    }
    pw_account unresolved = *account;
    unresolved.id = pw_str{nullptr, 0};
    PollStart start = StartOf(*config, unresolved);
    if (!start.error.empty()) return emit.Error(PW_E_CONFIG, start.error);
    if (!start.channel_id.empty()) {
      emit.AccountId(start.channel_id);
      return PW_DONE;
    }
    EmitChannelPage(*config, emit, start.page, kResolveTag);
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("youtube plugin resolve failed: ") + e.what());
  }
}

pw_status ParseChannelPage(const YoutubeConfig& config, const Emitter& emit,
                           const pw_account& account, const pw_response& response, bool poll) {
  std::string_view url = View(response.url);
  if (!plugin::IsSuccess(response.status)) {
    return StatusError(emit, response.status, url, "there is no such YouTube channel");
  }
  std::string channel_id = FindChannelId(plugin::Body(response));
  if (channel_id.empty()) {
    return emit.Error(PW_E_LAYOUT, "the channel page " + std::string(url) +
                                       " names no channel id (no canonical /channel/UC… link "
                                       "and no RSS link): the page layout may have changed");
  }
  emit.AccountId(channel_id);
  if (!poll) return PW_DONE;
  return EmitPoll(config, emit, account, channel_id);
}

pw_status ParseFeed(const Emitter& emit, const pw_account& account, const pw_response& response) {
  std::string_view url = View(response.url);
  if (!plugin::IsSuccess(response.status)) {
    return StatusError(emit, response.status, url,
                       "the channel feed does not exist: the channel was deleted, terminated "
                       "or never existed");
  }
  VideoFeed feed = ReadVideoFeed(plugin::Body(response), url);
  switch (feed.kind) {
    case VideoFeedKind::kUnreadable:
      return emit.Error(PW_E_PARSE, feed.message + " (" + std::string(url) + ")");
    case VideoFeedKind::kNotAFeed:
      return emit.Error(PW_E_LAYOUT, feed.message + " (" + std::string(url) + ")");
    case VideoFeedKind::kFeed:
      break;
  }
  for (const plugin::PostFields& post : feed.posts) emit.Post(post);
  if (!feed.newest_id.empty()) emit.Cursor(feed.newest_id);
  if (View(account.id).empty() && !feed.channel_id.empty()) emit.AccountId(feed.channel_id);
  emit.Log(PW_LOG_DEBUG, "channel feed with " + std::to_string(feed.posts.size()) + " videos");
  return PW_DONE;
}

// Reads "api:<n>:<playlist>"; false when the tag is not of that form.
bool ReadApiTag(std::string_view tag, int& page, std::string_view& playlist_id) {
  if (tag.substr(0, kApiTagPrefix.size()) != kApiTagPrefix) return false;
  tag.remove_prefix(kApiTagPrefix.size());
  size_t colon = tag.find(':');
  if (colon == std::string_view::npos) return false;
  auto [end, ec] = std::from_chars(tag.data(), tag.data() + colon, page);
  if (ec != std::errc() || end != tag.data() + colon || page < 1) return false;
  playlist_id = tag.substr(colon + 1);
  return !playlist_id.empty();
}

pw_status ParseApiPage(const YoutubeConfig& config, const Emitter& emit, const pw_account& account,
                       std::string_view cursor, const pw_response& response, int page,
                       std::string_view playlist_id) {
  if (!plugin::IsSuccess(response.status)) {
    ApiError error = ReadApiError(response.status, plugin::Body(response));
    return emit.Error(error.code, error.message);
  }
  PlaylistPage items = ReadPlaylistPage(plugin::Body(response), cursor);
  if (!items.error.empty()) {
    return emit.Error(items.not_json ? PW_E_PARSE : PW_E_LAYOUT, items.error);
  }
  for (const plugin::PostFields& post : items.posts) emit.Post(post);
  if (page == 1 && !items.first_id.empty()) emit.Cursor(items.first_id);
  // The first poll reads one page: the channel's whole history is not what postwatch is for.
  bool more = !items.reached_cursor && !items.next_page_token.empty() && !cursor.empty() &&
              page < config.max_pages;
  if (!more) return PW_DONE;
  EmitApiPage(config, emit, playlist_id, items.next_page_token, page + 1, ApiKey(account));
  return PW_OK;
}

pw_status Parse(void* state, const pw_host* host, const pw_account* account, pw_str cursor,
                const pw_response* response) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const YoutubeConfig*>(state);
    if (config == nullptr || account == nullptr || response == nullptr) {
      return emit.Error(PW_E_INTERNAL, "parse called without state, account or response");
    }
    std::string_view tag = plugin::Tag(*response);
    if (tag == kChannelTag || tag == kResolveTag) {
      return ParseChannelPage(*config, emit, *account, *response, tag == kChannelTag);
    }
    if (tag == kFeedTag) return ParseFeed(emit, *account, *response);
    int page = 0;
    std::string_view playlist_id;
    if (ReadApiTag(tag, page, playlist_id)) {
      return ParseApiPage(*config, emit, *account, View(cursor), *response, page, playlist_id);
    }
    return emit.Error(PW_E_INTERNAL, "unexpected response tag \"" + std::string(tag) + "\"");
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("youtube plugin parse failed: ") + e.what());
  }
}

// Loopback hosts are listed so that base_url can point at postwatch-sim; the host's SSRF
// guard still refuses them unless the operator allows them in fetch.allow.
const char* const kEgressHosts[] = {"www.youtube.com", "youtube.com", "www.googleapis.com",
                                    "127.0.0.1", "localhost"};

const pw_plugin kYoutubePlugin = {
    sizeof(pw_plugin),
    PW_ABI_MAJOR,
    PW_ABI_MINOR,
    "youtube",
    "0.1.0",
    "youtube",
    "YouTube channels: the public channel feed, or the Data API v3 uploads playlist",
    kYoutubeConfigSchema,
    kYoutubeAccountSchema,
    kEgressHosts,
    sizeof(kEgressHosts) / sizeof(kEgressHosts[0]),
    0,
    Init,
    Destroy,
    Plan,
    Parse,
    Resolve,
    nullptr,
    nullptr,  // authorize (no owner grant on this platform)
};

}  // namespace

const pw_plugin* YoutubePlugin() { return &kYoutubePlugin; }

}  // namespace postwatch::youtube
