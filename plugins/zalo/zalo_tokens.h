// Zalo's OAuth v4 for Official Accounts: the owner's permission page, and the token endpoint
// that exchanges a code (with the PKCE verifier) or a refresh token for a token pair.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "support/emitter.h"
#include "support/oauth_credential.h"
#include "zalo/zalo_config.h"

namespace postwatch::zalo {

// Zalo documents OA refresh tokens as valid for three months, and single use.
inline constexpr int64_t kRefreshLifetimeS = 90 * 86400;

// <authorize_base_url>/v4/oa/permission?app_id=…&redirect_uri=…&code_challenge=…&state=…
// (code_challenge and state omitted when empty). Thread-safe.
std::string AuthorizeUrl(const ZaloConfig& config, std::string_view app_id,
                         std::string_view redirect_uri, std::string_view code_challenge,
                         std::string_view state);

// POST <oauth_base_url>/v4/oa/access_token with the header `secret_key: <app secret>` and the
// form body refresh_token=…&app_id=…&grant_type=refresh_token. Thread-safe.
plugin::RequestFields RefreshRequest(const ZaloConfig& config, const plugin::OAuthApp& app,
                                     std::string_view refresh_token, std::string_view tag);

// The same endpoint with code=…&app_id=…&grant_type=authorization_code[&code_verifier=…].
plugin::RequestFields CodeRequest(const ZaloConfig& config, const plugin::OAuthApp& app,
                                  std::string_view code, std::string_view code_verifier,
                                  std::string_view tag);

// The credential in a token answer already checked by CheckTokenAnswer: access_token,
// refresh_token (the previous one when the answer has none), expires_at = now + expires_in
// (seconds, an integer or a numeric string as Zalo sends it; 0 when absent),
// refresh_expires_at = now + refresh_token_expires_in when given, else now +
// kRefreshLifetimeS for a new refresh token, else the previous value. Thread-safe.
plugin::OAuthCredential CredentialFromAnswer(const rapidjson::Value& answer,
                                             const plugin::OAuthCredential& previous, int64_t now);

}  // namespace postwatch::zalo
