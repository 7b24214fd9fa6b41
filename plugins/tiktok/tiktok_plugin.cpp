#include "tiktok/tiktok_plugin.h"

#include <charconv>
#include <ctime>
#include <exception>
#include <optional>
#include <string>

#include "support/emitter.h"
#include "support/feed_date.h"
#include "support/http_fields.h"
#include "support/oauth_credential.h"
#include "tiktok/tiktok_account.h"
#include "tiktok/tiktok_config.h"
#include "tiktok/tiktok_oauth.h"
#include "tiktok/tiktok_user_info.h"
#include "tiktok/tiktok_videos.h"

namespace postwatch::tiktok {
namespace {

using plugin::Emitter;
using plugin::View;

constexpr std::string_view kVideosTag = "videos";
constexpr std::string_view kResolveTag = "resolve";
constexpr std::string_view kRefreshTag = "refresh";
constexpr std::string_view kGrantTag = "grant";
constexpr std::string_view kVideoFields =
    "id,create_time,share_url,video_description,title,embed_link";
// TikTok's documented window: 600 requests per endpoint per sliding minute.
constexpr int64_t kRateWindowSeconds = 60;

constexpr std::string_view kNoGrant =
    "no owner grant for this account: connect it or import a token";
constexpr std::string_view kNoApp =
    "no TikTok app credential: give the plugin {\"client_key\": …, \"client_secret\": …} in its "
    "credential_file";

std::string PageTag(int page) {
  return page <= 1 ? std::string(kVideosTag) : std::string(kVideosTag) + ":" + std::to_string(page);
}

// The page number of a videos tag ("videos" is 1, "videos:3" is 3); 0 for other tags.
int PageOf(std::string_view tag) {
  if (tag == kVideosTag) return 1;
  if (tag.substr(0, kVideosTag.size() + 1) != std::string(kVideosTag) + ":") return 0;
  std::string_view digits = tag.substr(kVideosTag.size() + 1);
  int page = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), page);
  return ec == std::errc() && end == digits.data() + digits.size() && page >= 2 ? page : 0;
}

// When the response was made: its Date header, else this machine's clock.
int64_t ResponseTime(const pw_response& response) {
  if (auto date = plugin::FindHeader(response, "Date")) {
    if (std::optional<int64_t> parsed = plugin::ParseRfc822Date(*date)) return *parsed;
  }
  return static_cast<int64_t>(std::time(nullptr));
}

void EmitVideoListRequest(const Emitter& emit, const TikTokConfig& config,
                          std::string_view access_token, std::optional<int64_t> api_cursor,
                          int page) {
  plugin::RequestFields request;
  request.method = "POST";
  request.url = config.api_base_url + "/v2/video/list/?fields=" + std::string(kVideoFields);
  request.headers.emplace_back("Authorization", "Bearer " + std::string(access_token));
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = "{";
  if (api_cursor) request.body += "\"cursor\":" + std::to_string(*api_cursor) + ",";
  request.body += "\"max_count\":" + std::to_string(config.page_size) + "}";
  request.tag = PageTag(page);
  emit.Request(request);
}

void EmitTokenRequest(const Emitter& emit, const TikTokConfig& config, std::string body,
                      std::string_view tag) {
  plugin::RequestFields request;
  request.method = "POST";
  request.url = TokenUrl(config);
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.headers.emplace_back("Cache-Control", "no-cache");
  request.body = std::move(body);
  request.tag = std::string(tag);
  emit.Request(request);
}

// Checks the registered handle (a typo is a config error) and reads the owner's token.
pw_status ReadAccount(const Emitter& emit, const pw_account& account,
                      std::optional<plugin::OAuthCredential>* credential) {
  std::string_view registered = View(account.registered);
  if (!registered.empty()) {
    TikTokHandleParse handle = ParseTikTokHandle(registered);
    if (!handle.error.empty()) return emit.Error(PW_E_CONFIG, handle.error);
  }
  *credential = plugin::ParseOAuthCredential(View(account.credential));
  if (!*credential) return emit.Error(PW_E_AUTH, kNoGrant);
  return PW_OK;
}

pw_status Init(const pw_host* host, pw_str config_json, void** state) {
  Emitter emit(host);
  try {
    TikTokConfigParse parsed = ParseTikTokConfig(View(config_json));
    if (!parsed.error.empty()) return emit.Error(PW_E_CONFIG, parsed.error);
    *state = new TikTokConfig(std::move(parsed.config));
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("tiktok plugin init failed: ") + e.what());
  }
}

void Destroy(void* state) { delete static_cast<TikTokConfig*>(state); }

pw_status Plan(void* state, const pw_host* host, const pw_account* account, pw_str /*cursor*/) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const TikTokConfig*>(state);
    if (config == nullptr || account == nullptr) {
      return emit.Error(PW_E_INTERNAL, "plan called without state or account");
    }
    std::optional<plugin::OAuthCredential> credential;
    if (pw_status status = ReadAccount(emit, *account, &credential); status != PW_OK) {
      return status;
    }
    EmitVideoListRequest(emit, *config, credential->access_token, std::nullopt, 1);
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("tiktok plugin plan failed: ") + e.what());
  }
}

pw_status Resolve(void* state, const pw_host* host, const pw_account* account) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const TikTokConfig*>(state);
    if (config == nullptr || account == nullptr) {
      return emit.Error(PW_E_INTERNAL, "resolve called without state or account");
    }
    std::optional<plugin::OAuthCredential> credential;
    if (pw_status status = ReadAccount(emit, *account, &credential); status != PW_OK) {
      return status;
    }
    plugin::RequestFields request;
    request.url = UserInfoUrl(*config);
    request.headers.emplace_back("Authorization", "Bearer " + credential->access_token);
    request.tag = std::string(kResolveTag);
    emit.Request(request);
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("tiktok plugin resolve failed: ") + e.what());
  }
}

pw_status RefreshCredentials(void* state, const pw_host* host, const pw_account* account) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const TikTokConfig*>(state);
    if (config == nullptr || account == nullptr) {
      return emit.Error(PW_E_INTERNAL, "refresh_credentials called without state or account");
    }
    std::optional<plugin::OAuthApp> app = plugin::ParseOAuthApp(View(account->app_credential));
    if (!app) return emit.Error(PW_E_CONFIG, kNoApp);
    std::optional<plugin::OAuthCredential> credential =
        plugin::ParseOAuthCredential(View(account->credential));
    if (!credential) return emit.Error(PW_E_AUTH, kNoGrant);
    if (credential->refresh_token.empty()) {
      return emit.Error(PW_E_AUTH,
                        "the account's TikTok credential has no refresh token (an imported access "
                        "token cannot be renewed): connect the account again");
    }
    EmitTokenRequest(emit, *config, RefreshBody(*app, credential->refresh_token), kRefreshTag);
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("tiktok plugin refresh failed: ") + e.what());
  }
}

pw_status Authorize(void* state, const pw_host* host, const pw_account* account,
                    const pw_grant* grant) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const TikTokConfig*>(state);
    if (config == nullptr || account == nullptr || grant == nullptr) {
      return emit.Error(PW_E_INTERNAL, "authorize called without state, account or grant");
    }
    std::optional<plugin::OAuthApp> app = plugin::ParseOAuthApp(View(account->app_credential));
    if (!app) return emit.Error(PW_E_CONFIG, kNoApp);
    std::string_view redirect_uri = View(grant->redirect_uri);
    if (redirect_uri.empty()) {
      return emit.Error(PW_E_CONFIG,
                        "the grant has no redirect_uri for TikTok to send the owner "
                        "back to");
    }
    std::string_view code = View(grant->code);
    if (code.empty()) {
      std::string url = AuthorizeUrl(*config, *app, redirect_uri, View(grant->state),
                                     View(grant->code_challenge));
      if (!emit.AuthorizeUrl(url)) {
        return emit.Error(PW_E_INTERNAL, "the host cannot take an authorisation URL (ABI < 1.1)");
      }
      return PW_OK;
    }
    EmitTokenRequest(emit, *config,
                     CodeExchangeBody(*app, code, redirect_uri, View(grant->code_verifier)),
                     kGrantTag);
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("tiktok plugin authorize failed: ") + e.what());
  }
}

void HintRateLimit(const Emitter& emit, pw_status code, const pw_response& response) {
  if (code != PW_E_RATELIMITED) return;
  emit.RateLimit(0, -1, ResponseTime(response) + kRateWindowSeconds);
}

pw_status ParseVideos(const TikTokConfig& config, const Emitter& emit, const pw_account& account,
                      std::string_view cursor_text, const pw_response& response, int page_number) {
  std::optional<VideoPosition> cursor = ParsePollCursor(cursor_text);
  if (!cursor && !cursor_text.empty()) {
    emit.Log(PW_LOG_WARNING, "ignoring a cursor that is not <create_time>:<video id>");
  }
  VideoPageParse parsed = ParseVideoListPage(response.status, plugin::Body(response), cursor);
  if (parsed.code != PW_OK) {
    HintRateLimit(emit, parsed.code, response);
    return emit.Error(parsed.code, parsed.message);
  }
  const VideoPage& page = parsed.page;
  for (const plugin::PostFields& post : page.posts) emit.Post(post);
  if (page_number == 1 && page.newest) {
    bool newer = !cursor || ComparePositions(*page.newest, *cursor) > 0;
    emit.Cursor(newer ? FormatPollCursor(*page.newest) : std::string(cursor_text));
  }
  if (page.reached_cursor || page.video_count == 0 || !page.has_more || !page.next_cursor) {
    return PW_DONE;
  }
  if (page_number >= config.max_pages) {
    if (cursor) {
      emit.Log(PW_LOG_WARNING, "max_pages (" + std::to_string(config.max_pages) +
                                   ") reached before the previous poll's newest video: older new "
                                   "videos are skipped");
    }
    return PW_DONE;
  }
  std::optional<plugin::OAuthCredential> credential =
      plugin::ParseOAuthCredential(View(account.credential));
  if (!credential) return emit.Error(PW_E_AUTH, kNoGrant);
  EmitVideoListRequest(emit, config, credential->access_token, page.next_cursor, page_number + 1);
  return PW_OK;
}

pw_status ParseToken(const Emitter& emit, const pw_account& account, const pw_response& response,
                     bool grant) {
  std::optional<plugin::OAuthCredential> previous;
  if (!grant) previous = plugin::ParseOAuthCredential(View(account.credential));
  TokenParse parsed =
      ParseTokenAnswer(response.status, plugin::Body(response), ResponseTime(response),
                       previous ? &*previous : nullptr, grant ? "code exchange" : "token refresh");
  if (parsed.code != PW_OK) {
    HintRateLimit(emit, parsed.code, response);
    return emit.Error(parsed.code, parsed.message);
  }
  const plugin::OAuthCredential& credential = parsed.answer.credential;
  if (!credential.scope.empty() && !ScopeIncludes(credential.scope, "video.list")) {
    emit.Log(PW_LOG_WARNING,
             "the owner did not grant the video.list scope: polls will fail until they connect "
             "again and allow it");
  }
  if (!emit.Credential(plugin::SerializeOAuthCredential(credential), credential.expires_at,
                       credential.refresh_expires_at)) {
    return emit.Error(PW_E_INTERNAL, "the host cannot store credentials (ABI < 1.1)");
  }
  // Only the grant names the account; a refresh answers the same open_id again.
  if (grant && !parsed.answer.open_id.empty()) emit.AccountId(parsed.answer.open_id);
  return PW_DONE;
}

pw_status Parse(void* state, const pw_host* host, const pw_account* account, pw_str cursor,
                const pw_response* response) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const TikTokConfig*>(state);
    if (config == nullptr || account == nullptr || response == nullptr) {
      return emit.Error(PW_E_INTERNAL, "parse called without state, account or response");
    }
    std::string_view tag = plugin::Tag(*response);
    if (int page = PageOf(tag); page > 0) {
      return ParseVideos(*config, emit, *account, View(cursor), *response, page);
    }
    if (tag == kRefreshTag || tag == kGrantTag) {
      return ParseToken(emit, *account, *response, tag == kGrantTag);
    }
    if (tag == kResolveTag) {
      UserInfoParse parsed = ParseUserInfo(response->status, plugin::Body(*response));
      if (parsed.code != PW_OK) {
        HintRateLimit(emit, parsed.code, *response);
        return emit.Error(parsed.code, parsed.message);
      }
      emit.AccountId(parsed.open_id);
      return PW_DONE;
    }
    return emit.Error(PW_E_INTERNAL, "unexpected response tag \"" + std::string(tag) + "\"");
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("tiktok plugin parse failed: ") + e.what());
  }
}

// The Display API and token endpoint host; loopback for postwatch-sim (the daemon's SSRF
// guard allows loopback only where its config says so).
const char* const kEgressHosts[] = {"open.tiktokapis.com", "127.0.0.1", "localhost"};

const pw_plugin kTikTokPlugin = {
    sizeof(pw_plugin),
    PW_ABI_MAJOR,
    PW_ABI_MINOR,
    "tiktok",
    "0.1.0",
    "tiktok",
    "Public videos of TikTok users who granted access, through the Display API v2",
    kTikTokConfigSchema,
    kTikTokAccountSchema,
    kEgressHosts,
    sizeof(kEgressHosts) / sizeof(kEgressHosts[0]),
    0,
    Init,
    Destroy,
    Plan,
    Parse,
    Resolve,
    RefreshCredentials,
    Authorize,
};

}  // namespace

const pw_plugin* TikTokPlugin() { return &kTikTokPlugin; }

}  // namespace postwatch::tiktok
