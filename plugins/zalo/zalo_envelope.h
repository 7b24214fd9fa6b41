// Zalo's answers: the OA Open API envelope {"error": N, "message": "...", "data": {...}} and
// the OAuth server's error object {"error": N, "error_name": "...", "error_description": ...},
// and how their error numbers map to pw_status codes.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "postwatch/plugin_api.h"

namespace postwatch::zalo {

// The pw_status of a negative OA Open API error number (the table in README.md):
//   -216, -220, -124, -209          PW_E_AUTH (token invalid, expired, app not linked to the OA)
//   -32, -211                       PW_E_RATELIMITED (requests per minute, quota)
//   -204, -205                      PW_E_GONE (the OA was deleted or does not exist)
//   -201, -210, -215, -219          PW_E_CONFIG (bad parameter, app id invalid or deactivated)
//   anything else                   PW_E_PARSE (reported with Zalo's message)
// 0 is PW_OK. Thread-safe.
pw_status ApiErrorStatus(int64_t error);

// A few words on what the error means for the admin, for the error texts; "" when unknown.
std::string_view ApiErrorMeaning(int64_t error);

// The verdict on one parsed answer.
struct EnvelopeCheck {
  pw_status code = PW_OK;
  int64_t error = 0;    // Zalo's error number; 0 when there was none
  std::string message;  // when code is an error: "Zalo error -216 (Access token is invalid)…"
};

// Checks an OA Open API answer: a JSON object whose "error" is 0 (or absent with a "data"
// member) is PW_OK; a negative "error" maps with ApiErrorStatus. When the body is not an
// envelope, the HTTP status decides: 401/403 PW_E_AUTH, 404 PW_E_CONFIG (wrong
// api_base_url), 429 PW_E_RATELIMITED, other non-2xx PW_E_PARSE, a 2xx without an envelope
// PW_E_LAYOUT. `what` names the request in messages ("article listing"). Thread-safe.
EnvelopeCheck CheckApiEnvelope(int http_status, const rapidjson::Document& doc, bool json_ok,
                               std::string_view what);

// Checks an answer of the OAuth token endpoint: an object with a non-empty "access_token"
// is PW_OK; Zalo's error objects ({"error": -14014, "error_name", "error_description"}, or an
// envelope with "message") and every other non-token answer are PW_E_AUTH, except bytes that
// are not JSON (PW_E_PARSE) and HTTP 429 (PW_E_RATELIMITED). Thread-safe.
EnvelopeCheck CheckTokenAnswer(int http_status, const rapidjson::Document& doc, bool json_ok,
                               std::string_view what);

// `text` with every occurrence of each non-empty secret replaced by "[redacted]".
std::string Redact(std::string text, std::initializer_list<std::string_view> secrets);

}  // namespace postwatch::zalo
