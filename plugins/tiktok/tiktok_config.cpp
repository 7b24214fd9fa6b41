#include "tiktok/tiktok_config.h"

#include "support/json_fields.h"
#include "support/url_ref.h"

namespace postwatch::tiktok {

const char* const kTikTokConfigSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "postwatch tiktok plugin config",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "api_base_url": {
      "description": "Base of the Display API and the token endpoint; https://open.tiktokapis.com unless testing against postwatch-sim (http://127.0.0.1:8080/tiktok).",
      "type": "string", "pattern": "^https?://[^/?#]+(/[^?#]*)?$"
    },
    "auth_base_url": {
      "description": "Base of the authorisation page the owner is sent to; https://www.tiktok.com unless testing against postwatch-sim.",
      "type": "string", "pattern": "^https?://[^/?#]+(/[^?#]*)?$"
    },
    "page_size": {
      "description": "Videos per video list request (max_count); TikTok serves at most 20.",
      "type": "integer", "minimum": 1, "maximum": 20, "default": 20
    },
    "max_pages": {
      "description": "At most this many video list pages per poll; paging also stops at the previous poll's newest video.",
      "type": "integer", "minimum": 1, "maximum": 9, "default": 5
    }
  }
})";

const char* const kTikTokAccountSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "postwatch tiktok account ref",
  "type": "object",
  "additionalProperties": false,
  "properties": {}
})";

namespace {

// Reads an http(s) base URL into *out without its trailing slashes; returns an error or "".
std::string ReadBaseUrl(const rapidjson::Value& value, std::string_view key, std::string* out) {
  std::string_view text = value.IsString()
                              ? std::string_view(value.GetString(), value.GetStringLength())
                              : std::string_view();
  if (!plugin::IsHttpUrl(text) || text.find_first_of("?#") != std::string_view::npos) {
    return std::string(key) + " must be an http(s) URL such as http://127.0.0.1:8080/tiktok";
  }
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  *out = std::string(text);
  return "";
}

}  // namespace

TikTokConfigParse ParseTikTokConfig(std::string_view json) {
  TikTokConfigParse result;
  if (json.find_first_not_of(" \t\r\n") == std::string_view::npos) return result;
  plugin::JsonParse parsed = plugin::ParseJson(json, plugin::JsonDialect::kConfig);
  if (!parsed.ok()) {
    result.error = "config is not valid JSON: " + parsed.error;
    return result;
  }
  if (!parsed.doc.IsObject()) {
    result.error = "config must be a JSON object";
    return result;
  }
  // Indexed rather than a range-for: clang's C++20 mode warns about RapidJSON's iterator !=.
  for (rapidjson::SizeType i = 0; i < parsed.doc.MemberCount(); ++i) {
    const auto& member = *(parsed.doc.MemberBegin() + i);
    std::string_view key(member.name.GetString(), member.name.GetStringLength());
    if (key == "page_size") {
      result.error = plugin::ReadBoundedInt(member.value, key, 1, 20, &result.config.page_size);
    } else if (key == "max_pages") {
      result.error = plugin::ReadBoundedInt(member.value, key, 1, 9, &result.config.max_pages);
    } else if (key == "api_base_url") {
      result.error = ReadBaseUrl(member.value, key, &result.config.api_base_url);
    } else if (key == "auth_base_url") {
      result.error = ReadBaseUrl(member.value, key, &result.config.auth_base_url);
    } else {
      result.error = "unknown config key \"" + std::string(key) +
                     "\" (known keys: api_base_url, auth_base_url, page_size, max_pages)";
    }
    if (!result.error.empty()) return result;
  }
  return result;
}

}  // namespace postwatch::tiktok
