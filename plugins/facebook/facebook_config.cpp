#include "facebook/facebook_config.h"

#include <cctype>

#include "support/json_fields.h"
#include "support/url_ref.h"

namespace postwatch::facebook {

const char* const kFacebookConfigSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "postwatch facebook plugin config",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "base_url": {
      "description": "The Graph API origin (and token endpoint), default https://graph.facebook.com. Tests and demos point it at postwatch-sim, e.g. http://127.0.0.1:8080/facebook/graph.",
      "type": "string", "pattern": "^https?://[^/?#]+(/[^?#]*)?$"
    },
    "dialog_base_url": {
      "description": "Where the owner's browser is sent for the authorisation dialog, default https://www.facebook.com; e.g. http://127.0.0.1:8080/facebook/www for postwatch-sim.",
      "type": "string", "pattern": "^https?://[^/?#]+(/[^?#]*)?$"
    },
    "api_version": {
      "description": "The Graph API version in every URL, default v19.0.",
      "type": "string", "pattern": "^v[0-9]{1,3}\\.[0-9]{1,2}$"
    },
    "page_limit": {
      "description": "Posts per page (the limit parameter).",
      "type": "integer", "minimum": 1, "maximum": 100, "default": 25
    },
    "max_pages": {
      "description": "At most this many posts pages per poll; paging also stops at the previous poll's newest post.",
      "type": "integer", "minimum": 1, "maximum": 9, "default": 5
    }
  }
})";

const char* const kFacebookAccountSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "postwatch facebook account ref",
  "type": "object",
  "additionalProperties": false,
  "properties": {}
})";

namespace {

std::string ReadBaseUrl(const rapidjson::Value& value, std::string_view key, std::string* out) {
  std::string_view text = value.IsString()
                              ? std::string_view(value.GetString(), value.GetStringLength())
                              : std::string_view();
  if (!plugin::IsHttpUrl(text) || text.find_first_of("?#") != std::string_view::npos) {
    return std::string(key) + " must be an http(s) URL without query, such as " +
           "http://127.0.0.1:8080/facebook/graph";
  }
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  *out = std::string(text);
  return "";
}

// "v19.0": 'v', 1-3 digits, '.', 1-2 digits.
bool IsApiVersion(std::string_view text) {
  if (text.size() < 4 || text.front() != 'v') return false;
  size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot < 2 || dot > 4) return false;
  std::string_view major = text.substr(1, dot - 1);
  std::string_view minor = text.substr(dot + 1);
  if (minor.empty() || minor.size() > 2) return false;
  for (char c : major) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  for (char c : minor) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

FacebookConfigParse ParseFacebookConfig(std::string_view json) {
  FacebookConfigParse result;
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
  FacebookConfig& config = result.config;
  // Indexed rather than a range-for: RapidJSON 1.1's member iterators make clang warn
  // (-Wambiguous-reversed-operator) in C++20.
  for (rapidjson::SizeType i = 0; i < parsed.doc.MemberCount(); ++i) {
    const auto& member = *(parsed.doc.MemberBegin() + i);
    std::string_view key(member.name.GetString(), member.name.GetStringLength());
    if (key == "page_limit") {
      result.error = plugin::ReadBoundedInt(member.value, key, 1, 100, &config.page_limit);
    } else if (key == "max_pages") {
      result.error = plugin::ReadBoundedInt(member.value, key, 1, 9, &config.max_pages);
    } else if (key == "base_url") {
      result.error = ReadBaseUrl(member.value, key, &config.base_url);
    } else if (key == "dialog_base_url") {
      result.error = ReadBaseUrl(member.value, key, &config.dialog_base_url);
    } else if (key == "api_version") {
      std::string_view text =
          member.value.IsString()
              ? std::string_view(member.value.GetString(), member.value.GetStringLength())
              : std::string_view();
      if (!IsApiVersion(text)) {
        result.error = "api_version must look like v19.0";
      } else {
        config.api_version = std::string(text);
      }
    } else {
      result.error = "unknown config key \"" + std::string(key) +
                     "\" (known keys: base_url, dialog_base_url, api_version, page_limit, "
                     "max_pages)";
    }
    if (!result.error.empty()) return result;
  }
  return result;
}

}  // namespace postwatch::facebook
