#include "web/feed_posts.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <unordered_set>

#include "support/url_ref.h"

namespace postwatch::web {
namespace {

std::string StableHashId(const FeedItem& item) {
  std::string key = item.text + "\n" + item.date_text;
  if (item.text.empty() && item.date_text.empty()) key = item.content_key;
  uint64_t hash = 14695981039346656037ull;  // FNV-1a 64 offset basis
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "hash:";
  for (int shift = 60; shift >= 0; shift -= 4) id += kHex[(hash >> shift) & 0xf];
  return id;
}

plugin::PostFields ToPost(const FeedItem& item, const std::string& site_host) {
  plugin::PostFields post;
  post.id = !item.id.empty() ? item.id : !item.url.empty() ? item.url : StableHashId(item);
  post.url = item.url;
  post.published_at = item.published_at;
  post.kind = PW_POST_KIND_POST;
  post.text = item.text;
  std::unordered_set<std::string> seen;
  auto add = [&](const std::string& link) {
    if (!link.empty() && seen.insert(link).second) post.links.push_back(link);
  };
  for (const std::string& link : item.links) add(link);
  if (!item.url.empty() &&
      (site_host.empty() || !plugin::SameSite(plugin::UrlHost(item.url), site_host))) {
    add(item.url);
  }
  return post;
}

}  // namespace

FeedPosts BuildFeedPosts(const Feed& feed, size_t max_items) {
  FeedPosts result;
  std::vector<size_t> order(feed.items.size());
  std::iota(order.begin(), order.end(), size_t{0});
  if (order.size() > max_items) {
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return feed.items[a].published_at > feed.items[b].published_at;
    });
    order.resize(max_items);
    std::sort(order.begin(), order.end());
  }
  std::string site_host = plugin::UrlHost(feed.site_url);
  const FeedItem* newest = nullptr;
  size_t newest_index = 0;
  for (size_t index : order) {
    const FeedItem& item = feed.items[index];
    result.posts.push_back(ToPost(item, site_host));
    if (newest == nullptr || item.published_at > newest->published_at) {
      newest = &item;
      newest_index = result.posts.size() - 1;
    }
  }
  if (newest != nullptr) result.cursor = result.posts[newest_index].id;
  return result;
}

}  // namespace postwatch::web
