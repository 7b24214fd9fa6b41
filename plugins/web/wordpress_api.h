// The WordPress REST API (wp/v2) as the web plugin uses it: endpoint URLs and the cursor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace postwatch::web {

// True when `url` is on a WordPress REST API: its path contains "/wp-json/" or ends in
// "/wp-json", or its query has "rest_route=" (sites without pretty permalinks).
bool IsWordPressApiUrl(std::string_view url);

// The posts collection of the API that `url` belongs to: the API root
// ("https://s.example/wp-json/"), any route under it, or a rest_route URL
// ("https://s.example/?rest_route=/") -> ".../wp-json/wp/v2/posts" or
// "...?rest_route=/wp/v2/posts". Query and fragment are dropped. "" when `url` is not on a
// WordPress API.
std::string WordPressPostsEndpoint(std::string_view url);

// The posts collection of a WordPress site registered by its address, WordPress installed in
// the URL's directory: "https://s.example/blog/" and "https://s.example/blog" ->
// "https://s.example/blog/wp-json/wp/v2/posts". Query and fragment are dropped.
std::string WordPressSiteEndpoint(std::string_view site_url);

// The RSS feed WordPress serves for the site of a posts collection: ".../wp-json/wp/v2/posts"
// -> ".../feed/", "...?rest_route=/wp/v2/posts" -> "...?feed=rss2". "" when `endpoint` is not
// a posts collection.
std::string WordPressFeedUrl(std::string_view endpoint);

// Page `page` (from 1) of `per_page` posts, newest first, with only the fields the plugin
// reads (_fields), appended to the endpoint's query.
std::string WordPressPageUrl(std::string_view endpoint, int page, int per_page);

// The newest post seen: its publication time (date_gmt) and its numeric id. Posts are
// listed newest first; a post is new when (published_at, id) is greater.
struct WordPressCursor {
  int64_t published_at = 0;
  int64_t id = 0;
  friend bool operator<(const WordPressCursor& a, const WordPressCursor& b) {
    return a.published_at != b.published_at ? a.published_at < b.published_at : a.id < b.id;
  }
};

// "wp:<published_at>:<id>".
std::string FormatWordPressCursor(const WordPressCursor& cursor);

// The cursor of FormatWordPressCursor; nullopt for anything else (an empty cursor, or the
// item id a feed poll stored).
std::optional<WordPressCursor> ParseWordPressCursor(std::string_view text);

}  // namespace postwatch::web
