// Feed autodiscovery: what a site's HTML page advertises in its <head>.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace postwatch::web {

// One <link rel="alternate"> with a feed media type.
struct AdvertisedFeed {
  std::string url;    // href resolved against the page's base URL; absolute http(s)
  std::string type;   // lowercased media type without parameters: "application/rss+xml", ...
  std::string title;  // the title attribute; may be empty
};

struct SitePage {
  std::vector<AdvertisedFeed> feeds;  // in document order
  // The WordPress REST API root of <link rel="https://api.w.org/" href="...">, resolved;
  // "" when the page has none.
  std::string wordpress_api;
};

// Parses `html` with libxml2's HTML parser (recover mode, no network; `charset` is the HTTP
// Content-Type charset, "" to let the page's <meta charset> decide) and collects every
// <link> whose rel tokens (space-separated, any case) include "alternate" and whose type is
// application/rss+xml, application/atom+xml, application/feed+json or application/json, and
// the WordPress API link. hrefs resolve against the first <base href> (itself resolved
// against `url`), else `url`; hrefs that do not resolve to http(s) are skipped. Never fails;
// a page without links gives an empty SitePage. Thread-safe once xmlInitParser() has run.
SitePage ReadSitePage(std::string_view html, std::string_view url, std::string_view charset);

// True for a feed of comments rather than posts: an href with "/comments/", "comments/feed",
// "comments-rss" or "comments-atom", or a title containing "comments" (any case).
bool IsCommentFeed(const AdvertisedFeed& feed);

// The feed worth polling among `page.feeds`: the first RSS, Atom or JSON Feed (feed+json)
// link that is not a comment feed; else the first application/json link that is neither a
// comment feed nor a WordPress REST resource (WordPress advertises the page's own JSON that
// way); else the first comment feed. "" when there is none.
std::string ChooseFeed(const SitePage& page);

}  // namespace postwatch::web
