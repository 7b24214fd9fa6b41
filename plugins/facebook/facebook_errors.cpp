#include "facebook/facebook_errors.h"

#include <algorithm>

#include "support/json_fields.h"
#include "support/plain_text.h"

namespace postwatch::facebook {
namespace {

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

std::string Describe(const GraphError& error) {
  std::string text = "(#" + std::to_string(error.code);
  if (error.subcode != 0) text += "/" + std::to_string(error.subcode);
  if (!error.type.empty()) text += " " + error.type;
  text += ") " + error.message;
  if (!error.fbtrace_id.empty()) text += " [fbtrace_id " + error.fbtrace_id + "]";
  return text;
}

std::string AuthHint(const GraphError& error) {
  if (error.code != 190) return " (the token lacks a permission this read needs)";
  switch (error.subcode) {
    case 463:
      return " (the token has expired: the owner must reconnect the Page)";
    case 460:
      return " (the owner changed their password: the owner must reconnect the Page)";
    case 458:
      return " (the owner removed the app: the owner must reconnect the Page)";
    default:
      return " (the token is invalid or was revoked: the owner must reconnect the Page)";
  }
}

double Percent(const rapidjson::Value& object, std::string_view key) {
  const rapidjson::Value* value = plugin::JsonMember(object, key);
  return value != nullptr && value->IsNumber() ? value->GetDouble() : -1;
}

// Folds one {"call_count":..,"total_time":..,"total_cputime":..} object into `usage`; true
// when it held at least one percentage.
bool FoldCounters(const rapidjson::Value& object, Usage& usage) {
  bool found = false;
  for (std::string_view key : {"call_count", "total_time", "total_cputime"}) {
    double percent = Percent(object, key);
    if (percent < 0) continue;
    found = true;
    usage.max_percent = std::max(usage.max_percent, percent);
  }
  const rapidjson::Value* regain = plugin::JsonMember(object, "estimated_time_to_regain_access");
  if (regain != nullptr && regain->IsNumber() && regain->GetDouble() > 0) {
    usage.regain_minutes =
        std::max(usage.regain_minutes, static_cast<int64_t>(std::min(regain->GetDouble(), 1e6)));
  }
  return found;
}

}  // namespace

std::optional<GraphError> ParseGraphError(std::string_view body) {
  plugin::JsonParse json = plugin::ParseJson(body);
  if (!json.ok()) return std::nullopt;
  const rapidjson::Value* error = plugin::JsonMember(json.doc, "error");
  if (error == nullptr || !error->IsObject()) return std::nullopt;
  std::optional<int64_t> code = plugin::JsonInt(*error, "code");
  if (!code) return std::nullopt;
  GraphError out;
  out.code = *code;
  out.subcode = plugin::JsonInt(*error, "error_subcode").value_or(0);
  out.type = std::string(plugin::JsonString(*error, "type").value_or("").substr(0, 64));
  out.message = plugin::TruncateUtf8(
      plugin::CollapseWhitespace(plugin::JsonString(*error, "message").value_or("")), 300);
  out.fbtrace_id = std::string(plugin::JsonString(*error, "fbtrace_id").value_or("").substr(0, 64));
  return out;
}

bool IsRateLimitCode(int64_t code) {
  return code == 4 || code == 17 || code == 32 || code == 613 || (code >= 80000 && code <= 80014);
}

std::string Redact(std::string_view text, std::string_view secret) {
  std::string out(text);
  if (secret.empty()) return out;
  for (size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at)) {
    out.replace(at, secret.size(), "[redacted]");
    at += 10;
  }
  return out;
}

ErrorVerdict ClassifyGraphError(int http_status, const std::optional<GraphError>& error,
                                std::string_view what, std::string_view secret) {
  ErrorVerdict verdict;
  std::string head = std::string(what) + ": HTTP " + std::to_string(http_status);
  if (!error) {
    verdict.message = head + " without a Graph API error";
    if (http_status == 401 || http_status == 403) {
      verdict.code = PW_E_AUTH;
    } else if (http_status == 404 || http_status == 410) {
      verdict.code = PW_E_GONE;
    } else if (http_status == 429) {
      verdict.code = PW_E_RATELIMITED;
    } else {
      verdict.code = PW_E_PARSE;
    }
    return verdict;
  }
  const int64_t code = error->code;
  std::string message = head + " " + Redact(Describe(*error), secret);
  if (IsRateLimitCode(code)) {
    verdict.code = PW_E_RATELIMITED;
    verdict.message = message + " (Graph API throttling)";
  } else if (code == 190 || code == 102 || code == 104 || code == 10 || code == 2500 ||
             (code >= 200 && code <= 299)) {
    verdict.code = PW_E_AUTH;
    verdict.message = message + AuthHint(*error);
  } else if (code == 803 || (code == 100 && (error->subcode == 33 ||
                                             Contains(error->message, "does not exist")))) {
    verdict.code = PW_E_GONE;
    verdict.message = message + " (the Page no longer exists or is not visible)";
  } else if (code == 100 && Contains(error->message, "nonexisting field")) {
    verdict.code = PW_E_LAYOUT;
    verdict.message = message + " (the API version no longer has a field the plugin reads)";
  } else {
    verdict.code = PW_E_PARSE;
    verdict.message = message;
  }
  return verdict;
}

std::optional<Usage> ParseUsageHeader(std::string_view value) {
  plugin::JsonParse json = plugin::ParseJson(value);
  if (!json.ok() || !json.doc.IsObject()) return std::nullopt;
  Usage usage;
  bool found = FoldCounters(json.doc, usage);
  // Indexed rather than a range-for: RapidJSON 1.1's member iterators make clang warn
  // (-Wambiguous-reversed-operator) in C++20.
  for (rapidjson::SizeType i = 0; i < json.doc.MemberCount(); ++i) {
    const auto& member = *(json.doc.MemberBegin() + i);
    if (!member.value.IsArray()) continue;
    for (const rapidjson::Value& entry : member.value.GetArray()) {
      if (entry.IsObject() && FoldCounters(entry, usage)) found = true;
    }
  }
  if (!found) return std::nullopt;
  return usage;
}

}  // namespace postwatch::facebook
