#include "world.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace postwatch::sim {
namespace {

constexpr int64_t kStart = 1'700'000'000'000;

WorldConfig Config(uint64_t seed = 7) {
  WorldConfig config;
  config.seed = seed;
  config.accounts = 100;
  config.start_time_ms = kStart;
  return config;
}

// The host of an absolute http(s) URL.
std::string HostOf(const std::string& url) {
  const size_t start = url.find("://") + 3;
  const size_t end = url.find_first_of("/?#", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool IsUnder(const std::string& host, const std::string& domain) {
  return host == domain || (host.size() > domain.size() &&
                            host.compare(host.size() - domain.size(), domain.size(), domain) == 0 &&
                            host[host.size() - domain.size() - 1] == '.');
}

TEST(WorldTest, SameSeedGivesTheSamePostsAndLinks) {
  const World a(Config(7));
  const World b(Config(7));
  for (uint32_t i = 0; i < 30; ++i) {
    for (uint64_t k = 0; k < 30; ++k) {
      const Post pa = a.MakePost(i, k);
      const Post pb = b.MakePost(i, k);
      ASSERT_EQ(pa.id, pb.id);
      ASSERT_EQ(pa.published_ms, pb.published_ms);
      ASSERT_EQ(pa.title, pb.title);
      ASSERT_EQ(pa.content_html, pb.content_html);
      ASSERT_EQ(pa.links.size(), pb.links.size());
      for (size_t j = 0; j < pa.links.size(); ++j) {
        ASSERT_EQ(pa.links[j].url, pb.links[j].url);
        ASSERT_EQ(pa.links[j].flagged, pb.links[j].flagged);
      }
    }
  }
}

TEST(WorldTest, DifferentSeedsGiveDifferentLinks) {
  const World a(Config(7));
  const World b(Config(8));
  int differing = 0;
  for (uint64_t k = 0; k < 50; ++k) {
    const auto la = a.LinksOf(0, k);
    const auto lb = b.LinksOf(0, k);
    if (la.size() != lb.size() || (!la.empty() && la[0].url != lb[0].url)) ++differing;
  }
  EXPECT_GT(differing, 25);
}

TEST(WorldTest, ExactlyTheInitialPostsArePublishedAtStart) {
  const World world(Config());
  for (uint32_t i = 0; i < world.account_count(); ++i) {
    EXPECT_EQ(world.PublishedCount(i, kStart), 5u) << "account " << i;
    EXPECT_GT(world.PublishedMs(i, 5), kStart) << "account " << i;
  }
}

TEST(WorldTest, PostsAppearOverTimeInOrder) {
  const World world(Config());
  for (uint32_t i = 0; i < 10; ++i) {
    uint64_t previous = 0;
    // Step 7 s through an hour: the count never falls, and agrees with PublishedMs.
    for (int64_t now = kStart - 600'000; now < kStart + 3'600'000; now += 7'000) {
      const uint64_t count = world.PublishedCount(i, now);
      ASSERT_GE(count, previous);
      if (count > 0) {
        ASSERT_LE(world.PublishedMs(i, count - 1), now);
      }
      ASSERT_GT(world.PublishedMs(i, count), now);
      previous = count;
    }
    // About one post a minute (the interval varies +-20% per account).
    EXPECT_GE(previous, 5u + 45u);
    EXPECT_LE(previous, 5u + 80u);
  }
}

TEST(WorldTest, FlagShareIsTheFractionOfPostsWithAFlaggedLink) {
  const World world(Config());
  int flagged_posts = 0;
  int total = 0;
  for (uint32_t i = 0; i < 100; ++i) {
    for (uint64_t k = 0; k < 50; ++k, ++total) {
      const auto links = world.LinksOf(i, k);
      ASSERT_LE(links.size(), 3u);
      for (const PostLink& link : links) {
        if (link.flagged) {
          ++flagged_posts;
          break;
        }
      }
    }
  }
  EXPECT_NEAR(static_cast<double>(flagged_posts) / total, 0.2, 0.02);
}

TEST(WorldTest, FlaggedLinksAreExactlyThoseUnderAFlagDomain) {
  const World world(Config());
  int look_alikes = 0;
  for (uint32_t i = 0; i < 50; ++i) {
    for (uint64_t k = 0; k < 50; ++k) {
      for (const PostLink& link : world.LinksOf(i, k)) {
        const std::string host = HostOf(link.url);
        bool under_flag_domain = false;
        for (const std::string& domain : DefaultFlagDomains()) {
          under_flag_domain = under_flag_domain || IsUnder(host, domain);
        }
        EXPECT_EQ(link.flagged, under_flag_domain) << link.url;
        if (link.flagged) {
          EXPECT_TRUE(IsUnder(host, link.flag_domain)) << link.url;
        }
        if (!link.flagged && host.find("flagged-") != std::string::npos) ++look_alikes;
      }
    }
  }
  EXPECT_GT(look_alikes, 0) << "neutral look-alike hosts make domain matching honest";
}

TEST(WorldTest, FlagShareZeroAndOneAreExact) {
  WorldConfig none = Config();
  none.flag_share = 0;
  WorldConfig all = Config();
  all.flag_share = 1;
  const World world_none(none);
  const World world_all(all);
  for (uint64_t k = 0; k < 200; ++k) {
    for (const PostLink& link : world_none.LinksOf(3, k)) EXPECT_FALSE(link.flagged);
    const auto links = world_all.LinksOf(3, k);
    ASSERT_FALSE(links.empty());
    EXPECT_TRUE(
        std::any_of(links.begin(), links.end(), [](const PostLink& l) { return l.flagged; }));
  }
}

TEST(WorldTest, CustomFlagDomainsAreUsed) {
  WorldConfig config = Config();
  config.flag_share = 1;
  config.flag_domains = {"only.test"};
  const World world(config);
  for (uint64_t k = 0; k < 50; ++k) {
    for (const PostLink& link : world.LinksOf(1, k)) {
      if (link.flagged) {
        EXPECT_TRUE(IsUnder(HostOf(link.url), "only.test")) << link.url;
      }
    }
  }
}

TEST(WorldTest, ContentHtmlCarriesEveryLinkHtmlEscaped) {
  const World world(Config());
  for (uint64_t k = 0; k < 100; ++k) {
    const Post post = world.MakePost(2, k);
    for (const PostLink& link : post.links) {
      std::string escaped;
      for (char c : link.url) escaped += c == '&' ? std::string("&amp;") : std::string(1, c);
      EXPECT_NE(post.content_html.find("href=\"" + escaped + "\""), std::string::npos)
          << post.content_html;
    }
  }
}

TEST(WorldTest, LinksInOnePostAreDistinct) {
  const World world(Config());
  for (uint32_t i = 0; i < 20; ++i) {
    for (uint64_t k = 0; k < 100; ++k) {
      const auto links = world.LinksOf(i, k);
      for (size_t a = 0; a < links.size(); ++a) {
        for (size_t b = a + 1; b < links.size(); ++b) EXPECT_NE(links[a].url, links[b].url);
      }
    }
  }
}

TEST(WorldTest, FormatsRotateRssAtomJson) {
  const World world(Config());
  EXPECT_EQ(world.FormatOf(0), FeedFormat::kRss);
  EXPECT_EQ(world.FormatOf(1), FeedFormat::kAtom);
  EXPECT_EQ(world.FormatOf(2), FeedFormat::kJson);
  EXPECT_EQ(world.FormatOf(99), FeedFormat::kRss);
}

TEST(WorldTest, FeedPostsAreTheNewestFirstCappedAtFeedItems) {
  WorldConfig config = Config();
  config.feed_items = 4;
  const World world(config);
  const auto posts = world.FeedPosts(5, kStart);
  ASSERT_EQ(posts.size(), 4u);
  EXPECT_EQ(posts[0].id, "acct-5-post-4");
  EXPECT_EQ(posts[3].id, "acct-5-post-1");
  EXPECT_EQ(posts[0].path, "/acct-5/posts/4");
}

TEST(WorldTest, ParseSlugAcceptsOnlyCanonicalKnownAccounts) {
  const World world(Config());
  const struct {
    const char* slug;
    std::optional<uint32_t> account;
  } cases[] = {
      {"acct-0", 0},
      {"acct-99", 99},
      {"acct-100", std::nullopt},
      {"acct-01", std::nullopt},
      {"acct-", std::nullopt},
      {"acct-1x", std::nullopt},
      {"acct--1", std::nullopt},
      {"user-1", std::nullopt},
      {"acct-99999999999", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(world.ParseSlug(c.slug), c.account) << c.slug;
}

}  // namespace
}  // namespace postwatch::sim
