#include "telegram/telegram_config.h"

#include "support/json_fields.h"
#include "support/url_ref.h"

namespace postwatch::telegram {

const char* const kTelegramConfigSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "postwatch telegram plugin config",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "max_pages": {
      "description": "At most this many preview pages (about 20 messages each) per poll when catching up to the previous poll.",
      "type": "integer", "minimum": 1, "maximum": 50, "default": 5
    },
    "base_url": {
      "description": "Tests and demos only: replaces the scheme and host of every URL the plugin plans (and prefixes its path), e.g. http://127.0.0.1:8080/telegram to poll postwatch-sim.",
      "type": "string", "pattern": "^https?://[^/?#]+(/[^?#]*)?$"
    }
  }
})";

const char* const kTelegramAccountSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "postwatch telegram account ref",
  "type": "object",
  "additionalProperties": false,
  "properties": {}
})";

TelegramConfigParse ParseTelegramConfig(std::string_view json) {
  TelegramConfigParse result;
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
    if (key == "max_pages") {
      if (!member.value.IsInt() || member.value.GetInt() < 1 || member.value.GetInt() > 50) {
        result.error = "max_pages must be an integer from 1 to 50";
        return result;
      }
      result.config.max_pages = member.value.GetInt();
    } else if (key == "base_url") {
      std::string_view value =
          member.value.IsString()
              ? std::string_view(member.value.GetString(), member.value.GetStringLength())
              : std::string_view();
      if (!plugin::IsHttpUrl(value)) {
        result.error = "base_url must be an http(s) URL such as http://127.0.0.1:8080/telegram";
        return result;
      }
      result.config.base_url = std::string(value);
    } else {
      result.error =
          "unknown config key \"" + std::string(key) + "\" (known keys: max_pages, base_url)";
      return result;
    }
  }
  return result;
}

}  // namespace postwatch::telegram
