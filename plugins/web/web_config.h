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
//   kind       "feed" or "wordpress", optional: "feed" polls the URL as a feed without
//              autodiscovery; "wordpress" reads the site's REST API (wp/v2/posts) instead of
//              its feed.
extern const char* const kWebAccountSchema;

struct WebConfig {
  int max_items = 100;
  int wordpress_per_page = 100;  // posts per WordPress REST page, 1..100
  std::string base_url;          // "" when unset
};

struct WebConfigParse {
  WebConfig config;
  std::string error;  // "" on success
};

// Parses the plugin config (comments and trailing commas allowed; "" means all defaults).
// Rechecks what the schema says, so a host that skipped validation still gets PW_E_CONFIG
// rather than surprises. Thread-safe.
WebConfigParse ParseWebConfig(std::string_view json);

// What kind of source an account's URL is.
enum class SourceKind {
  kUnknown,    // a URL that may be a feed or a page advertising one: discover
  kFeed,       // a feed URL (ref.feed_url, ref.kind "feed", or a resolved feed)
  kWordPress,  // a WordPress REST API posts collection; `url` is the collection
};

struct AccountSource {
  std::string url;  // absolute http(s), before config.base_url is applied
  SourceKind kind = SourceKind::kUnknown;
  bool discover = true;  // false for ref.kind "feed": an HTML answer is an error
  // ref.kind "wordpress": the REST API was asked for, so there is no falling back to the
  // site's feed when it refuses.
  bool wordpress_required = false;
  std::string error;  // "" on success
};

// What to poll for an account, in this order: ref.feed_url; else the canonical id (the URL
// resolve() or an earlier poll found) when it is an http(s) URL; else what was registered
// ("https://" is added when it has no scheme). ref.kind "wordpress", or a URL on a
// WordPress REST API (see IsWordPressApiUrl), makes it the site's posts collection. Errors
// when the ref is not a JSON object, a key has the wrong type or value, or the URL is not
// http(s). Thread-safe.
AccountSource SourceFor(std::string_view canonical_id, std::string_view registered,
                        std::string_view ref_json);

// The URL to fetch for `url`: config.base_url replaces its scheme and host (see
// plugin::ReplaceOrigin) unless it is unset or `url` is already under it. Thread-safe.
std::string FetchUrl(const WebConfig& config, std::string_view url);

struct FeedUrlParse {
  std::string url;
  std::string error;  // "" on success
};

// FetchUrl of SourceFor's URL for an account without a canonical id (kept for callers that
// only need the first URL of a poll).
FeedUrlParse FeedUrlFor(const WebConfig& config, std::string_view registered,
                        std::string_view ref_json);

}  // namespace postwatch::web
