// The web platform of the simulator: each account is a small blog with a feed.
//
//   GET|HEAD /acct-<i>/feed        the feed in the account's format, newest feed_items
//                                  published posts; ETag, Last-Modified, 304 on a match
//   GET|HEAD /acct-<i>/            an HTML home page with a feed autodiscovery <link>
//   GET|HEAD /acct-<i>/posts/<k>   an HTML page of a published post
#pragma once

#include <string>

#include "served_log.h"
#include "sim_clock.h"
#include "sim_http.h"
#include "world.h"

namespace postwatch::sim {

// The path prefix this service answers.
inline constexpr std::string_view kWebPrefix = "/acct-";

class WebFeedService {
 public:
  // world and served must outlive the service. base_url ("http://127.0.0.1:8080") prefixes
  // every absolute URL in the feeds. Posts in a GET 200 feed body are recorded in served.
  WebFeedService(const World& world, ServedLog& served, Clock clock, std::string base_url);

  // Thread-safe. 404 for an unknown account or path, 405 for methods other than GET/HEAD.
  SimResponse Handle(const SimRequest& request) const;

 private:
  SimResponse Feed(const SimRequest& request, uint32_t account) const;
  SimResponse HomePage(uint32_t account) const;
  SimResponse PostPage(uint32_t account, std::string_view index_text) const;

  const World& world_;
  ServedLog& served_;
  Clock clock_;
  std::string base_url_;
};

// True when the If-None-Match header value (a list of entity tags, or "*") matches etag,
// using the weak comparison RFC 9110 prescribes for If-None-Match.
bool IfNoneMatchMatches(std::string_view header, std::string_view etag);

}  // namespace postwatch::sim
