#include "youtube/youtube_config.h"

#include "support/json_fields.h"
#include "support/url_ref.h"
#include "youtube/channel_ref.h"

namespace postwatch::youtube {

const char* const kYoutubeConfigSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "postwatch youtube plugin config",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "mode": {
      "description": "feed: the public channel feed (newest 15 videos, no key). data_api: YouTube Data API v3 uploads playlist with paging; the API key is the plugin's app credential (plugins.youtube.credential_file).",
      "enum": ["feed", "data_api"], "default": "feed"
    },
    "max_pages": {
      "description": "data_api mode: at most this many pages of 50 videos per poll.",
      "type": "integer", "minimum": 1, "maximum": 20, "default": 3
    },
    "base_url": {
      "description": "Tests and demos only: replaces the scheme and host of every URL the plugin plans (and prefixes its path), e.g. http://127.0.0.1:8080/youtube to poll postwatch-sim.",
      "type": "string", "pattern": "^https?://[^/?#]+(/[^?#]*)?$"
    }
  }
})";

const char* const kYoutubeAccountSchema = R"({
  "$schema": "http://json-schema.org/draft-04/schema#",
  "title": "postwatch youtube account ref",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "channel_id": {
      "description": "The channel id (UC followed by 22 characters) to poll instead of resolving the registered handle or URL.",
      "type": "string", "pattern": "^UC[A-Za-z0-9_-]{22}$"
    }
  }
})";

namespace {

std::string_view StringValue(const rapidjson::Value& value) {
  return value.IsString() ? std::string_view(value.GetString(), value.GetStringLength())
                          : std::string_view();
}

}  // namespace

YoutubeConfigParse ParseYoutubeConfig(std::string_view json) {
  YoutubeConfigParse result;
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
    if (key == "mode") {
      std::string_view mode = StringValue(member.value);
      if (mode == "feed") {
        result.config.mode = YoutubeMode::kFeed;
      } else if (mode == "data_api") {
        result.config.mode = YoutubeMode::kDataApi;
      } else {
        result.error = "mode must be \"feed\" or \"data_api\"";
        return result;
      }
    } else if (key == "max_pages") {
      if (!member.value.IsInt() || member.value.GetInt() < 1 || member.value.GetInt() > 20) {
        result.error = "max_pages must be an integer from 1 to 20";
        return result;
      }
      result.config.max_pages = member.value.GetInt();
    } else if (key == "base_url") {
      std::string_view value = StringValue(member.value);
      if (!plugin::IsHttpUrl(value)) {
        result.error = "base_url must be an http(s) URL such as http://127.0.0.1:8080/youtube";
        return result;
      }
      result.config.base_url = std::string(value);
    } else {
      result.error =
          "unknown config key \"" + std::string(key) + "\" (known keys: mode, max_pages, base_url)";
      return result;
    }
  }
  return result;
}

RefChannelId ChannelIdFromRef(std::string_view ref_json) {
  RefChannelId result;
  if (ref_json.find_first_not_of(" \t\r\n") == std::string_view::npos) return result;
  plugin::JsonParse ref = plugin::ParseJson(ref_json);
  if (!ref.ok() || !ref.doc.IsObject()) {
    result.error = "the account's ref is not a JSON object";
    return result;
  }
  const rapidjson::Value* id = plugin::JsonMember(ref.doc, "channel_id");
  if (id == nullptr) return result;
  if (!IsChannelId(StringValue(*id))) {
    result.error = "the account's ref.channel_id must be UC followed by 22 characters";
    return result;
  }
  result.channel_id = std::string(StringValue(*id));
  return result;
}

}  // namespace postwatch::youtube
