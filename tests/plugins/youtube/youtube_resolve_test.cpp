// How the youtube plugin turns what a member registered into requests: channel ids go
// straight to the feed, handles and custom URLs through the public channel page, whose
// canonical or RSS link names the channel id.
#include <gtest/gtest.h>

#include <string>

#include "youtube/channel_ref.h"
#include "youtube_test_support.h"

namespace postwatch::youtube {
namespace {

using testing::AccountFor;
using testing::Fixture;
using testing::LoadYoutube;
using testing::ResponseOf;

constexpr const char* kChannel = "UCq7QmYg2Vx0KdPw9b1Lz3aA";
constexpr const char* kFeed =
    "https://www.youtube.com/feeds/videos.xml?channel_id=UCq7QmYg2Vx0KdPw9b1Lz3aA";

struct PlanCase {
  const char* name;
  const char* config;
  const char* registered;
  const char* canonical_id;
  const char* ref;
  const char* url;  // the one request plan() emits
  const char* tag;
};

class YoutubePlanTest : public ::testing::TestWithParam<PlanCase> {};

TEST_P(YoutubePlanTest, PlansTheFeedOrTheChannelPage) {
  const PlanCase& c = GetParam();
  auto plugin = LoadYoutube(c.config);
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Plan(AccountFor(c.registered, c.canonical_id, "", c.ref));
  ASSERT_EQ(r.code, PW_OK) << r.error;
  ASSERT_EQ(r.requests.size(), 1u);
  EXPECT_EQ(r.requests[0].url, c.url);
  EXPECT_EQ(r.requests[0].tag, c.tag);
  EXPECT_EQ(r.requests[0].method, "GET");
}

INSTANTIATE_TEST_SUITE_P(
    Registrations, YoutubePlanTest,
    ::testing::Values(
        PlanCase{"bare_channel_id", "{}", kChannel, "", "{}", kFeed, "feed"},
        PlanCase{"channel_url", "{}",
                 "https://www.youtube.com/channel/UCq7QmYg2Vx0KdPw9b1Lz3aA/videos", "", "{}", kFeed,
                 "feed"},
        PlanCase{"feed_url", "{}", kFeed, "", "{}", kFeed, "feed"},
        PlanCase{"stored_id_wins", "{}", "@ward7notes", kChannel, "{}", kFeed, "feed"},
        PlanCase{"ref_channel_id", "{}", "@ward7notes", "",
                 R"({"channel_id":"UCq7QmYg2Vx0KdPw9b1Lz3aA"})", kFeed, "feed"},
        PlanCase{"handle", "{}", "@ward7notes", "", "{}", "https://www.youtube.com/@ward7notes",
                 "channel"},
        PlanCase{"bare_name_is_a_handle", "{}", "ward7notes", "", "{}",
                 "https://www.youtube.com/@ward7notes", "channel"},
        PlanCase{"handle_url_without_scheme", "{}", "youtube.com/@ward7notes/shorts", "", "{}",
                 "https://www.youtube.com/@ward7notes", "channel"},
        PlanCase{"custom_url", "{}", "https://www.youtube.com/c/Ward7Notes", "", "{}",
                 "https://www.youtube.com/c/Ward7Notes", "channel"},
        PlanCase{"legacy_vanity_url", "{}", "https://www.youtube.com/Ward7Notes", "", "{}",
                 "https://www.youtube.com/c/Ward7Notes", "channel"},
        PlanCase{"mobile_user_url", "{}", "https://m.youtube.com/user/ward7old", "", "{}",
                 "https://www.youtube.com/user/ward7old", "channel"},
        PlanCase{"simulator_handle", R"({"base_url":"http://127.0.0.1:8080/youtube"})",
                 "http://127.0.0.1:8080/youtube/@acct-3", "", "{}",
                 "http://127.0.0.1:8080/youtube/@acct-3", "channel"},
        PlanCase{
            "simulator_feed", R"({"base_url":"http://127.0.0.1:8080/youtube"})", kChannel, "", "{}",
            "http://127.0.0.1:8080/youtube/feeds/videos.xml?channel_id=UCq7QmYg2Vx0KdPw9b1Lz3aA",
            "feed"}),
    [](const ::testing::TestParamInfo<PlanCase>& param_info) { return param_info.param.name; });

struct BadRegistration {
  const char* name;
  const char* registered;
  const char* ref;
  const char* message_part;
};

class YoutubeBadRegistrationTest : public ::testing::TestWithParam<BadRegistration> {};

TEST_P(YoutubeBadRegistrationTest, PlanRefusesWithAConfigError) {
  const BadRegistration& c = GetParam();
  auto plugin = LoadYoutube();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Plan(AccountFor(c.registered, "", "", c.ref));
  EXPECT_EQ(r.code, PW_E_CONFIG);
  EXPECT_NE(r.error.find(c.message_part), std::string::npos) << r.error;
  EXPECT_TRUE(r.requests.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Registrations, YoutubeBadRegistrationTest,
    ::testing::Values(BadRegistration{"other_host", "https://vimeo.com/@ward7notes", "{}",
                                      "not on youtube.com"},
                      BadRegistration{"video_url", "https://www.youtube.com/watch?v=Zx9-Ty7Uq2w",
                                      "{}", "not a channel"},
                      BadRegistration{"short_channel_id", "https://www.youtube.com/channel/UCshort",
                                      "{}", "UC… channel id"},
                      BadRegistration{"empty", "  ", "{}", "no registered channel"},
                      BadRegistration{"bad_ref_id", "@ward7notes", R"({"channel_id":"UC123"})",
                                      "ref.channel_id"}),
    [](const ::testing::TestParamInfo<BadRegistration>& param_info) {
      return param_info.param.name;
    });

struct ChannelPageCase {
  const char* name;
  const char* fixture;
  const char* channel_id;
};

class YoutubeChannelPageTest : public ::testing::TestWithParam<ChannelPageCase> {};

TEST_P(YoutubeChannelPageTest, ResolveStepEmitsTheChannelIdAndStops) {
  const ChannelPageCase& c = GetParam();
  auto plugin = LoadYoutube();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(
      AccountFor("@ward7notes"),
      ResponseOf(200, Fixture(c.fixture), "resolve", "https://www.youtube.com/@ward7notes"));
  ASSERT_EQ(r.code, PW_DONE) << r.error;
  EXPECT_EQ(r.account_id.value_or("<none>"), c.channel_id);
  EXPECT_TRUE(r.requests.empty());
  EXPECT_TRUE(r.posts.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Pages, YoutubeChannelPageTest,
    ::testing::Values(
        // The canonical link names the id, not the id in ytcfg's script.
        ChannelPageCase{"canonical_link", "channel_page_canonical.html", kChannel},
        // The canonical link is a handle URL: the RSS alternate link names the id.
        ChannelPageCase{"rss_alternate_link", "channel_page_rss_only.html",
                        "UCr5sOnly0123456789abcdE"}),
    [](const ::testing::TestParamInfo<ChannelPageCase>& param_info) {
      return param_info.param.name;
    });

TEST(YoutubeResolveTest, PollOfAHandleReadsTheChannelPageThenTheFeed) {
  auto plugin = LoadYoutube();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(
      AccountFor("@ward7notes"), ResponseOf(200, Fixture("channel_page_canonical.html"), "channel",
                                            "https://www.youtube.com/@ward7notes"));
  ASSERT_EQ(r.code, PW_OK) << r.error;
  EXPECT_EQ(r.account_id.value_or("<none>"), kChannel);
  ASSERT_EQ(r.requests.size(), 1u);
  EXPECT_EQ(r.requests[0].url, kFeed);
  EXPECT_EQ(r.requests[0].tag, "feed");
}

TEST(YoutubeResolveTest, ConsentPageWithoutAChannelIdIsALayoutError) {
  auto plugin = LoadYoutube();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(
      AccountFor("@ward7notes"), ResponseOf(200, Fixture("channel_page_consent.html"), "channel",
                                            "https://www.youtube.com/@ward7notes"));
  EXPECT_EQ(r.code, PW_E_LAYOUT);
  EXPECT_NE(r.error.find("names no channel id"), std::string::npos) << r.error;
  EXPECT_FALSE(r.account_id.has_value());
  EXPECT_TRUE(r.requests.empty());
}

TEST(YoutubeResolveTest, UnknownHandleIsGone) {
  auto plugin = LoadYoutube();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(
      AccountFor("@nobody-here"),
      ResponseOf(404, Fixture("feed_404.html"), "resolve", "https://www.youtube.com/@nobody-here"));
  EXPECT_EQ(r.code, PW_E_GONE);
  EXPECT_NE(r.error.find("no such YouTube channel"), std::string::npos) << r.error;
}

TEST(YoutubeResolveTest, ResolveOfAHandleAsksForTheChannelPage) {
  auto plugin = LoadYoutube();
  ASSERT_NE(plugin, nullptr);
  ASSERT_TRUE(plugin->manifest().has_resolve);
  PluginCallResult r = plugin->Resolve(AccountFor("https://www.youtube.com/@ward7notes"));
  ASSERT_EQ(r.code, PW_OK) << r.error;
  ASSERT_EQ(r.requests.size(), 1u);
  EXPECT_EQ(r.requests[0].url, "https://www.youtube.com/@ward7notes");
  EXPECT_EQ(r.requests[0].tag, "resolve");
  EXPECT_FALSE(r.account_id.has_value());
}

TEST(YoutubeResolveTest, ResolveOfAChannelUrlNeedsNoRequest) {
  auto plugin = LoadYoutube();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r =
      plugin->Resolve(AccountFor("https://www.youtube.com/channel/UCq7QmYg2Vx0KdPw9b1Lz3aA"));
  EXPECT_EQ(r.code, PW_DONE) << r.error;
  EXPECT_EQ(r.account_id.value_or("<none>"), kChannel);
  EXPECT_TRUE(r.requests.empty());
}

}  // namespace
}  // namespace postwatch::youtube
