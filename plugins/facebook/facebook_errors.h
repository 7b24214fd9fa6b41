// The Graph API's error envelope and usage headers, mapped to postwatch's results.
//
//   {"error": {"message": "...", "type": "OAuthException", "code": 190,
//              "error_subcode": 463, "fbtrace_id": "AbC..."}}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "postwatch/plugin_api.h"

namespace postwatch::facebook {

struct GraphError {
  int64_t code = 0;
  int64_t subcode = 0;  // error_subcode; 0 when absent
  std::string type;     // "OAuthException", "GraphMethodException", ...
  std::string message;  // at most 300 bytes
  std::string fbtrace_id;
};

// The error object of a Graph API body; nullopt when the body is not JSON or has no "error"
// object with a numeric code. Thread-safe.
std::optional<GraphError> ParseGraphError(std::string_view body);

struct ErrorVerdict {
  pw_status code = PW_E_PARSE;
  std::string message;
};

// Maps a failed answer (a non-2xx HTTP status, or a 200 with an error body) to a result:
//   codes 4, 17, 32, 613 and 80000..80014 (throttling)              -> PW_E_RATELIMITED
//   190 (expired/invalid/revoked token, any subcode), 102, 104, 10,
//   200..299 (permissions), 2500                                     -> PW_E_AUTH
//   100 with subcode 33 or a "does not exist" message, 803           -> PW_E_GONE
//   100 "nonexisting field"                                          -> PW_E_LAYOUT
//   no envelope: HTTP 401/403 -> PW_E_AUTH, 404/410 -> PW_E_GONE, 429 -> PW_E_RATELIMITED
//   anything else                                                    -> PW_E_PARSE
// `what` names the step ("posts of Page 123") and starts the message, which quotes the
// platform's code, subcode, type, message and fbtrace_id. `secret`, when not empty, is
// replaced by "[redacted]" wherever the platform's message echoes it. Thread-safe.
ErrorVerdict ClassifyGraphError(int http_status, const std::optional<GraphError>& error,
                                std::string_view what, std::string_view secret);

// True for the Graph API's throttling codes (see ClassifyGraphError).
bool IsRateLimitCode(int64_t code);

// Replaces every occurrence of `secret` (when non-empty) in `text` with "[redacted]".
std::string Redact(std::string_view text, std::string_view secret);

// What X-App-Usage, X-Page-Usage and X-Business-Use-Case-Usage say: the highest of their
// call_count / total_time / total_cputime percentages, and the longest
// estimated_time_to_regain_access (minutes).
struct Usage {
  double max_percent = 0;
  int64_t regain_minutes = 0;
};

// Reads one usage header's JSON value: a flat {"call_count":N,"total_time":N,
// "total_cputime":N} object (app and page usage), or an object keyed by business or Page id
// whose values are arrays of such objects with "estimated_time_to_regain_access" (business use
// case usage). nullopt when the value is not JSON or holds no percentage. Thread-safe.
std::optional<Usage> ParseUsageHeader(std::string_view value);

}  // namespace postwatch::facebook
