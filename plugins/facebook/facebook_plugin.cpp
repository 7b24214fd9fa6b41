#include "facebook/facebook_plugin.h"

#include <charconv>
#include <ctime>
#include <exception>
#include <optional>
#include <string>

#include "facebook/facebook_config.h"
#include "facebook/facebook_errors.h"
#include "facebook/facebook_grant.h"
#include "facebook/facebook_page.h"
#include "facebook/facebook_posts.h"
#include "facebook/facebook_requests.h"
#include "support/emitter.h"
#include "support/http_fields.h"
#include "support/json_fields.h"
#include "support/oauth_credential.h"

namespace postwatch::facebook {
namespace {

using plugin::Emitter;
using plugin::View;

constexpr std::string_view kLookupTag = "lookup";
constexpr std::string_view kResolveTag = "resolve";
constexpr std::string_view kPostsTag = "posts";
constexpr std::string_view kNoGrant =
    "no owner grant for this account: connect it or import a token";
constexpr std::string_view kNoApp =
    "the facebook plugin has no app credential: put the Facebook App ID and App Secret as "
    "{\"client_id\": \"...\", \"client_secret\": \"...\"} in its credential file";

std::string PageTag(int page) {
  return page <= 1 ? std::string(kPostsTag) : std::string(kPostsTag) + ":" + std::to_string(page);
}

// The page number of a posts tag ("posts" is 1, "posts:3" is 3); 0 for other tags.
int PageOf(std::string_view tag) {
  if (tag == kPostsTag) return 1;
  if (tag.substr(0, kPostsTag.size() + 1) != std::string(kPostsTag) + ":") return 0;
  std::string_view digits = tag.substr(kPostsTag.size() + 1);
  int page = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), page);
  return ec == std::errc() && end == digits.data() + digits.size() && page >= 2 ? page : 0;
}

// The owner's access token from account->credential; "" when there is none.
std::string AccessToken(const pw_account& account) {
  std::optional<plugin::OAuthCredential> credential =
      plugin::ParseOAuthCredential(View(account.credential));
  return credential ? credential->access_token : std::string();
}

// The Page: the registered text parsed (so that personal profiles are always refused), with
// the canonical id, when the host has one, taking the place of a username.
PageRefParse AccountPage(const pw_account& account) {
  PageRefParse parsed = ParsePageRef(View(account.registered));
  if (parsed.code != PW_OK) return parsed;
  if (IsPageId(View(account.id))) {
    parsed.ref.id = std::string(View(account.id));
    parsed.ref.username.clear();
  }
  return parsed;
}

void EmitUsage(const Emitter& emit, const pw_response& response) {
  if (std::optional<pw_rate_limit> hint = UsageRateLimit(response, std::time(nullptr))) {
    emit.RateLimit(hint->remaining, hint->limit, hint->reset_at);
  }
}

// The error of a failed answer, or nullopt when the answer is a success without an error
// envelope (Graph API errors normally come with HTTP 400, but a 200 is not trusted blindly).
std::optional<pw_status> FailedAnswer(const Emitter& emit, const pw_response& response,
                                      std::string_view what, std::string_view secret) {
  std::optional<GraphError> error = ParseGraphError(plugin::Body(response));
  if (plugin::IsSuccess(response.status) && !error) return std::nullopt;
  ErrorVerdict verdict = ClassifyGraphError(response.status, error, what, secret);
  return emit.Error(verdict.code, verdict.message);
}

pw_status Init(const pw_host* host, pw_str config_json, void** state) {
  Emitter emit(host);
  try {
    FacebookConfigParse parsed = ParseFacebookConfig(View(config_json));
    if (!parsed.error.empty()) return emit.Error(PW_E_CONFIG, parsed.error);
    *state = new FacebookConfig(std::move(parsed.config));
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("facebook plugin init failed: ") + e.what());
  }
}

void Destroy(void* state) { delete static_cast<FacebookConfig*>(state); }

pw_status Plan(void* state, const pw_host* host, const pw_account* account, pw_str /*cursor*/) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const FacebookConfig*>(state);
    if (config == nullptr || account == nullptr) {
      return emit.Error(PW_E_INTERNAL, "plan called without state or account");
    }
    PageRefParse page = AccountPage(*account);
    if (page.code != PW_OK) return emit.Error(page.code, page.error);
    std::string token = AccessToken(*account);
    if (token.empty()) return emit.Error(PW_E_AUTH, kNoGrant);
    if (!page.ref.id.empty()) {
      emit.Request(GraphGet(PostsUrl(*config, page.ref.id, ""), token, PageTag(1)));
    } else {
      emit.Request(GraphGet(PageLookupUrl(*config, page.ref.username), token, kLookupTag));
    }
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("facebook plugin plan failed: ") + e.what());
  }
}

pw_status Resolve(void* state, const pw_host* host, const pw_account* account) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const FacebookConfig*>(state);
    if (config == nullptr || account == nullptr) {
      return emit.Error(PW_E_INTERNAL, "resolve called without state or account");
    }
    PageRefParse page = ParsePageRef(View(account->registered));
    if (page.code != PW_OK) return emit.Error(page.code, page.error);
    std::string token = AccessToken(*account);
    if (token.empty()) {
      if (page.ref.id.empty()) {
        return emit.Error(PW_E_AUTH, "the Page username " + page.ref.username +
                                         " can be looked up only with the owner's grant; " +
                                         std::string(kNoGrant));
      }
      emit.AccountId(page.ref.id);
      return PW_DONE;
    }
    emit.Request(GraphGet(PageLookupUrl(*config, page.ref.node()), token, kResolveTag));
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("facebook plugin resolve failed: ") + e.what());
  }
}

pw_status Authorize(void* state, const pw_host* host, const pw_account* account,
                    const pw_grant* grant) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const FacebookConfig*>(state);
    if (config == nullptr || account == nullptr || grant == nullptr) {
      return emit.Error(PW_E_INTERNAL, "authorize called without state, account or grant");
    }
    PageRefParse page = AccountPage(*account);
    if (page.code != PW_OK) return emit.Error(page.code, page.error);
    std::optional<plugin::OAuthApp> app = plugin::ParseOAuthApp(View(account->app_credential));
    if (!app) return emit.Error(PW_E_CONFIG, kNoApp);
    std::string_view redirect_uri = View(grant->redirect_uri);
    if (redirect_uri.empty()) return emit.Error(PW_E_CONFIG, "the grant has no redirect_uri");
    std::string_view code = View(grant->code);
    if (code.empty()) {
      if (!emit.AuthorizeUrl(
              AuthorizeUrl(*config, app->client_id, redirect_uri, View(grant->state)))) {
        return emit.Error(PW_E_INTERNAL, "the host cannot take an authorisation URL");
      }
      return PW_DONE;
    }
    emit.Request(CodeExchangeRequest(*config, *app, redirect_uri, code));
    return PW_OK;
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("facebook plugin authorize failed: ") + e.what());
  }
}

pw_status ParseGrant(const FacebookConfig& config, const Emitter& emit, const pw_account& account,
                     const pw_response& response, std::string_view tag) {
  std::optional<plugin::OAuthApp> app = plugin::ParseOAuthApp(View(account.app_credential));
  const std::string secret = app ? app->client_secret : std::string();
  const std::string_view what = tag == kGrantCodeTag        ? "Facebook grant: code exchange"
                                : tag == kGrantLongLivedTag ? "Facebook grant: long-lived token"
                                                            : "Facebook grant: Page token";
  if (std::optional<pw_status> failed = FailedAnswer(emit, response, what, secret)) {
    // Throttling stays a rate limit; every other refusal means the grant did not work.
    return *failed == PW_E_RATELIMITED ? *failed : PW_E_AUTH;
  }
  if (tag == kGrantPageTag) {
    std::optional<PageToken> page_token = ParsePageToken(plugin::Body(response));
    if (!page_token) return emit.Error(PW_E_LAYOUT, std::string(what) + ": not a Page with an id");
    if (page_token->access_token.empty()) {
      return emit.Error(PW_E_AUTH, std::string(what) +
                                       ": the person who granted access has no "
                                       "role on Page " +
                                       page_token->page_id + ": a Page admin must connect it");
    }
    plugin::OAuthCredential credential;
    credential.access_token = page_token->access_token;
    credential.scope = std::string(kGrantScopes);
    // A Page token from a long-lived user token does not expire.
    if (!emit.Credential(plugin::SerializeOAuthCredential(credential), 0, 0)) {
      return emit.Error(PW_E_INTERNAL, "the host cannot take a credential");
    }
    emit.AccountId(page_token->page_id);
    return PW_DONE;
  }
  std::optional<UserToken> user_token = ParseUserToken(plugin::Body(response));
  if (!user_token) return emit.Error(PW_E_LAYOUT, std::string(what) + ": no access_token");
  if (tag == kGrantCodeTag) {
    if (!app) return emit.Error(PW_E_CONFIG, kNoApp);
    emit.Request(LongLivedRequest(config, *app, user_token->access_token));
    return PW_OK;
  }
  PageRefParse page = AccountPage(account);
  if (page.code != PW_OK) return emit.Error(page.code, page.error);
  emit.Request(PageTokenRequest(config, page.ref.node(), user_token->access_token));
  return PW_OK;
}

pw_status ParseLookup(const FacebookConfig& config, const Emitter& emit,
                      const pw_response& response, std::string_view token, bool then_posts) {
  if (auto failed = FailedAnswer(emit, response, "Page lookup", token)) return *failed;
  plugin::JsonParse json = plugin::ParseJson(plugin::Body(response));
  if (!json.ok()) return emit.Error(PW_E_PARSE, "the Page lookup is not JSON: " + json.error);
  std::string id = plugin::JsonScalarText(json.doc, "id").value_or("");
  if (!IsPageId(id)) return emit.Error(PW_E_LAYOUT, "the Page lookup answered no Page id");
  emit.AccountId(id);
  if (!then_posts) return PW_DONE;
  emit.Request(GraphGet(PostsUrl(config, id, ""), token, PageTag(1)));
  return PW_OK;
}

pw_status ParsePosts(const FacebookConfig& config, const Emitter& emit, const pw_account& account,
                     std::string_view cursor_text, const pw_response& response,
                     std::string_view token, int page_number) {
  std::string page_id = PageIdInPostsUrl(View(response.url));
  if (page_id.empty()) page_id = AccountPage(account).ref.id;
  if (auto failed = FailedAnswer(emit, response, "posts of Page " + page_id, token)) {
    return *failed;
  }
  std::optional<PostsCursor> cursor = ParsePostsCursor(cursor_text);
  if (!cursor && !cursor_text.empty() && page_number == 1) {
    emit.Log(PW_LOG_WARNING, "ignoring an unreadable cursor; reading the newest posts again");
  }
  PostsParse parsed = ParsePostsPage(plugin::Body(response), cursor);
  if (parsed.code != PW_OK) return emit.Error(parsed.code, parsed.message);
  const PostsPage& page = parsed.page;
  for (const plugin::PostFields& post : page.posts) emit.Post(post);
  if (page_number == 1 && page.newest) {
    emit.Cursor(FormatPostsCursor(NewerCursor(cursor, *page.newest)));
  }
  if (page.reached_cursor || page.post_count == 0 || !page.has_next || page.after.empty()) {
    return PW_DONE;
  }
  if (page_number >= config.max_pages) {
    if (cursor) {
      emit.Log(PW_LOG_WARNING, "max_pages (" + std::to_string(config.max_pages) +
                                   ") reached before the previous poll's newest post: older new "
                                   "posts are skipped");
    }
    return PW_DONE;
  }
  if (page_id.empty()) return emit.Error(PW_E_INTERNAL, "cannot tell the Page id for paging");
  emit.Request(GraphGet(PostsUrl(config, page_id, page.after), token, PageTag(page_number + 1)));
  return PW_OK;
}

pw_status Parse(void* state, const pw_host* host, const pw_account* account, pw_str cursor,
                const pw_response* response) {
  Emitter emit(host);
  try {
    const auto* config = static_cast<const FacebookConfig*>(state);
    if (config == nullptr || account == nullptr || response == nullptr) {
      return emit.Error(PW_E_INTERNAL, "parse called without state, account or response");
    }
    EmitUsage(emit, *response);
    std::string_view tag = plugin::Tag(*response);
    if (tag == kGrantCodeTag || tag == kGrantLongLivedTag || tag == kGrantPageTag) {
      return ParseGrant(*config, emit, *account, *response, tag);
    }
    std::string token = AccessToken(*account);
    if (tag == kLookupTag || tag == kResolveTag) {
      if (token.empty()) return emit.Error(PW_E_AUTH, kNoGrant);
      return ParseLookup(*config, emit, *response, token, tag == kLookupTag);
    }
    if (int page = PageOf(tag); page > 0) {
      if (token.empty()) return emit.Error(PW_E_AUTH, kNoGrant);
      return ParsePosts(*config, emit, *account, View(cursor), *response, token, page);
    }
    return emit.Error(PW_E_INTERNAL, "unexpected response tag \"" + std::string(tag) + "\"");
  } catch (const std::exception& e) {
    return emit.Error(PW_E_INTERNAL, std::string("facebook plugin parse failed: ") + e.what());
  }
}

// The Graph API (and its token endpoint) and the web host of the authorisation dialog, which
// the owner's browser visits (listed so that a host checking the connect link accepts it);
// and loopback, so that base_url can point at postwatch-sim (egress_hosts is static; the
// fetch engine's SSRF guard still refuses loopback unless the operator lists it in fetch.allow).
const char* const kEgressHosts[] = {"graph.facebook.com", "www.facebook.com", "127.0.0.1",
                                    "localhost"};

const pw_plugin kFacebookPlugin = {
    sizeof(pw_plugin),
    PW_ABI_MAJOR,
    PW_ABI_MINOR,
    "facebook",
    "0.1.0",
    "facebook",
    "Posts of Facebook Pages through the Graph API, with the Page token its owner granted",
    kFacebookConfigSchema,
    kFacebookAccountSchema,
    kEgressHosts,
    4,
    0,
    Init,
    Destroy,
    Plan,
    Parse,
    Resolve,
    nullptr,  // refresh_credentials: Facebook has no refresh tokens
    Authorize,
};

}  // namespace

const pw_plugin* FacebookPlugin() { return &kFacebookPlugin; }

}  // namespace postwatch::facebook
