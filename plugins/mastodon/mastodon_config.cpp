#include "mastodon/mastodon_config.h"

#include "support/json_fields.h"
#include "support/url_ref.h"

namespace postwatch::mastodon {

const char* const kMastodonConfigSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "postwatch mastodon plugin config",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "base_url": {
      "description": "Tests and demos only: replaces the scheme and instance of every API URL (and prefixes its path), e.g. http://127.0.0.1:8080/mastodon to poll postwatch-sim.",
      "type": "string", "pattern": "^https?://[^/?#]+(/[^?#]*)?$"
    },
    "page_limit": {
      "description": "Statuses per page (the limit parameter); Mastodon serves at most 40.",
      "type": "integer", "minimum": 1, "maximum": 40, "default": 40
    },
    "max_pages": {
      "description": "At most this many statuses pages per poll; paging also stops at the previous poll's newest status.",
      "type": "integer", "minimum": 1, "maximum": 9, "default": 5
    }
  }
})";

const char* const kMastodonAccountSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "postwatch mastodon account ref",
  "type": "object",
  "additionalProperties": false,
  "properties": {}
})";

MastodonConfigParse ParseMastodonConfig(std::string_view json) {
  MastodonConfigParse result;
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
    if (key == "page_limit") {
      result.error = plugin::ReadBoundedInt(member.value, key, 1, 40, &result.config.page_limit);
    } else if (key == "max_pages") {
      result.error = plugin::ReadBoundedInt(member.value, key, 1, 9, &result.config.max_pages);
    } else if (key == "base_url") {
      std::string_view value =
          member.value.IsString()
              ? std::string_view(member.value.GetString(), member.value.GetStringLength())
              : std::string_view();
      if (!plugin::IsHttpUrl(value)) {
        result.error = "base_url must be an http(s) URL such as http://127.0.0.1:8080/mastodon";
      } else {
        result.config.base_url = std::string(value);
      }
    } else {
      result.error = "unknown config key \"" + std::string(key) +
                     "\" (known keys: base_url, page_limit, max_pages)";
    }
    if (!result.error.empty()) return result;
  }
  return result;
}

}  // namespace postwatch::mastodon
