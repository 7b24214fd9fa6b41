#include "web/web_config.h"

#include "support/json_fields.h"
#include "support/url_ref.h"

namespace postwatch::web {

const char* const kWebConfigSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "postwatch web plugin config",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "max_items": {
      "description": "At most this many posts per poll: the newest items of the feed.",
      "type": "integer", "minimum": 1, "maximum": 1000, "default": 100
    },
    "base_url": {
      "description": "Tests and demos only: replaces the scheme and host of every feed URL (and prefixes its path), e.g. http://127.0.0.1:8080 to poll postwatch-sim.",
      "type": "string", "pattern": "^https?://[^/?#]+(/[^?#]*)?$"
    }
  }
})";

const char* const kWebAccountSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "postwatch web account ref",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "feed_url": {
      "description": "The feed to poll when the registered URL is the site rather than its feed.",
      "type": "string", "pattern": "^https?://"
    }
  }
})";

WebConfigParse ParseWebConfig(std::string_view json) {
  WebConfigParse result;
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
  for (const auto& member : parsed.doc.GetObject()) {
    std::string_view key(member.name.GetString(), member.name.GetStringLength());
    if (key == "max_items") {
      if (!member.value.IsInt() || member.value.GetInt() < 1 || member.value.GetInt() > 1000) {
        result.error = "max_items must be an integer from 1 to 1000";
        return result;
      }
      result.config.max_items = member.value.GetInt();
    } else if (key == "base_url") {
      std::string_view value =
          member.value.IsString()
              ? std::string_view(member.value.GetString(), member.value.GetStringLength())
              : std::string_view();
      if (!plugin::IsHttpUrl(value)) {
        result.error = "base_url must be an http(s) URL such as http://127.0.0.1:8080";
        return result;
      }
      result.config.base_url = std::string(value);
    } else {
      result.error =
          "unknown config key \"" + std::string(key) + "\" (known keys: max_items, base_url)";
      return result;
    }
  }
  return result;
}

FeedUrlParse FeedUrlFor(const WebConfig& config, std::string_view registered,
                        std::string_view ref_json) {
  FeedUrlParse result;
  std::string url;
  if (ref_json.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    plugin::JsonParse ref = plugin::ParseJson(ref_json);
    if (!ref.ok() || !ref.doc.IsObject()) {
      result.error = "the account's ref is not a JSON object";
      return result;
    }
    if (const rapidjson::Value* feed_url = plugin::JsonMember(ref.doc, "feed_url")) {
      if (!feed_url->IsString()) {
        result.error = "the account's ref.feed_url must be a string";
        return result;
      }
      url.assign(feed_url->GetString(), feed_url->GetStringLength());
    }
  }
  if (url.empty()) url = std::string(registered);
  size_t first = url.find_first_not_of(" \t\r\n");
  size_t last = url.find_last_not_of(" \t\r\n");
  url = first == std::string::npos ? "" : url.substr(first, last - first + 1);
  if (url.empty()) {
    result.error = "the account has no registered URL and no ref.feed_url";
    return result;
  }
  if (url.find("://") == std::string::npos) url = "https://" + url;
  if (!plugin::IsHttpUrl(url)) {
    result.error = "the feed URL \"" + url + "\" is not an http(s) URL";
    return result;
  }
  result.url = plugin::ReplaceOrigin(url, config.base_url);
  return result;
}

}  // namespace postwatch::web
