// The error shapes of TikTok's API v2, mapped to plugin statuses.
//
// Display API answers carry {"error": {"code": "ok"|<code>, "message": "...", "log_id": "..."}}
// next to "data"; the token endpoint answers failures as {"error": "<oauth error>",
// "error_description": "...", "log_id": "..."}. Messages built here name the code, the HTTP
// status, TikTok's own message and the log_id (which TikTok support asks for), never a token.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

#include "postwatch/plugin_api.h"

namespace postwatch::tiktok {

// A failure read from a response; code PW_OK when there is none.
struct ApiFailure {
  pw_status code = PW_OK;
  std::string message;
};

// The status of a Display API error code:
//   ok                                                           PW_OK
//   access_token_invalid, scope_not_authorized,
//   scope_permission_missed                                      PW_E_AUTH
//   rate_limit_exceeded                                          PW_E_RATELIMITED
//   invalid_params                                               PW_E_CONFIG
//   anything else (internal_error, unknown codes)                PW_E_PARSE
pw_status StatusOfApiErrorCode(std::string_view code);

// Checks a Display API response. `doc` is the parsed body, or null when the body is not
// JSON. A failure when the body's error.code is not "ok" (whatever the HTTP status), or when
// the HTTP status is not 2xx (without a usable error object the status decides: 401/403
// PW_E_AUTH, 429 PW_E_RATELIMITED, others PW_E_PARSE). `what` names the request in the
// message ("video list"). Thread-safe.
ApiFailure CheckApiResponse(int http_status, const rapidjson::Value* doc, std::string_view what);

// The status of a token endpoint error ("error" string):
//   invalid_grant, access_denied                      PW_E_AUTH (the owner must connect again)
//   invalid_client, unauthorized_client, invalid_scope,
//   invalid_request, unsupported_grant_type,
//   unsupported_response_type                         PW_E_CONFIG (the operator's app)
//   rate_limit_exceeded                               PW_E_RATELIMITED
//   anything else                                     PW_E_PARSE
pw_status StatusOfOAuthError(std::string_view error);

// Checks a token endpoint response the same way as CheckApiResponse, for the OAuth shape.
// A 2xx body without an "error" string is not a failure. Thread-safe.
ApiFailure CheckTokenResponse(int http_status, const rapidjson::Value* doc, std::string_view what);

// `text` with every word that looks like a TikTok token ("act.…", "rft.…", "clt.…")
// replaced by "[redacted]", cut to at most 300 bytes: for platform messages copied into
// errors.
std::string RedactTokens(std::string_view text);

}  // namespace postwatch::tiktok
