#include "world.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

namespace postwatch::sim {

namespace {

// Salts keep the hash streams of different decisions independent.
constexpr uint64_t kSaltInterval = 1;
constexpr uint64_t kSaltJitter = 2;
constexpr uint64_t kSaltFlag = 3;
constexpr uint64_t kSaltLinks = 4;
constexpr uint64_t kSaltTitle = 5;
constexpr uint64_t kSaltLink = 100;  // + link position, + 16 per retry

constexpr int64_t kMinIntervalMs = 20;

// SplitMix64's finaliser: a fast, well-mixed 64-bit hash. Used instead of <random>
// distributions, whose output is implementation-defined.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A double in [0, 1) from the top 53 bits of h.
double Unit(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

const char* const kTopics[] = {
    "Cập nhật tình hình giao thông",
    "Q&A with residents",
    "Notes <draft> from the council",
    "Weekly roundup",
    "Đường phố sạch hơn",
    "\"Quoted\" news of the day",
    "Market prices & weather",
    "Thông báo lịch cắt điện",
};

const char* const kAnchorTexts[] = {"this story", "read more", "source", "details here"};

const char* const kFlaggedPaths[] = {"/", "/a/b", "/story/", "/p/"};
const char* const kFlaggedHostPrefixes[] = {"", "www.", "news.", "m."};

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string_view FeedFormatName(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss:
      return "rss";
    case FeedFormat::kAtom:
      return "atom";
    case FeedFormat::kJson:
      return "json";
  }
  return "rss";
}

const std::vector<std::string>& DefaultFlagDomains() {
  static const std::vector<std::string> kDomains = {
      "flagged-one.example", "flagged-two.example", "disinfo-hub.example",
      "rumour-mill.test",    "click-farm.test",
  };
  return kDomains;
}

World::World(WorldConfig config)
    : config_(std::move(config)),
      interval_ms_(
          std::max<int64_t>(kMinIntervalMs, std::llround(config_.post_interval_s * 1000))) {
  config_.feed_items = std::max<uint32_t>(1, config_.feed_items);
}

uint64_t World::Hash(uint64_t salt, uint64_t a, uint64_t b) const {
  return Mix(Mix(Mix(Mix(config_.seed) ^ salt) ^ a) ^ b);
}

FeedFormat World::FormatOf(uint32_t account) const { return static_cast<FeedFormat>(account % 3); }

std::string World::Slug(uint32_t account) { return "acct-" + std::to_string(account); }

std::string World::PostId(uint32_t account, uint64_t index) {
  return Slug(account) + "-post-" + std::to_string(index);
}

std::string World::DisplayName(uint32_t account) { return "Account " + std::to_string(account); }

std::optional<uint32_t> World::ParseSlug(std::string_view slug) const {
  constexpr std::string_view kPrefix = "acct-";
  if (slug.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view digits = slug.substr(kPrefix.size());
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (value >= config_.accounts) return std::nullopt;
  return value;
}

int64_t World::IntervalMs(uint32_t account) const {
  const double factor = 0.8 + 0.4 * Unit(Hash(kSaltInterval, account, 0));
  return std::max<int64_t>(kMinIntervalMs,
                           std::llround(static_cast<double>(interval_ms_) * factor));
}

int64_t World::PublishedMs(uint32_t account, uint64_t index) const {
  const int64_t interval = IntervalMs(account);
  const double jitter_share = 0.05 + 0.45 * Unit(Hash(kSaltJitter, account, index));
  const auto jitter = static_cast<int64_t>(static_cast<double>(interval) * jitter_share);
  const int64_t base =
      config_.start_time_ms - static_cast<int64_t>(config_.initial_posts) * interval;
  return base + static_cast<int64_t>(index) * interval + std::max<int64_t>(1, jitter);
}

uint64_t World::PublishedCount(uint32_t account, int64_t now_ms) const {
  const int64_t interval = IntervalMs(account);
  const int64_t base =
      config_.start_time_ms - static_cast<int64_t>(config_.initial_posts) * interval;
  if (now_ms <= base) return 0;
  // published(k) lies in (base + k*I, base + (k+0.5)*I), so the answer is k0 or k0+1 with
  // k0 = floor((now - base) / I); start one lower to stay safe at the edges.
  const auto k0 = static_cast<uint64_t>((now_ms - base) / interval);
  uint64_t n = k0 > 0 ? k0 - 1 : 0;
  while (PublishedMs(account, n) <= now_ms) ++n;
  return n;
}

std::string World::FlaggedUrl(uint64_t h) const {
  const std::string& domain = config_.flag_domains[h % config_.flag_domains.size()];
  std::string url = ((h >> 10) & 1) ? "https://" : "http://";
  url += kFlaggedHostPrefixes[(h >> 8) & 3];
  url += domain;
  const uint64_t path_kind = (h >> 11) & 3;
  url += kFlaggedPaths[path_kind];
  if (path_kind == 2) url += std::to_string((h >> 20) % 100000);
  if (path_kind == 3) url += std::to_string((h >> 20) % 1000) + ".html";
  switch ((h >> 14) & 3) {
    case 1:
      url += "?utm_source=postwatch-sim";
      break;
    case 2:
      url += "?id=" + std::to_string((h >> 40) % 1000) + "&utm_medium=social";
      break;
    default:
      break;
  }
  if (((h >> 16) & 7) == 0) url += "#top";
  return url;
}

std::string World::NeutralUrl(uint64_t h) const {
  const std::string n = std::to_string((h >> 24) % 50);
  const uint64_t kind = (h >> 4) & 31;
  if (!config_.flag_domains.empty() && kind == 0) {
    // Look-alike: a flag domain as a label of a neutral host is not that domain.
    return "https://" + config_.flag_domains[(h >> 32) % config_.flag_domains.size()] +
           ".neutral-" + n + ".example/look-alike";
  }
  if (!config_.flag_domains.empty() && kind == 1) {
    // Look-alike: ends with a flag domain's text but is another registrable domain.
    return "https://not" + config_.flag_domains[(h >> 32) % config_.flag_domains.size()] +
           "/suffix-trap";
  }
  std::string url = "https://neutral-" + n + ".example/";
  if (kind & 2) url += "articles/" + std::to_string((h >> 40) % 10000);
  if (kind & 4) url += "?ref=feed";
  return url;
}

std::vector<PostLink> World::LinksOf(uint32_t account, uint64_t index) const {
  const bool flagged_post =
      !config_.flag_domains.empty() && Unit(Hash(kSaltFlag, account, index)) < config_.flag_share;
  const uint64_t h = Hash(kSaltLinks, account, index);
  uint64_t count = h % 4;
  if (flagged_post && count == 0) count = 1;
  std::vector<bool> flagged_at(count, false);
  if (flagged_post) {
    const uint64_t first = (h >> 8) % count;
    flagged_at[first] = true;
    if (count >= 2 && ((h >> 16) & 3) == 0) flagged_at[(first + 1) % count] = true;
  }
  std::vector<PostLink> links;
  links.reserve(count);
  for (uint64_t j = 0; j < count; ++j) {
    PostLink link;
    // Retry with a new salt until the URL differs from the post's earlier links.
    for (uint64_t attempt = 0;; ++attempt) {
      const uint64_t hj = Hash(kSaltLink + j + 16 * attempt, account, index);
      link.url = flagged_at[j] ? FlaggedUrl(hj) : NeutralUrl(hj);
      if (flagged_at[j]) link.flag_domain = config_.flag_domains[hj % config_.flag_domains.size()];
      bool duplicate = std::any_of(links.begin(), links.end(),
                                   [&](const PostLink& other) { return other.url == link.url; });
      if (!duplicate) break;
    }
    link.flagged = flagged_at[j];
    links.push_back(std::move(link));
  }
  return links;
}

Post World::MakePost(uint32_t account, uint64_t index) const {
  Post post;
  post.account = account;
  post.index = index;
  post.id = PostId(account, index);
  post.path = "/" + Slug(account) + "/posts/" + std::to_string(index);
  post.published_ms = PublishedMs(account, index);
  const uint64_t h = Hash(kSaltTitle, account, index);
  post.title = std::string(kTopics[h % std::size(kTopics)]) + " #" + std::to_string(index);
  post.links = LinksOf(account, index);

  std::string html = "<p>" + EscapeHtml(post.title) + " from " + DisplayName(account) + ".</p>";
  for (size_t j = 0; j < post.links.size(); ++j) {
    const std::string href = EscapeHtml(post.links[j].url);
    // Sometimes the anchor text is the URL itself, as blog software often writes it.
    const bool url_as_text = ((h >> (8 + j)) & 1) != 0;
    html += "<p>See <a href=\"" + href + "\">" +
            (url_as_text ? href : kAnchorTexts[(h >> (12 + 2 * j)) % std::size(kAnchorTexts)]) +
            "</a>.</p>";
  }
  // Filler paragraphs (no links), so feeds can have the size of real blog feeds.
  for (uint64_t n = 0; html.size() < config_.post_text_bytes; ++n) {
    html += "<p>" + EscapeHtml(kTopics[(h + n) % std::size(kTopics)]) + " and more.</p>";
  }
  post.content_html = std::move(html);
  return post;
}

std::vector<Post> World::FeedPosts(uint32_t account, int64_t now_ms) const {
  const uint64_t count = PublishedCount(account, now_ms);
  const uint64_t shown = std::min<uint64_t>(count, config_.feed_items);
  std::vector<Post> posts;
  posts.reserve(shown);
  for (uint64_t n = 0; n < shown; ++n) posts.push_back(MakePost(account, count - 1 - n));
  return posts;
}

}  // namespace postwatch::sim
