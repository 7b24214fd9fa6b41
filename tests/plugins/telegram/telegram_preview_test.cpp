// The telegram plugin reading t.me/s/<channel> preview pages, driven through the daemon's
// plugin host with synthetic pages in the real markup: every message, id, time and link,
// forwards as shares, and the pages that mean "cannot be read".
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "telegram_test_support.h"

namespace postwatch::telegram {
namespace {

using testing::AccountFor;
using testing::Fixture;
using testing::LoadTelegram;
using testing::PageOf;

struct ExpectedMessage {
  std::string id;
  int64_t published_at;
  PostKind kind;
  std::string text;
  std::vector<std::string> links;
  std::string shared_url;
};

TEST(TelegramPreviewTest, EmitsEveryMessageWithItsTimeTextAndLinks) {
  auto plugin = LoadTelegram();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r =
      plugin->Parse(AccountFor("@ward7news"), PageOf(200, Fixture("channel_page.html")));
  ASSERT_EQ(r.code, PW_DONE) << r.error;
  const std::vector<ExpectedMessage> want = {
      // Emoji before a link; hashtag and cashtag searches and the post's own link are not
      // links; a link to another post of the channel is.
      {"101",
       1716189303,
       PostKind::kPost,
       "Road works on Main St from Monday. 🚧Detour map Earlier update: t.me/ward7news/95 "
       "#roadworks #ward7 $CITY Share: t.me/ward7news/101",
       {"https://city.example.gov/roadworks/main-st?week=21&lang=en", "https://t.me/ward7news/95"},
       ""},
      // A forward is a share of the original message.
      {"102",
       1716195764,
       PostKind::kShare,
       "Water will be off on Tuesday 9:00–13:00. Details: water.example.org/outages/7",
       {"https://water.example.org/outages/7"},
       "https://t.me/cityhall_official/4410"},
      // The link preview repeats the text's link (kept once); the quoted reply's link and
      // the preview's description are not this message's links.
      {"103",
       1716208200,
       PostKind::kPost,
       "Opinion piece worth reading 👇 https://opinion.example.net/2024/05/parks",
       {"https://opinion.example.net/2024/05/parks"},
       ""},
      // 104 is a service message ("pinned a message") and is skipped. Mentions of other
      // channels are t.me links and kept; mailto: is not http.
      {"105",
       1716271200,
       PostKind::kPost,
       "Thanks to @ward7tips and the team at t.me/cityhall_official for the photos. Full album: "
       "photos.example.com/album/77 mail us",
       {"https://t.me/ward7tips", "https://t.me/cityhall_official",
        "https://photos.example.com/album/77"},
       ""},
      {"106", 1716277510, PostKind::kPost, "", {}, ""},
  };
  ASSERT_EQ(r.posts.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE("message " + want[i].id);
    EXPECT_EQ(r.posts[i].id, want[i].id);
    EXPECT_EQ(r.posts[i].url, "https://t.me/ward7news/" + want[i].id);
    EXPECT_EQ(r.posts[i].published_at, want[i].published_at);
    EXPECT_EQ(r.posts[i].kind, want[i].kind);
    EXPECT_EQ(r.posts[i].text, want[i].text);
    EXPECT_EQ(r.posts[i].links, want[i].links);
    EXPECT_EQ(r.posts[i].shared_url, want[i].shared_url);
  }
  EXPECT_EQ(r.cursor.value_or("<none>"), "106");
  EXPECT_TRUE(r.requests.empty()) << "the first poll reads one page";
}

TEST(TelegramPreviewTest, SkipsMessagesTheLastPollSaw) {
  auto plugin = LoadTelegram();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r =
      plugin->Parse(AccountFor("@ward7news", "103"), PageOf(200, Fixture("channel_page.html")));
  ASSERT_EQ(r.code, PW_DONE) << r.error;
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].id, "105");
  EXPECT_EQ(r.posts[1].id, "106");
  EXPECT_EQ(r.cursor.value_or("<none>"), "106");
  EXPECT_TRUE(r.requests.empty()) << "the page reaches back to the cursor";
}

TEST(TelegramPreviewTest, AsksForOlderPagesUntilItReachesTheCursor) {
  auto plugin = LoadTelegram();
  ASSERT_NE(plugin, nullptr);
  Account account = AccountFor("https://t.me/s/ward7news", "90");
  PluginCallResult first = plugin->Parse(account, PageOf(200, Fixture("channel_page.html")));
  ASSERT_EQ(first.code, PW_OK) << first.error;
  EXPECT_EQ(first.posts.size(), 5u);
  EXPECT_EQ(first.cursor.value_or("<none>"), "106");
  ASSERT_EQ(first.requests.size(), 1u);
  EXPECT_EQ(first.requests[0].url, "https://t.me/s/ward7news?before=101");
  EXPECT_EQ(first.requests[0].tag, "page:2");

  PluginCallResult second = plugin->Parse(
      account, PageOf(200, Fixture("channel_page_older.html"), "page:2", first.requests[0].url));
  ASSERT_EQ(second.code, PW_OK) << second.error;
  ASSERT_EQ(second.posts.size(), 2u);
  EXPECT_EQ(second.posts[0].id, "97");
  EXPECT_EQ(second.posts[0].links,
            (std::vector<std::string>{"https://waste.example.org/schedule"}));
  EXPECT_EQ(second.posts[1].id, "100");
  EXPECT_FALSE(second.cursor.has_value()) << "only the newest page moves the cursor";
  ASSERT_EQ(second.requests.size(), 1u);
  EXPECT_EQ(second.requests[0].url, "https://t.me/s/ward7news?before=97");
  EXPECT_EQ(second.requests[0].tag, "page:3");
}

TEST(TelegramPreviewTest, MaxPagesEndsThePoll) {
  auto plugin = LoadTelegram(R"({"max_pages": 2})");
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(AccountFor("ward7news", "90"),
                                     PageOf(200, Fixture("channel_page_older.html"), "page:2",
                                            "https://t.me/s/ward7news?before=101"));
  ASSERT_EQ(r.code, PW_DONE) << r.error;
  EXPECT_EQ(r.posts.size(), 2u);
  EXPECT_TRUE(r.requests.empty());
}

TEST(TelegramPreviewTest, ChannelWithoutMessagesIsEmptyNotAnError) {
  auto plugin = LoadTelegram();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(
      AccountFor("brandnewchannel"),
      PageOf(200, Fixture("empty_channel.html"), "page:1", "https://t.me/s/brandnewchannel"));
  ASSERT_EQ(r.code, PW_DONE) << r.error;
  EXPECT_TRUE(r.posts.empty());
  EXPECT_FALSE(r.cursor.has_value());
}

struct PageErrorCase {
  const char* name;
  int status;
  const char* fixture;
  const char* url;  // the URL that answered
  pw_status code;
  const char* message_part;
};

class TelegramPageErrorTest : public ::testing::TestWithParam<PageErrorCase> {};

TEST_P(TelegramPageErrorTest, ReportsWhyTheChannelCannotBeRead) {
  const PageErrorCase& c = GetParam();
  auto plugin = LoadTelegram();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(AccountFor("ward7news", "100"),
                                     PageOf(c.status, Fixture(c.fixture), "page:1", c.url));
  EXPECT_EQ(r.code, c.code) << r.error;
  EXPECT_NE(r.error.find(c.message_part), std::string::npos) << r.error;
  EXPECT_TRUE(r.posts.empty());
  EXPECT_FALSE(r.cursor.has_value());
  EXPECT_TRUE(r.requests.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Pages, TelegramPageErrorTest,
    ::testing::Values(
        // t.me/s/<name> redirected to t.me/<name>: the preview is disabled.
        PageErrorCase{"redirected_to_landing_page", 200, "preview_disabled.html",
                      "https://t.me/quietchannel", PW_E_GONE, "no public preview"},
        // The landing page without a redirect (a proxy that hid it) means the same.
        PageErrorCase{"landing_page_at_preview_url", 200, "preview_disabled.html",
                      "https://t.me/s/quietchannel", PW_E_GONE, "no public preview"},
        PageErrorCase{"changed_layout", 200, "changed_layout.html", "https://t.me/s/ward7news",
                      PW_E_LAYOUT, "tgme_channel_history"},
        PageErrorCase{"messages_without_ids", 200, "messages_without_ids.html",
                      "https://t.me/s/ward7news", PW_E_LAYOUT, "2 messages without a data-post"},
        PageErrorCase{"not_found", 404, "changed_layout.html", "https://t.me/s/ward7news",
                      PW_E_GONE, "HTTP 404"}),
    [](const ::testing::TestParamInfo<PageErrorCase>& param_info) {
      return param_info.param.name;
    });

struct PlanCase {
  const char* name;
  const char* config;
  const char* registered;
  const char* url;  // "" when plan must refuse
};

class TelegramPlanTest : public ::testing::TestWithParam<PlanCase> {};

TEST_P(TelegramPlanTest, PlansThePreviewOfTheRegisteredChannel) {
  const PlanCase& c = GetParam();
  auto plugin = LoadTelegram(c.config);
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Plan(AccountFor(c.registered));
  if (*c.url == '\0') {
    EXPECT_EQ(r.code, PW_E_CONFIG);
    EXPECT_FALSE(r.error.empty());
    EXPECT_TRUE(r.requests.empty());
    return;
  }
  ASSERT_EQ(r.code, PW_OK) << r.error;
  ASSERT_EQ(r.requests.size(), 1u);
  EXPECT_EQ(r.requests[0].url, c.url);
  EXPECT_EQ(r.requests[0].tag, "page:1");
}

INSTANTIATE_TEST_SUITE_P(
    Registrations, TelegramPlanTest,
    ::testing::Values(
        PlanCase{"handle", "{}", "@ward7news", "https://t.me/s/ward7news"},
        PlanCase{"bare_name", "{}", "ward7news", "https://t.me/s/ward7news"},
        PlanCase{"short_url", "{}", "t.me/ward7news", "https://t.me/s/ward7news"},
        PlanCase{"preview_url", "{}", "https://t.me/s/ward7news", "https://t.me/s/ward7news"},
        PlanCase{"post_url", "{}", "https://telegram.me/ward7news/101", "https://t.me/s/ward7news"},
        PlanCase{"simulator", R"({"base_url":"http://127.0.0.1:9000/telegram"})",
                 "http://127.0.0.1:9000/telegram/s/acct_3",
                 "http://127.0.0.1:9000/telegram/s/acct_3"},
        PlanCase{"invite_link", "{}", "https://t.me/+AbCdEf123", ""},
        PlanCase{"private_channel_link", "{}", "https://t.me/c/1234567/89", ""},
        PlanCase{"other_host", "{}", "https://example.com/ward7news", ""},
        PlanCase{"empty", "{}", "", ""}),
    [](const ::testing::TestParamInfo<PlanCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace postwatch::telegram
