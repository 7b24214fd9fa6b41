// TikTok Login Kit (OAuth 2.0 v2): the authorisation URL, the token requests and the token
// answers, as plain functions of their inputs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "postwatch/plugin_api.h"
#include "support/oauth_credential.h"
#include "tiktok/tiktok_config.h"

namespace postwatch::tiktok {

// The scopes the plugin asks for: the user's open_id (user.info.basic) and their public
// videos (video.list).
inline constexpr std::string_view kScopes = "user.info.basic,video.list";

// <auth_base_url>/v2/auth/authorize/?client_key=…&scope=…&response_type=code&redirect_uri=…
// &state=…[&code_challenge=…&code_challenge_method=S256] (the PKCE pair only when
// `code_challenge` is not empty). Every value is percent-encoded.
std::string AuthorizeUrl(const TikTokConfig& config, const plugin::OAuthApp& app,
                         std::string_view redirect_uri, std::string_view state,
                         std::string_view code_challenge);

// <api_base_url>/v2/oauth/token/: code exchange and refresh.
std::string TokenUrl(const TikTokConfig& config);

// The form body of the code exchange (grant_type=authorization_code; code_verifier only when
// not empty) and of a refresh (grant_type=refresh_token).
std::string CodeExchangeBody(const plugin::OAuthApp& app, std::string_view code,
                             std::string_view redirect_uri, std::string_view code_verifier);
std::string RefreshBody(const plugin::OAuthApp& app, std::string_view refresh_token);

// What a token answer grants.
struct TokenAnswer {
  plugin::OAuthCredential credential;
  std::string open_id;  // the user's id for this app; "" when absent
};

struct TokenParse {
  TokenAnswer answer;
  pw_status code = PW_OK;
  std::string message;
};

// Parses a token endpoint answer {"access_token","expires_in","open_id","refresh_expires_in",
// "refresh_token","scope","token_type"} received at Unix time `now` (expiries are now +
// lifetime). `previous` is the credential being refreshed, or null: its refresh token and
// refresh expiry are kept when the answer has none. Failures: the OAuth error shape
// (CheckTokenResponse), bytes that are not JSON (PW_E_PARSE), JSON without an access_token
// (PW_E_LAYOUT). `what` names the step in messages ("token refresh"). Thread-safe.
TokenParse ParseTokenAnswer(int http_status, std::string_view body, int64_t now,
                            const plugin::OAuthCredential* previous, std::string_view what);

// True when the comma- or space-separated `scope` list names `wanted`.
bool ScopeIncludes(std::string_view scope, std::string_view wanted);

}  // namespace postwatch::tiktok
