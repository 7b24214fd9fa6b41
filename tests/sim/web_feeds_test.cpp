#include "web_feeds.h"

#include <gtest/gtest.h>

#include "base/time_format.h"
#include "feed_test_parser.h"
#include "http_date.h"

namespace postwatch::sim {
namespace {

using testing::ParseFeedForTest;

constexpr int64_t kStart = 1'700'000'000'000;

std::vector<Post> SamplePosts() {
  WorldConfig config;
  config.start_time_ms = kStart;
  config.initial_posts = 12;
  config.flag_share = 0.5;
  const World world(config);
  return world.FeedPosts(0, kStart);
}

FeedContext Context(bool content_encoded = false) {
  FeedContext context;
  context.base_url = "http://127.0.0.1:8080";
  context.slug = "acct-0";
  context.display_name = "Account 0 & <friends>";
  context.updated_ms = kStart;
  context.rss_content_encoded = content_encoded;
  return context;
}

struct FormatCase {
  FeedFormat format;
  bool content_encoded;
};

class WebFeedsRoundTripTest : public ::testing::TestWithParam<FormatCase> {};

TEST_P(WebFeedsRoundTripTest, ParsesBackToTheSamePosts) {
  const auto posts = SamplePosts();
  ASSERT_EQ(posts.size(), 12u);
  const std::string body =
      RenderFeed(GetParam().format, Context(GetParam().content_encoded), posts);
  auto feed = ParseFeedForTest(GetParam().format, body);
  ASSERT_TRUE(feed.ok()) << feed.status().ToString() << "\n" << body;
  EXPECT_EQ(feed->title, "Account 0 & <friends>");
  ASSERT_EQ(feed->items.size(), posts.size());
  for (size_t n = 0; n < posts.size(); ++n) {
    const auto& item = feed->items[n];
    EXPECT_EQ(item.id, posts[n].id);
    EXPECT_EQ(item.title, posts[n].title);
    EXPECT_EQ(item.url, "http://127.0.0.1:8080" + posts[n].path);
    EXPECT_EQ(item.content, posts[n].content_html);
    const int64_t seconds = posts[n].published_ms / 1000;
    if (GetParam().format == FeedFormat::kRss) {
      EXPECT_EQ(item.published, FormatRfc822(seconds));
    } else {
      EXPECT_EQ(ParseRfc3339(item.published), seconds) << item.published;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllFormats, WebFeedsRoundTripTest,
                         ::testing::Values(FormatCase{FeedFormat::kRss, false},
                                           FormatCase{FeedFormat::kRss, true},
                                           FormatCase{FeedFormat::kAtom, false},
                                           FormatCase{FeedFormat::kJson, false}));

TEST(WebFeedsTest, RssContentEncodedKeepsLinksOutOfTheDescription) {
  const auto posts = SamplePosts();
  const std::string body = RenderRss(Context(true), posts);
  EXPECT_NE(body.find("<content:encoded><![CDATA[<p>"), std::string::npos);
  EXPECT_NE(body.find("<description>" + EscapeXml(posts[0].title) + "</description>"),
            std::string::npos);
}

TEST(WebFeedsTest, CdataTerminatorInContentSurvives) {
  Post post;
  post.id = "acct-0-post-0";
  post.path = "/acct-0/posts/0";
  post.title = "t";
  post.content_html = "<p>a ]]> b ]]]]> c</p>";
  auto feed = ParseFeedForTest(FeedFormat::kRss, RenderRss(Context(true), {post}));
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].content, post.content_html);
}

TEST(WebFeedsTest, EmptyFeedsAreStillValidDocuments) {
  for (FeedFormat format : {FeedFormat::kRss, FeedFormat::kAtom, FeedFormat::kJson}) {
    auto feed = ParseFeedForTest(format, RenderFeed(format, Context(), {}));
    ASSERT_TRUE(feed.ok()) << FeedFormatName(format) << ": " << feed.status().ToString();
    EXPECT_TRUE(feed->items.empty());
  }
}

TEST(WebFeedsTest, ContentTypesAreTheRegisteredMediaTypes) {
  EXPECT_EQ(FeedContentType(FeedFormat::kRss), "application/rss+xml; charset=utf-8");
  EXPECT_EQ(FeedContentType(FeedFormat::kAtom), "application/atom+xml; charset=utf-8");
  EXPECT_EQ(FeedContentType(FeedFormat::kJson), "application/feed+json; charset=utf-8");
}

}  // namespace
}  // namespace postwatch::sim
