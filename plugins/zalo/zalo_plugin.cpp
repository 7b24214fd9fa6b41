#include "zalo/zalo_plugin.h"

#include <libxml/parser.h>

#include <charconv>
#include <ctime>
#include <exception>
#include <mutex>
#include <optional>
#include <string>

#include "support/emitter.h"
#include "support/http_fields.h"
#include "support/json_fields.h"
#include "support/oauth_credential.h"
#include "zalo/zalo_account.h"
#include "zalo/zalo_articles.h"
#include "zalo/zalo_config.h"
#include "zalo/zalo_envelope.h"
#include "zalo/zalo_tokens.h"

namespace postwatch::zalo {
namespace {

using plugin::Emitter;
using plugin::View;

constexpr std::string_view kSliceTag = "slice:";
constexpr std::string_view kTakeTag = "take:";
constexpr std::string_view kDetailTag = "detail:";
constexpr std::string_view kRefreshTag = "refresh";
constexpr std::string_view kGrantTag = "grant";
constexpr std::string_view kNoGrant =
    "no owner grant for this account: connect it or import a token";
constexpr std::string_view kNoApp =
    "the zalo plugin needs the operator's Zalo app credential {\"app_id\": \"…\", "
    "\"secret_key\": \"…\"} (the plugin's credential_file)";
// Zalo's daily quotas reset at midnight in Vietnam (UTC+7).
constexpr int64_t kVietnamOffsetS = 7 * 3600;

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

// One call's context: the config, the account's OA id and its credential.
struct Call {
  const ZaloConfig* config = nullptr;
  std::string oa_id;
  std::optional<plugin::OAuthCredential> credential;
};

// Checks state and account; fills `call`. Returns PW_OK or the error already set.
pw_status Begin(void* state, const Emitter& emit, const pw_account* account, Call& call) {
  call.config = static_cast<const ZaloConfig*>(state);
  if (call.config == nullptr || account == nullptr) {
    return emit.Error(PW_E_INTERNAL, "called without state or account");
  }
  OaParse oa = ParseOaAccount(View(account->registered));
  if (oa.code != PW_OK) return emit.Error(oa.code, oa.error);
  call.oa_id = std::move(oa.oa_id);
  call.credential = plugin::ParseOAuthCredential(View(account->credential));
  return PW_OK;
}

// The tokens of the call's credential, for Redact().
std::string_view AccessToken(const Call& call) {
  return call.credential ? std::string_view(call.credential->access_token) : std::string_view();
}
std::string_view RefreshToken(const Call& call) {
  return call.credential ? std::string_view(call.credential->refresh_token) : std::string_view();
}

pw_status Fail(const Emitter& emit, const Call& call, pw_status code, std::string message) {
  return emit.Error(code, Redact(std::move(message), {AccessToken(call), RefreshToken(call)}));
}

void EmitApiRequest(const Emitter& emit, const Call& call, std::string url, std::string tag) {
  plugin::RequestFields request;
  request.url = std::move(url);
  request.headers.emplace_back("access_token", call.credential->access_token);
  request.headers.emplace_back("Accept", "application/json");
  request.tag = std::move(tag);
  emit.Request(request);
}

void EmitSlice(const Emitter& emit, const Call& call, std::string_view tag_prefix, int64_t offset) {
  EmitApiRequest(emit, call,
                 call.config->api_base_url +
                     "/v2.0/article/getslice?offset=" + std::to_string(offset) +
                     "&limit=" + std::to_string(call.config->page_limit) + "&type=normal",
                 std::string(tag_prefix) + std::to_string(offset));
}

void EmitDetail(const Emitter& emit, const Call& call, const ArticleKey& key) {
  EmitApiRequest(emit, call,
                 call.config->api_base_url +
                     "/v2.0/article/getdetail?id=" + plugin::PercentEncodeComponent(key.id),
                 std::string(kDetailTag) + FormatCursor(key));
}

// The number after `prefix` in `tag`; nullopt when the tag is not prefix + digits.
std::optional<int64_t> TagNumber(std::string_view tag, std::string_view prefix) {
  if (tag.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::string_view digits = tag.substr(prefix.size());
  int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

// Tells the host when a rate-limited app may call again: -32 is per minute, -211 a daily
// quota that resets at midnight in Vietnam.
void EmitRateLimitHint(const Emitter& emit, int64_t error) {
  int64_t now = Now();
  if (error == -211) {
    int64_t local = now + kVietnamOffsetS;
    emit.RateLimit(0, -1, (local / 86400 + 1) * 86400 - kVietnamOffsetS);
  } else {
    emit.RateLimit(0, -1, now + 60);
  }
}

// Parses an OA Open API answer; on success `json` holds it. Returns PW_OK or the error set.
pw_status ReadApiAnswer(const Emitter& emit, const Call& call, const pw_response& response,
                        std::string_view what, plugin::JsonParse& json, int64_t* error) {
  json = plugin::ParseJson(plugin::Body(response));
  EnvelopeCheck check = CheckApiEnvelope(response.status, json.doc, json.ok(), what);
  *error = check.error;
  if (check.code == PW_OK) return PW_OK;
  if (check.code == PW_E_RATELIMITED) EmitRateLimitHint(emit, check.error);
  return Fail(emit, call, check.code, check.message);
}

pw_status Init(const pw_host* host, pw_str config_json, void** state) {
  Emitter emit(host);
  try {
    static std::once_flag xml_init;
    std::call_once(xml_init, [] { xmlInitParser(); });
    ZaloConfigParse parsed = ParseZaloConfig(View(config_json));
    if (!parsed.error.empty()) return emit.Error(PW_E_CONFIG, parsed.error);
    *state = new ZaloConfig(std::move(parsed.config));
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("zalo plugin init failed: ") + e.what());
  }
}

void Destroy(void* state) { delete static_cast<ZaloConfig*>(state); }

pw_status Plan(void* state, const pw_host* host, const pw_account* account, pw_str /*cursor*/) {
  Emitter emit(host);
  try {
    Call call;
    if (pw_status begun = Begin(state, emit, account, call); begun != PW_OK) return begun;
    if (!call.credential) return emit.Error(PW_E_AUTH, kNoGrant);
    EmitSlice(emit, call, kSliceTag, 0);
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("zalo plugin plan failed: ") + e.what());
  }
}

pw_status Resolve(void* state, const pw_host* host, const pw_account* account) {
  Emitter emit(host);
  try {
    Call call;
    if (pw_status begun = Begin(state, emit, account, call); begun != PW_OK) return begun;
    emit.AccountId(call.oa_id);
    return PW_DONE;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("zalo plugin resolve failed: ") + e.what());
  }
}

// Reads the new articles of the page chosen for this poll: inline when the listing carried
// every body, else one detail request each, oldest first.
pw_status TakePage(const Emitter& emit, const Call& call, const SlicePage& page) {
  if (page.fresh.empty()) return PW_DONE;
  bool inline_bodies = true;
  for (const ListedArticle& article : page.fresh) inline_bodies = inline_bodies && article.post;
  if (inline_bodies) {
    for (const ListedArticle& article : page.fresh) {
      emit.Post(*article.post);
      emit.Cursor(FormatCursor(article.key));
    }
    return PW_DONE;
  }
  for (const ListedArticle& article : page.fresh) EmitDetail(emit, call, article.key);
  return PW_OK;
}

pw_status ParseSlice(const Emitter& emit, const Call& call, std::string_view cursor_text,
                     const pw_response& response, int64_t offset, bool take) {
  plugin::JsonParse json;
  int64_t error = 0;
  pw_status read = ReadApiAnswer(emit, call, response, "article listing", json, &error);
  if (read != PW_OK) return read;
  std::optional<ArticleKey> cursor = ParseCursor(cursor_text);
  if (!cursor && !cursor_text.empty()) {
    emit.Log(PW_LOG_WARNING, "ignoring a cursor that is not <create_ms>:<id>: " +
                                 std::string(cursor_text.substr(0, 80)));
  }
  SliceParse parsed = ParseSliceData(*plugin::JsonMember(json.doc, "data"), cursor);
  if (parsed.code != PW_OK) return Fail(emit, call, parsed.code, parsed.message);
  const SlicePage& page = parsed.page;
  if (take) return TakePage(emit, call, page);
  const int64_t limit = call.config->page_limit;
  const int64_t page_number = offset / limit + 1;
  const bool listing_ends =
      page.media_count < static_cast<size_t>(limit) ||
      (page.total && offset + static_cast<int64_t>(page.media_count) >= *page.total);
  const bool out_of_pages = page_number >= call.config->max_pages;
  if (cursor && !page.reached_cursor && !listing_ends && !out_of_pages) {
    EmitSlice(emit, call, kSliceTag, offset + limit);
    return PW_OK;
  }
  if (cursor && !page.reached_cursor && !listing_ends && out_of_pages) {
    emit.Log(PW_LOG_WARNING, "max_pages (" + std::to_string(call.config->max_pages) +
                                 ") reached before the previous poll's newest article: older "
                                 "new articles are skipped");
  }
  if (page.fresh.empty() && offset > 0) {
    // The walk ended one page past the newest unread articles: read that page again.
    EmitSlice(emit, call, kTakeTag, offset - limit);
    return PW_OK;
  }
  return TakePage(emit, call, page);
}

pw_status ParseDetail(const Emitter& emit, const Call& call, const pw_response& response,
                      std::string_view key_text) {
  std::optional<ArticleKey> key = ParseCursor(key_text);
  if (!key) return emit.Error(PW_E_INTERNAL, "malformed detail tag");
  plugin::JsonParse json;
  int64_t error = 0;
  pw_status read =
      ReadApiAnswer(emit, call, response, "article detail of " + key->id, json, &error);
  if (read == PW_E_CONFIG && (error == -201 || error == -210)) {
    // The article went away between the listing and its detail; the poll goes on.
    emit.Log(PW_LOG_WARNING, "article " + key->id + " could not be read; skipped");
    return PW_OK;
  }
  if (read != PW_OK) return read;
  DetailParse parsed = ParseArticleData(*plugin::JsonMember(json.doc, "data"), *key, "");
  if (parsed.code != PW_OK) return Fail(emit, call, parsed.code, parsed.message);
  if (parsed.post) emit.Post(*parsed.post);
  emit.Cursor(FormatCursor(*key));
  return PW_OK;
}

pw_status ParseToken(const Emitter& emit, const Call& call, const pw_response& response,
                     std::string_view what) {
  plugin::JsonParse json = plugin::ParseJson(plugin::Body(response));
  EnvelopeCheck check = CheckTokenAnswer(response.status, json.doc, json.ok(), what);
  if (check.code != PW_OK) return Fail(emit, call, check.code, check.message);
  plugin::OAuthCredential fresh =
      CredentialFromAnswer(json.doc, call.credential.value_or(plugin::OAuthCredential()), Now());
  if (!emit.Credential(plugin::SerializeOAuthCredential(fresh), fresh.expires_at,
                       fresh.refresh_expires_at)) {
    return emit.Error(PW_E_INTERNAL, "the host cannot store credentials (plugin ABI < 1.1)");
  }
  return PW_DONE;
}

pw_status Parse(void* state, const pw_host* host, const pw_account* account, pw_str cursor,
                const pw_response* response) {
  Emitter emit(host);
  try {
    Call call;
    if (pw_status begun = Begin(state, emit, account, call); begun != PW_OK) return begun;
    if (response == nullptr) return emit.Error(PW_E_INTERNAL, "parse called without response");
    std::string_view tag = plugin::Tag(*response);
    if (tag == kRefreshTag) return ParseToken(emit, call, *response, "token refresh");
    if (tag == kGrantTag) return ParseToken(emit, call, *response, "code exchange");
    if (!call.credential) return emit.Error(PW_E_AUTH, kNoGrant);
    if (auto offset = TagNumber(tag, kSliceTag)) {
      return ParseSlice(emit, call, View(cursor), *response, *offset, false);
    }
    if (auto offset = TagNumber(tag, kTakeTag)) {
      return ParseSlice(emit, call, View(cursor), *response, *offset, true);
    }
    if (tag.substr(0, kDetailTag.size()) == kDetailTag) {
      return ParseDetail(emit, call, *response, tag.substr(kDetailTag.size()));
    }
    return emit.Error(PW_E_INTERNAL, "unexpected response tag \"" + std::string(tag) + "\"");
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("zalo plugin parse failed: ") + e.what());
  }
}

pw_status RefreshCredentials(void* state, const pw_host* host, const pw_account* account) {
  Emitter emit(host);
  try {
    Call call;
    if (pw_status begun = Begin(state, emit, account, call); begun != PW_OK) return begun;
    if (!call.credential) return emit.Error(PW_E_AUTH, kNoGrant);
    if (call.credential->refresh_token.empty()) {
      return emit.Error(PW_E_AUTH,
                        "the account's Zalo credential has no refresh token: the owner must "
                        "connect the OA again, or an admin imports a new token pair");
    }
    std::optional<plugin::OAuthApp> app = plugin::ParseOAuthApp(View(account->app_credential));
    if (!app) return emit.Error(PW_E_CONFIG, kNoApp);
    emit.Request(RefreshRequest(*call.config, *app, call.credential->refresh_token, kRefreshTag));
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("zalo plugin refresh failed: ") + e.what());
  }
}

pw_status Authorize(void* state, const pw_host* host, const pw_account* account,
                    const pw_grant* grant) {
  Emitter emit(host);
  try {
    Call call;
    if (pw_status begun = Begin(state, emit, account, call); begun != PW_OK) return begun;
    if (grant == nullptr) return emit.Error(PW_E_INTERNAL, "authorize called without a grant");
    std::optional<plugin::OAuthApp> app = plugin::ParseOAuthApp(View(account->app_credential));
    if (!app) return emit.Error(PW_E_CONFIG, kNoApp);
    std::string_view code = View(grant->code);
    if (code.empty()) {
      std::string_view redirect_uri = View(grant->redirect_uri);
      if (redirect_uri.empty()) {
        return emit.Error(PW_E_CONFIG, "the grant has no redirect_uri for Zalo to return to");
      }
      if (!emit.AuthorizeUrl(AuthorizeUrl(*call.config, app->client_id, redirect_uri,
                                          View(grant->code_challenge), View(grant->state)))) {
        return emit.Error(PW_E_INTERNAL, "the host cannot take an authorisation URL (ABI < 1.1)");
      }
      return PW_DONE;
    }
    emit.Request(CodeRequest(*call.config, *app, code, View(grant->code_verifier), kGrantTag));
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("zalo plugin authorize failed: ") + e.what());
  }
}

// The OA Open API and the OAuth server; loopback so that the base URLs can point at
// postwatch-sim (the daemon's SSRF guard still refuses loopback unless fetch.allow lists it).
const char* const kEgressHosts[] = {"openapi.zalo.me", "oauth.zaloapp.com", "127.0.0.1",
                                    "localhost"};

const pw_plugin kZaloPlugin = {
    sizeof(pw_plugin),
    PW_ABI_MAJOR,
    PW_ABI_MINOR,
    "zalo",
    "0.1.0",
    "zalo",
    "Articles of Zalo Official Accounts through the OA Open API, with the owner's grant",
    kZaloConfigSchema,
    kZaloAccountSchema,
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

const pw_plugin* ZaloPlugin() { return &kZaloPlugin; }

}  // namespace postwatch::zalo
