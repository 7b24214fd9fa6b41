// Turns the items of a Feed into posts and the poll's cursor.
#pragma once

#include <string>
#include <vector>

#include "support/emitter.h"
#include "web/feed_model.h"

namespace postwatch::web {

struct FeedPosts {
  std::vector<plugin::PostFields> posts;
  std::string cursor;  // id of the newest post; "" when there are no posts
};

// Builds at most `max_items` posts (the newest by published_at when the feed has more,
// keeping document order). For each item:
//  - id: the item's id, else its URL, else "hash:" + a stable 64-bit FNV-1a hash of title and
//    date (or of the content when both are empty);
//  - links: content links, plus the item's own URL when its host is not the feed's site host
//    (link blogs, Google Alerts) or the feed names no site; de-duplicated, first order kept.
// The cursor is the id of the newest item by published_at; when no item has a date, the
// first item (feeds list newest first). Thread-safe.
FeedPosts BuildFeedPosts(const Feed& feed, size_t max_items);

}  // namespace postwatch::web
