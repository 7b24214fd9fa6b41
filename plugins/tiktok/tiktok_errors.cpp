#include "tiktok/tiktok_errors.h"

#include <cctype>

#include "support/json_fields.h"
#include "support/plain_text.h"

namespace postwatch::tiktok {
namespace {

constexpr size_t kMaxMessageBytes = 300;

std::string StringOr(const rapidjson::Value* object, std::string_view key) {
  if (object == nullptr) return "";
  std::optional<std::string_view> value = plugin::JsonString(*object, key);
  return value ? std::string(*value) : std::string();
}

pw_status StatusOfHttp(int http_status) {
  if (http_status == 401 || http_status == 403) return PW_E_AUTH;
  if (http_status == 429) return PW_E_RATELIMITED;
  return PW_E_PARSE;
}

std::string Describe(std::string_view what, std::string_view code, int http_status,
                     std::string_view message, std::string_view log_id) {
  std::string text = "TikTok " + std::string(what) + " failed";
  if (!code.empty()) text += " with " + RedactTokens(code.substr(0, 64));
  text += " (HTTP " + std::to_string(http_status) + ")";
  if (!message.empty()) text += ": " + RedactTokens(message);
  if (!log_id.empty()) text += " [log_id " + RedactTokens(log_id.substr(0, 64)) + "]";
  return text;
}

bool IsWordBreak(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0 || c == '"' || c == '\'' || c == ',' ||
         c == ';' || c == '(' || c == ')' || c == '=' || c == '&';
}

}  // namespace

pw_status StatusOfApiErrorCode(std::string_view code) {
  if (code == "ok") return PW_OK;
  if (code == "access_token_invalid" || code == "scope_not_authorized" ||
      code == "scope_permission_missed") {
    return PW_E_AUTH;
  }
  if (code == "rate_limit_exceeded") return PW_E_RATELIMITED;
  if (code == "invalid_params") return PW_E_CONFIG;
  return PW_E_PARSE;
}

ApiFailure CheckApiResponse(int http_status, const rapidjson::Value* doc, std::string_view what) {
  const rapidjson::Value* error = doc != nullptr ? plugin::JsonMember(*doc, "error") : nullptr;
  std::string code = StringOr(error, "code");
  ApiFailure failure;
  const bool success = http_status >= 200 && http_status <= 299;
  if (!code.empty()) {
    failure.code = StatusOfApiErrorCode(code);
    if (failure.code == PW_OK && !success) failure.code = StatusOfHttp(http_status);
  } else if (!success) {
    failure.code = StatusOfHttp(http_status);
  }
  if (failure.code != PW_OK) {
    failure.message =
        Describe(what, code, http_status, StringOr(error, "message"), StringOr(error, "log_id"));
  }
  return failure;
}

pw_status StatusOfOAuthError(std::string_view error) {
  if (error == "invalid_grant" || error == "access_denied") return PW_E_AUTH;
  if (error == "invalid_client" || error == "unauthorized_client" || error == "invalid_scope" ||
      error == "invalid_request" || error == "unsupported_grant_type" ||
      error == "unsupported_response_type") {
    return PW_E_CONFIG;
  }
  if (error == "rate_limit_exceeded") return PW_E_RATELIMITED;
  return PW_E_PARSE;
}

ApiFailure CheckTokenResponse(int http_status, const rapidjson::Value* doc, std::string_view what) {
  std::string error = doc != nullptr ? StringOr(doc, "error") : std::string();
  ApiFailure failure;
  const bool success = http_status >= 200 && http_status <= 299;
  if (!error.empty()) {
    failure.code = StatusOfOAuthError(error);
  } else if (!success) {
    // A Display-API-style envelope, or none at all.
    return CheckApiResponse(http_status, doc, what);
  }
  if (failure.code != PW_OK) {
    failure.message = Describe(what, error, http_status, StringOr(doc, "error_description"),
                               StringOr(doc, "log_id"));
  }
  return failure;
}

std::string RedactTokens(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size() && out.size() < kMaxMessageBytes) {
    const bool word_start = i == 0 || IsWordBreak(text[i - 1]);
    std::string_view rest = text.substr(i);
    if (word_start && (rest.substr(0, 4) == "act." || rest.substr(0, 4) == "rft." ||
                       rest.substr(0, 4) == "clt.")) {
      out += "[redacted]";
      while (i < text.size() && !IsWordBreak(text[i])) ++i;
      continue;
    }
    out.push_back(text[i]);
    ++i;
  }
  return plugin::TruncateUtf8(out, kMaxMessageBytes);
}

}  // namespace postwatch::tiktok
