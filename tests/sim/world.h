// The simulated world: a fixed set of synthetic accounts that publish posts over time.
//
// Everything here is a pure function of the WorldConfig (seed, sizes, start time), so two
// Worlds built from the same config agree on every post, its publication time and its
// links. Tests and the end-to-end checks can therefore recompute, for any (account, post
// index), exactly which links a post carries and which of them point at a flagged domain.
//
// Timeline of account i, with interval I_i (the mean interval, varied by +-20% per account)
// and K = initial_posts:
//   published(i, k) = start - K * I_i + k * I_i + jitter(i, k),  jitter in [0.05, 0.5) * I_i
// so exactly K posts are published before start, and one more roughly every I_i after.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postwatch::sim {

enum class FeedFormat { kRss, kAtom, kJson };

// "rss", "atom" or "json".
std::string_view FeedFormatName(FeedFormat format);

// The built-in flagged domains: reserved .example/.test names, so nothing real is hit.
const std::vector<std::string>& DefaultFlagDomains();

struct WorldConfig {
  uint64_t seed = 1;
  uint32_t accounts = 100;
  double post_interval_s = 60;   // mean time between one account's posts; >= 0.02
  uint32_t initial_posts = 5;    // posts each account published before start_time_ms
  uint32_t feed_items = 20;      // a feed shows at most this many newest posts; >= 1
  uint32_t post_text_bytes = 0;  // link-free filler text appended to each post's HTML
  double flag_share = 0.2;       // fraction of posts with a link to a flagged domain, [0, 1]
  std::vector<std::string> flag_domains = DefaultFlagDomains();
  int64_t start_time_ms = 0;  // Unix ms; the moment the simulation starts
};

struct PostLink {
  std::string url;          // as written in the post's HTML (before HTML escaping)
  bool flagged = false;     // true when the host is a flag domain or one of its subdomains
  std::string flag_domain;  // the flag domain it points at, when flagged
};

struct Post {
  uint32_t account = 0;
  uint64_t index = 0;  // k: 0 is the account's first post
  std::string id;      // "acct-<i>-post-<k>", the id in every feed format
  std::string path;    // "/acct-<i>/posts/<k>", appended to the server's base URL
  int64_t published_ms = 0;
  std::string title;         // plain text, may contain UTF-8, '&', '<' and quotes
  std::string content_html;  // HTML fragment with one <a href> per link
  std::vector<PostLink> links;
};

// Immutable after construction, so every method is thread-safe.
class World {
 public:
  // Preconditions: config values within the bounds documented in WorldConfig
  // (ParseSimOptions enforces them).
  explicit World(WorldConfig config);

  const WorldConfig& config() const { return config_; }
  uint32_t account_count() const { return config_.accounts; }

  FeedFormat FormatOf(uint32_t account) const;
  static std::string Slug(uint32_t account);  // "acct-<i>"
  static std::string PostId(uint32_t account, uint64_t index);
  static std::string DisplayName(uint32_t account);  // "Account <i>"
  // The account of a slug: canonical "acct-<digits>" (no leading zeros) below
  // account_count(); nullopt otherwise.
  std::optional<uint32_t> ParseSlug(std::string_view slug) const;

  // Mean interval of this account's posts, in ms.
  int64_t IntervalMs(uint32_t account) const;
  int64_t PublishedMs(uint32_t account, uint64_t index) const;
  // How many posts (indexes 0..n-1) the account has published at or before now_ms.
  uint64_t PublishedCount(uint32_t account, int64_t now_ms) const;

  // The post, whether or not it is published yet.
  Post MakePost(uint32_t account, uint64_t index) const;
  // Just the links of a post (cheaper than MakePost).
  std::vector<PostLink> LinksOf(uint32_t account, uint64_t index) const;

  // The newest min(feed_items, PublishedCount) posts at now_ms, newest first.
  std::vector<Post> FeedPosts(uint32_t account, int64_t now_ms) const;

 private:
  uint64_t Hash(uint64_t salt, uint64_t a, uint64_t b) const;
  std::string FlaggedUrl(uint64_t h) const;
  std::string NeutralUrl(uint64_t h) const;

  WorldConfig config_;
  int64_t interval_ms_;  // the mean interval, before the per-account variation
};

}  // namespace postwatch::sim
