// The youtube plugin's feed mode, driven through the daemon's plugin host with synthetic
// fixtures in YouTube's real feed format: every post, id, time and link, and the error shapes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "youtube_test_support.h"

namespace postwatch::youtube {
namespace {

using testing::AccountFor;
using testing::Fixture;
using testing::LoadYoutube;
using testing::ResponseOf;

constexpr const char* kChannel = "UCq7QmYg2Vx0KdPw9b1Lz3aA";
constexpr const char* kFeedUrl =
    "https://www.youtube.com/feeds/videos.xml?channel_id=UCq7QmYg2Vx0KdPw9b1Lz3aA";

struct ExpectedVideo {
  std::string id;
  std::string url;
  int64_t published_at;
  std::string text;
  std::vector<std::string> links;
};

TEST(YoutubeFeedTest, EmitsEveryVideoWithItsUrlTimeTitleAndDescriptionLinks) {
  auto plugin = LoadYoutube();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r =
      plugin->Parse(AccountFor(kChannel, kChannel),
                    ResponseOf(200, Fixture("feed_channel.xml"), "feed", kFeedUrl));
  ASSERT_EQ(r.code, PW_DONE) << r.error;
  const std::vector<ExpectedVideo> want = {
      // A Short: its alternate link is the /shorts/ URL, and it is a video like any other.
      {"Ab3dE_fGh1k",
       "https://www.youtube.com/shorts/Ab3dE_fGh1k",
       1716197400,
       "Flood barrier in 30 seconds",
       {"https://city.example.gov/flood/barrier?phase=2&lang=en"}},
      // Emoji before a link, a link in parentheses, a www. link with "!" after it, and the
      // same link twice (kept once).
      {"Zx9-Ty7Uq2w",
       "https://www.youtube.com/watch?v=Zx9-Ty7Uq2w",
       1716051942,
       "Council meeting recap: budget & \"the bridge\"",
       {"https://council.example.org/minutes/2024-05-14.pdf", "https://news.example.com/story/881",
        "https://forum.example.net/t/bridge", "http://www.petition.example.org/bridge"}},
      {"Mn0pQr8sT4v",
       "https://www.youtube.com/watch?v=Mn0pQr8sT4v",
       1715493600,
       "Morning walk along the canal",
       {}},
  };
  ASSERT_EQ(r.posts.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(want[i].id);
    EXPECT_EQ(r.posts[i].id, want[i].id);
    EXPECT_EQ(r.posts[i].url, want[i].url);
    EXPECT_EQ(r.posts[i].published_at, want[i].published_at);
    EXPECT_EQ(r.posts[i].text, want[i].text);
    EXPECT_EQ(r.posts[i].links, want[i].links);
    EXPECT_EQ(r.posts[i].kind, PostKind::kVideo);
  }
  EXPECT_EQ(r.cursor.value_or("<none>"), "Ab3dE_fGh1k");
  EXPECT_FALSE(r.account_id.has_value()) << "the id was known already";
  EXPECT_TRUE(r.requests.empty());
}

TEST(YoutubeFeedTest, FeedOfAnUnresolvedAccountNamesTheEntryLevelChannelId) {
  auto plugin = LoadYoutube();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(
      AccountFor(kChannel), ResponseOf(200, Fixture("feed_channel.xml"), "feed", kFeedUrl));
  ASSERT_EQ(r.code, PW_DONE) << r.error;
  // The feed-level <yt:channelId> is "q7Qm…" without "UC"; the entry-level one is complete.
  EXPECT_EQ(r.account_id.value_or("<none>"), kChannel);
}

TEST(YoutubeFeedTest, EmptyFeedIsNoPostsNotAnError) {
  auto plugin = LoadYoutube();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(AccountFor("UCe3mPtYnoVideos0000000A"),
                                     ResponseOf(200, Fixture("feed_empty.xml"), "feed", kFeedUrl));
  ASSERT_EQ(r.code, PW_DONE) << r.error;
  EXPECT_TRUE(r.posts.empty());
  EXPECT_FALSE(r.cursor.has_value());
  // Without entries, the id comes from the feed-level element with "UC" put back.
  EXPECT_EQ(r.account_id.value_or("<none>"), "UCe3mPtYnoVideos0000000A");
}

struct FeedErrorCase {
  const char* name;
  int status;
  const char* fixture;  // the body's fixture file, or nullptr to use `body`
  const char* body;
  pw_status code;
  const char* message_part;
};

class YoutubeFeedErrorTest : public ::testing::TestWithParam<FeedErrorCase> {};

TEST_P(YoutubeFeedErrorTest, ReportsTheTypedErrorWithAReadableMessage) {
  const FeedErrorCase& c = GetParam();
  auto plugin = LoadYoutube();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(
      AccountFor(kChannel, kChannel),
      ResponseOf(c.status, c.fixture ? Fixture(c.fixture) : c.body, "feed", kFeedUrl));
  EXPECT_EQ(r.code, c.code) << r.error;
  EXPECT_NE(r.error.find(c.message_part), std::string::npos) << r.error;
  EXPECT_TRUE(r.posts.empty());
  EXPECT_FALSE(r.cursor.has_value());
}

INSTANTIATE_TEST_SUITE_P(
    Responses, YoutubeFeedErrorTest,
    ::testing::Values(
        // YouTube answers an unknown or deleted channel's feed with an HTML 404 page.
        FeedErrorCase{"html_404_is_gone", 404, "feed_404.html", "", PW_E_GONE,
                      "channel was deleted"},
        FeedErrorCase{"html_200_is_layout", 200, "channel_page_consent.html", "", PW_E_LAYOUT,
                      "expected"},
        FeedErrorCase{"other_xml_is_layout", 200, nullptr,
                      "<?xml version=\"1.0\"?><rss><channel/></rss>", PW_E_LAYOUT, "<rss>"},
        FeedErrorCase{"noise_is_parse_error", 200, nullptr, "\x01\x02 not xml", PW_E_PARSE,
                      "not XML"},
        FeedErrorCase{"forbidden_is_auth", 403, nullptr, "", PW_E_AUTH, "HTTP 403"},
        FeedErrorCase{"server_error_is_parse", 500, nullptr, "", PW_E_PARSE, "HTTP 500"}),
    [](const ::testing::TestParamInfo<FeedErrorCase>& param_info) {
      return param_info.param.name;
    });

TEST(YoutubeFeedTest, UnknownTagIsAnInternalError) {
  auto plugin = LoadYoutube();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r =
      plugin->Parse(AccountFor(kChannel, kChannel),
                    ResponseOf(200, Fixture("feed_channel.xml"), "page", kFeedUrl));
  EXPECT_EQ(r.code, PW_E_INTERNAL);
  EXPECT_NE(r.error.find("\"page\""), std::string::npos) << r.error;
}

}  // namespace
}  // namespace postwatch::youtube
