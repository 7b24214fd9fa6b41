#include "zalo/zalo_envelope.h"

#include "support/json_fields.h"

namespace postwatch::zalo {
namespace {

constexpr size_t kMaxServerText = 200;

// The "error" member as a number (Zalo writes it as an integer; a numeric string is
// accepted too); nullopt when absent or not a number.
std::optional<int64_t> ErrorNumber(const rapidjson::Value& object) {
  if (auto number = plugin::JsonInt(object, "error")) return number;
  if (auto text = plugin::JsonString(object, "error")) {
    try {
      size_t used = 0;
      int64_t value = std::stoll(std::string(*text), &used);
      if (used == text->size()) return value;
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

std::string ServerText(const rapidjson::Value& object,
                       std::initializer_list<std::string_view> keys) {
  std::string out;
  for (std::string_view key : keys) {
    auto text = plugin::JsonString(object, key);
    if (!text || text->empty()) continue;
    if (!out.empty()) out += ": ";
    out += std::string(text->substr(0, kMaxServerText));
  }
  return out;
}

EnvelopeCheck Fail(pw_status code, int64_t error, std::string message) {
  EnvelopeCheck check;
  check.code = code;
  check.error = error;
  check.message = std::move(message);
  return check;
}

std::string HttpPart(int http_status) {
  return http_status == 200 ? std::string() : " (HTTP " + std::to_string(http_status) + ")";
}

}  // namespace

pw_status ApiErrorStatus(int64_t error) {
  switch (error) {
    case 0:
      return PW_OK;
    case -216:
    case -220:
    case -124:
    case -209:
      return PW_E_AUTH;
    case -32:
    case -211:
      return PW_E_RATELIMITED;
    case -204:
    case -205:
      return PW_E_GONE;
    case -201:
    case -210:
    case -215:
    case -219:
      return PW_E_CONFIG;
    default:
      return PW_E_PARSE;
  }
}

std::string_view ApiErrorMeaning(int64_t error) {
  switch (error) {
    case -216:
    case -124:
      return "the access token is invalid: refresh it, or the owner connects the OA again";
    case -220:
      return "the access token has expired or was invalidated";
    case -209:
      return "the app is not linked to this Official Account: the owner must grant access";
    case -32:
      return "the app exceeded Zalo's requests per minute";
    case -211:
      return "the app's Zalo API quota is used up";
    case -204:
      return "the Official Account was deleted";
    case -205:
      return "the Official Account does not exist";
    case -201:
    case -210:
      return "Zalo refused a request parameter";
    case -215:
    case -219:
      return "the operator's Zalo app id is invalid or the app is deactivated";
    default:
      return "";
  }
}

EnvelopeCheck CheckApiEnvelope(int http_status, const rapidjson::Document& doc, bool json_ok,
                               std::string_view what) {
  std::optional<int64_t> error = json_ok && doc.IsObject() ? ErrorNumber(doc) : std::nullopt;
  if (error && *error < 0) {
    std::string message = "Zalo error " + std::to_string(*error) + " for the " + std::string(what) +
                          HttpPart(http_status);
    std::string server = ServerText(doc, {"message"});
    if (!server.empty()) message += ": " + server;
    std::string_view meaning = ApiErrorMeaning(*error);
    if (!meaning.empty()) message += " (" + std::string(meaning) + ")";
    return Fail(ApiErrorStatus(*error), *error, std::move(message));
  }
  if (http_status < 200 || http_status > 299) {
    std::string message = "HTTP " + std::to_string(http_status) + " for the " + std::string(what);
    if (http_status == 401 || http_status == 403) {
      return Fail(PW_E_AUTH, 0, message + " (the access token was refused)");
    }
    if (http_status == 404) return Fail(PW_E_CONFIG, 0, message + " (check api_base_url)");
    if (http_status == 429) return Fail(PW_E_RATELIMITED, 0, message);
    return Fail(PW_E_PARSE, 0, message);
  }
  if (!json_ok) return Fail(PW_E_PARSE, 0, "the " + std::string(what) + " is not JSON");
  if (!doc.IsObject() || plugin::JsonMember(doc, "data") == nullptr) {
    return Fail(PW_E_LAYOUT, 0,
                "the " + std::string(what) + " is not a Zalo envelope with \"data\"");
  }
  EnvelopeCheck check;
  check.error = error.value_or(0);
  return check;
}

EnvelopeCheck CheckTokenAnswer(int http_status, const rapidjson::Document& doc, bool json_ok,
                               std::string_view what) {
  if (http_status == 429) {
    return Fail(PW_E_RATELIMITED, 0, "HTTP 429 for the " + std::string(what));
  }
  if (!json_ok) {
    return Fail(PW_E_PARSE, 0,
                "the " + std::string(what) + " answer is not JSON" + HttpPart(http_status));
  }
  if (doc.IsObject()) {
    auto token = plugin::JsonString(doc, "access_token");
    std::optional<int64_t> error = ErrorNumber(doc);
    if (token && !token->empty() && (!error || *error == 0) && http_status >= 200 &&
        http_status <= 299) {
      return EnvelopeCheck();
    }
    if (error && *error != 0) {
      std::string message = "Zalo refused the " + std::string(what) + " with error " +
                            std::to_string(*error) + HttpPart(http_status);
      std::string server = ServerText(doc, {"error_name", "error_description", "message"});
      if (!server.empty()) message += ": " + server;
      return Fail(PW_E_AUTH, *error, message + " (the owner must connect the OA again)");
    }
  }
  return Fail(PW_E_AUTH, 0,
              "the " + std::string(what) + " answer" + HttpPart(http_status) +
                  " holds no access token (the owner must connect the OA again)");
}

std::string Redact(std::string text, std::initializer_list<std::string_view> secrets) {
  for (std::string_view secret : secrets) {
    if (secret.empty()) continue;
    for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
      text.replace(pos, secret.size(), "[redacted]");
      pos += 10;
    }
  }
  return text;
}

}  // namespace postwatch::zalo
