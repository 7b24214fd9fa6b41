#include "zalo/zalo_config.h"

#include "support/json_fields.h"
#include "support/url_ref.h"

namespace postwatch::zalo {

const char* const kZaloConfigSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "postwatch zalo plugin config",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "api_base_url": {
      "description": "The Zalo OA Open API (article listing and detail). Default https://openapi.zalo.me; tests point it at postwatch-sim, e.g. http://127.0.0.1:8080/zalo.",
      "type": "string", "pattern": "^https?://[^/?#]+(/[^?#]*)?$"
    },
    "oauth_base_url": {
      "description": "The Zalo OAuth server's token endpoint base (<base>/v4/oa/access_token). Default https://oauth.zaloapp.com.",
      "type": "string", "pattern": "^https?://[^/?#]+(/[^?#]*)?$"
    },
    "authorize_base_url": {
      "description": "The base of the owner's permission page (<base>/v4/oa/permission). Default: oauth_base_url.",
      "type": "string", "pattern": "^https?://[^/?#]+(/[^?#]*)?$"
    },
    "page_limit": {
      "description": "Articles per listing request (the limit parameter); Zalo serves at most 10. Each new article also costs one detail request.",
      "type": "integer", "minimum": 1, "maximum": 10, "default": 8
    },
    "max_pages": {
      "description": "Listing pages walked per poll to reach the previous poll's newest article.",
      "type": "integer", "minimum": 1, "maximum": 5, "default": 3
    }
  }
})";

const char* const kZaloAccountSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "postwatch zalo account ref",
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
           std::string(kDefaultApiBaseUrl);
  }
  while (text.size() > 1 && text.back() == '/') text.remove_suffix(1);
  *out = std::string(text);
  return "";
}

}  // namespace

ZaloConfigParse ParseZaloConfig(std::string_view json) {
  ZaloConfigParse result;
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
  bool authorize_set = false;
  const rapidjson::Value& object = parsed.doc;  // const iterators: no C++20 operator ambiguity
  for (const auto& member : object.GetObject()) {
    std::string_view key(member.name.GetString(), member.name.GetStringLength());
    if (key == "page_limit") {
      result.error = plugin::ReadBoundedInt(member.value, key, 1, 10, &result.config.page_limit);
    } else if (key == "max_pages") {
      result.error = plugin::ReadBoundedInt(member.value, key, 1, 5, &result.config.max_pages);
    } else if (key == "api_base_url") {
      result.error = ReadBaseUrl(member.value, key, &result.config.api_base_url);
    } else if (key == "oauth_base_url") {
      result.error = ReadBaseUrl(member.value, key, &result.config.oauth_base_url);
    } else if (key == "authorize_base_url") {
      result.error = ReadBaseUrl(member.value, key, &result.config.authorize_base_url);
      authorize_set = true;
    } else {
      result.error = "unknown config key \"" + std::string(key) +
                     "\" (known keys: api_base_url, oauth_base_url, authorize_base_url, "
                     "page_limit, max_pages)";
    }
    if (!result.error.empty()) return result;
  }
  if (!authorize_set) result.config.authorize_base_url = result.config.oauth_base_url;
  return result;
}

}  // namespace postwatch::zalo
