// The owner's grant on Facebook: the authorisation dialog URL, the token requests of the
// classic code flow (Facebook has no PKCE and no refresh tokens), and their answers.
//
//   1. browser: <dialog>/<v>/dialog/oauth?client_id&redirect_uri&state&scope&response_type=code
//   2. POST <graph>/<v>/oauth/access_token  client_id, redirect_uri, client_secret, code
//        -> {"access_token": short-lived user token, "token_type": "bearer", "expires_in": N}
//   3. POST <graph>/<v>/oauth/access_token  grant_type=fb_exchange_token, client_id,
//        client_secret, fb_exchange_token -> a long-lived (about 60 days) user token
//   4. GET <graph>/<v>/<page>?fields=id,name,access_token  (Bearer: the long-lived user token)
//        -> {"id": page id, "name": ..., "access_token": Page token}
// A Page token obtained from a long-lived user token does not expire, so the credential the
// plugin stores is the Page token with expires_at 0. Form bodies keep the app secret and the
// code out of URLs (and so out of logs).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "facebook/facebook_config.h"
#include "support/emitter.h"
#include "support/oauth_credential.h"

namespace postwatch::facebook {

// The scopes a Page's posts need.
inline constexpr std::string_view kGrantScopes = "pages_show_list,pages_read_engagement";

// Request tags of the grant steps.
inline constexpr std::string_view kGrantCodeTag = "grant";
inline constexpr std::string_view kGrantLongLivedTag = "grant:long";
inline constexpr std::string_view kGrantPageTag = "grant:page";

// Step 1's URL. Thread-safe.
std::string AuthorizeUrl(const FacebookConfig& config, std::string_view client_id,
                         std::string_view redirect_uri, std::string_view state);

// Step 2: the code exchange. Thread-safe.
plugin::RequestFields CodeExchangeRequest(const FacebookConfig& config, const plugin::OAuthApp& app,
                                          std::string_view redirect_uri, std::string_view code);

// Step 3: the short-lived user token exchanged for a long-lived one. Thread-safe.
plugin::RequestFields LongLivedRequest(const FacebookConfig& config, const plugin::OAuthApp& app,
                                       std::string_view user_token);

// Step 4: the Page's own token, read with the user token. `page_node` is a Page id or
// username. Thread-safe.
plugin::RequestFields PageTokenRequest(const FacebookConfig& config, std::string_view page_node,
                                       std::string_view user_token);

// A token answer of steps 2 and 3: {"access_token","token_type","expires_in"}.
struct UserToken {
  std::string access_token;
  int64_t expires_in = 0;  // seconds; 0 when absent
};

// Step 4's answer: the Page token and the Page's id.
struct PageToken {
  std::string page_id;
  std::string access_token;
};

// nullopt when the body is not JSON or has no non-empty access_token. Thread-safe.
std::optional<UserToken> ParseUserToken(std::string_view body);
// nullopt when the body is not JSON or has no Page id; access_token "" when the granting
// user has no role on the Page (Facebook then leaves the field out). Thread-safe.
std::optional<PageToken> ParsePageToken(std::string_view body);

}  // namespace postwatch::facebook
