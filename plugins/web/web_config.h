// The web plugin's config and account ref: their JSON Schemas and their parsed form.
#pragma once

#include <string>
#include <string_view>

namespace postwatch::web {

// JSON Schema (draft 4) of the plugin's config. Keys:
//   max_items  integer 1..1000, default 100: at most this many posts per poll (the newest).
//   base_url   string "http(s)://host[:port][/prefix]", default unset. For tests and demos
//              only: replaces the scheme and host of every feed URL (and prefixes its path),
//              so that accounts registered with real URLs are fetched from postwatch-sim.
extern const char* const kWebConfigSchema;

// JSON Schema (draft 4) of an account's ref. Keys:
//   feed_url   string http(s) URL, optional: the feed to poll when the registered URL is the
//              site rather than its feed.
extern const char* const kWebAccountSchema;

struct WebConfig {
  int max_items = 100;
  std::string base_url;  // "" when unset
};

struct WebConfigParse {
  WebConfig config;
  std::string error;  // "" on success
};

// Parses the plugin config (comments and trailing commas allowed; "" means all defaults).
// Rechecks what the schema says, so a host that skipped validation still gets PW_E_CONFIG
// rather than surprises. Thread-safe.
WebConfigParse ParseWebConfig(std::string_view json);

struct FeedUrlParse {
  std::string url;
  std::string error;  // "" on success
};

// The URL to poll for an account: ref.feed_url when set, else what was registered ("https://"
// is added when it has no scheme), rewritten by config.base_url when that is set. Errors when
// the ref is not a JSON object, feed_url is not a string, or the URL is not http(s).
FeedUrlParse FeedUrlFor(const WebConfig& config, std::string_view registered,
                        std::string_view ref_json);

}  // namespace postwatch::web
