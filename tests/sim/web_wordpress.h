// WordPress REST API (wp/v2) answers of the simulator's web sites: a posts collection with
// WordPress's paging headers and error bodies. Pure functions of the world, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim_http.h"
#include "world.h"

namespace postwatch::sim {

// The numeric WordPress id of post `index` (ids skip numbers, as drafts and pages take
// some): 2 * index + 5.
uint64_t WordPressPostNumber(uint64_t index);

// What a page request asks for, after WordPress's own checks.
struct WordPressPageRequest {
  int64_t page = 1;       // ?page=, default 1
  int64_t per_page = 10;  // ?per_page=, default 10, WordPress allows 1..100
};

// Parses ?page= and ?per_page= (other parameters, such as _fields, are accepted and
// ignored). Fails with WordPress's 400 rest_invalid_param body in `error`.
struct WordPressPageParse {
  WordPressPageRequest request;
  bool ok = true;
  SimResponse error;
};
WordPressPageParse ParseWordPressPageQuery(std::string_view query);

// Which post indexes a page shows, newest first: [first, last] with first >= last, or none.
struct WordPressPageRange {
  bool empty = true;
  uint64_t newest = 0;  // the highest index on the page
  uint64_t oldest = 0;  // the lowest index on the page
  uint64_t total_pages = 0;
  bool past_the_end = false;  // page > total_pages (and not the first page of nothing)
};
WordPressPageRange WordPressPageOf(uint64_t published, const WordPressPageRequest& request);

// The site of an account: "<base_url>/site/acct-<i>", no trailing slash.
struct WordPressSite {
  std::string site_url;
};

// The guid WordPress gives post `index`: "<site_url>/?p=<number>", which the web plugin
// reports as the post id.
std::string WordPressGuid(const WordPressSite& site, uint64_t index);

// The 200 answer for a page of posts (indexes range.newest down to range.oldest), with
// X-WP-Total, X-WP-TotalPages and a Link rel="next" when there is a next page.
SimResponse RenderWordPressPage(const World& world, uint32_t account, const WordPressSite& site,
                                uint64_t published, const WordPressPageRequest& request,
                                const WordPressPageRange& range);

// WordPress's error bodies: {"code": ..., "message": ..., "data": {"status": N}}.
SimResponse WordPressError(unsigned status, std::string_view code, std::string_view message);

// The API root (GET /wp-json/), enough to say that wp/v2 is there.
SimResponse RenderWordPressApiRoot(const WordPressSite& site, std::string_view name);

}  // namespace postwatch::sim
