// Renders an account's posts as RSS 2.0, Atom 1.0 or JSON Feed 1.1 documents, in the
// shapes real blog software produces. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "world.h"

namespace postwatch::sim {

struct FeedContext {
  std::string base_url;      // "http://127.0.0.1:8080", no trailing slash
  std::string slug;          // "acct-3"
  std::string display_name;  // "Account 3"
  int64_t updated_ms = 0;    // the feed's last-change time (newest post, or the start)
  // RSS only: put the full HTML in <content:encoded> (CDATA) and a link-free summary in
  // <description>, as WordPress does; otherwise the full HTML goes, escaped, in
  // <description>.
  bool rss_content_encoded = false;
};

// The Content-Type header value of a format, e.g. "application/rss+xml; charset=utf-8".
std::string_view FeedContentType(FeedFormat format);

// Renders posts (newest first, as World::FeedPosts returns them) as one document.
std::string RenderFeed(FeedFormat format, const FeedContext& context,
                       const std::vector<Post>& posts);
std::string RenderRss(const FeedContext& context, const std::vector<Post>& posts);
std::string RenderAtom(const FeedContext& context, const std::vector<Post>& posts);
std::string RenderJsonFeed(const FeedContext& context, const std::vector<Post>& posts);

// Escapes &, <, >, " and ' for XML text and attribute values.
std::string EscapeXml(std::string_view text);

}  // namespace postwatch::sim
