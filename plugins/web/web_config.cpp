#include "web/web_config.h"

#include "support/json_fields.h"
#include "support/url_ref.h"
#include "web/wordpress_api.h"

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
    "wordpress_per_page": {
      "description": "Posts per page when reading a WordPress site's REST API (WordPress allows at most 100).",
      "type": "integer", "minimum": 1, "maximum": 100, "default": 100
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
    },
    "kind": {
      "description": "feed: poll the URL as a feed, without autodiscovery. wordpress: read the site's WordPress REST API (wp-json/wp/v2/posts) instead of its feed.",
      "enum": ["feed", "wordpress"]
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
    } else if (key == "wordpress_per_page") {
      if (!member.value.IsInt() || member.value.GetInt() < 1 || member.value.GetInt() > 100) {
        result.error = "wordpress_per_page must be an integer from 1 to 100";
        return result;
      }
      result.config.wordpress_per_page = member.value.GetInt();
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
      result.error = "unknown config key \"" + std::string(key) +
                     "\" (known keys: max_items, wordpress_per_page, base_url)";
      return result;
    }
  }
  return result;
}

namespace {

std::string Trimmed(std::string_view text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

}  // namespace

AccountSource SourceFor(std::string_view canonical_id, std::string_view registered,
                        std::string_view ref_json) {
  AccountSource result;
  std::string feed_url;
  std::string kind;
  if (ref_json.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    plugin::JsonParse ref = plugin::ParseJson(ref_json);
    if (!ref.ok() || !ref.doc.IsObject()) {
      result.error = "the account's ref is not a JSON object";
      return result;
    }
    if (const rapidjson::Value* value = plugin::JsonMember(ref.doc, "feed_url")) {
      if (!value->IsString()) {
        result.error = "the account's ref.feed_url must be a string";
        return result;
      }
      feed_url = Trimmed({value->GetString(), value->GetStringLength()});
    }
    if (const rapidjson::Value* value = plugin::JsonMember(ref.doc, "kind")) {
      kind = value->IsString() ? std::string(value->GetString(), value->GetStringLength()) : "?";
      if (kind != "feed" && kind != "wordpress") {
        result.error = "the account's ref.kind must be \"feed\" or \"wordpress\"";
        return result;
      }
    }
  }
  std::string id = Trimmed(canonical_id);
  std::string url = !feed_url.empty() ? feed_url : plugin::IsHttpUrl(id) ? id : Trimmed(registered);
  if (url.empty()) {
    result.error = "the account has no registered URL and no ref.feed_url";
    return result;
  }
  if (url.find("://") == std::string::npos) url = "https://" + url;
  if (!plugin::IsHttpUrl(url)) {
    result.error = "the feed URL \"" + url + "\" is not an http(s) URL";
    return result;
  }
  if (IsWordPressApiUrl(url)) {
    result.kind = SourceKind::kWordPress;
    result.url = WordPressPostsEndpoint(url);
  } else if (kind == "wordpress") {
    result.kind = SourceKind::kWordPress;
    result.url = WordPressSiteEndpoint(url);
  } else {
    bool known = !feed_url.empty() || kind == "feed" || url == id;
    result.kind = known ? SourceKind::kFeed : SourceKind::kUnknown;
    result.url = std::move(url);
  }
  result.discover = kind != "feed";
  result.wordpress_required = kind == "wordpress";
  return result;
}

std::string FetchUrl(const WebConfig& config, std::string_view url) {
  if (config.base_url.empty()) return std::string(url);
  std::string_view base = config.base_url;
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  if (url.substr(0, base.size()) == base &&
      (url.size() == base.size() ||
       std::string_view("/?#").find(url[base.size()]) != std::string_view::npos)) {
    return std::string(url);
  }
  return plugin::ReplaceOrigin(url, config.base_url);
}

FeedUrlParse FeedUrlFor(const WebConfig& config, std::string_view registered,
                        std::string_view ref_json) {
  FeedUrlParse result;
  AccountSource source = SourceFor("", registered, ref_json);
  if (!source.error.empty()) {
    result.error = std::move(source.error);
    return result;
  }
  result.url = FetchUrl(config, source.url);
  return result;
}

}  // namespace postwatch::web
