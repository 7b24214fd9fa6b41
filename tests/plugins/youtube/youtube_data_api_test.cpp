// The youtube plugin's Data API v3 mode: the uploads playlist, paging with pageToken until
// the cursor, the API key in a header, and the API's error bodies as typed errors.
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
constexpr const char* kApiMode = R"({"mode":"data_api"})";
constexpr const char* kPage1Url =
    "https://www.googleapis.com/youtube/v3/playlistItems?part=snippet,contentDetails"
    "&maxResults=50&playlistId=UUq7QmYg2Vx0KdPw9b1Lz3aA";
constexpr const char* kPage1Tag = "api:1:UUq7QmYg2Vx0KdPw9b1Lz3aA";

std::vector<std::string> Ids(const PluginCallResult& r) {
  std::vector<std::string> ids;
  for (const Post& post : r.posts) ids.push_back(post.id);
  return ids;
}

TEST(YoutubeDataApiTest, PlanAsksForTheUploadsPlaylistWithTheKeyInAHeader) {
  auto plugin = LoadYoutube(kApiMode);
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Plan(AccountFor(kChannel), "test-api-key");
  ASSERT_EQ(r.code, PW_OK) << r.error;
  ASSERT_EQ(r.requests.size(), 1u);
  EXPECT_EQ(r.requests[0].url, kPage1Url);
  EXPECT_EQ(r.requests[0].tag, kPage1Tag);
  EXPECT_EQ(r.requests[0].url.find("test-api-key"), std::string::npos) << "key leaked into URL";
  bool key_header = false;
  for (const auto& [name, value] : r.requests[0].headers) {
    key_header = key_header || (name == "X-Goog-Api-Key" && value == "test-api-key");
  }
  EXPECT_TRUE(key_header);
}

TEST(YoutubeDataApiTest, PlanWithoutAnApiKeyIsAnAuthError) {
  auto plugin = LoadYoutube(kApiMode);
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Plan(AccountFor(kChannel));
  EXPECT_EQ(r.code, PW_E_AUTH);
  EXPECT_NE(r.error.find("credential"), std::string::npos) << r.error;
  EXPECT_TRUE(r.requests.empty());
}

TEST(YoutubeDataApiTest, FirstPollReadsOnePageAndSkipsPrivateVideos) {
  auto plugin = LoadYoutube(kApiMode);
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(
      AccountFor(kChannel, kChannel),
      ResponseOf(200, Fixture("api_page1.json"), kPage1Tag, kPage1Url), "test-api-key");
  ASSERT_EQ(r.code, PW_DONE) << r.error;
  EXPECT_EQ(Ids(r), (std::vector<std::string>{"Ab3dE_fGh1k", "Zx9-Ty7Uq2w"}));
  ASSERT_EQ(r.posts.size(), 2u);
  EXPECT_EQ(r.posts[0].url, "https://www.youtube.com/watch?v=Ab3dE_fGh1k");
  EXPECT_EQ(r.posts[0].published_at, 1716197400) << "videoPublishedAt, not the playlist time";
  EXPECT_EQ(r.posts[0].kind, PostKind::kVideo);
  EXPECT_EQ(r.posts[0].links,
            (std::vector<std::string>{"https://city.example.gov/flood/barrier?phase=2&lang=en"}));
  EXPECT_EQ(r.posts[1].text, "Council meeting recap: budget & \"the bridge\"");
  EXPECT_EQ(r.posts[1].links,
            (std::vector<std::string>{"https://council.example.org/minutes/2024-05-14.pdf",
                                      "https://news.example.com/story/881"}));
  EXPECT_EQ(r.cursor.value_or("<none>"), "Ab3dE_fGh1k");
  EXPECT_TRUE(r.requests.empty());
}

TEST(YoutubeDataApiTest, PagesOnUntilTheCursorAndKeepsTheNewestAsCursor) {
  auto plugin = LoadYoutube(kApiMode);
  ASSERT_NE(plugin, nullptr);
  // The previous poll saw Mn0pQr8sT4v, which is on page 2.
  Account account = AccountFor(kChannel, kChannel, "Mn0pQr8sT4v");
  PluginCallResult first = plugin->Parse(
      account, ResponseOf(200, Fixture("api_page1.json"), kPage1Tag, kPage1Url), "test-api-key");
  ASSERT_EQ(first.code, PW_OK) << first.error;
  EXPECT_EQ(first.cursor.value_or("<none>"), "Ab3dE_fGh1k");
  ASSERT_EQ(first.requests.size(), 1u);
  EXPECT_EQ(first.requests[0].url, std::string(kPage1Url) + "&pageToken=EAAaBlBUOkNBSQ");
  EXPECT_EQ(first.requests[0].tag, "api:2:UUq7QmYg2Vx0KdPw9b1Lz3aA");

  PluginCallResult second = plugin->Parse(
      account,
      ResponseOf(200, Fixture("api_page2.json"), first.requests[0].tag, first.requests[0].url),
      "test-api-key");
  ASSERT_EQ(second.code, PW_DONE) << second.error;
  EXPECT_TRUE(second.posts.empty()) << "the cursor's video is the first on page 2";
  EXPECT_FALSE(second.cursor.has_value()) << "only page 1 moves the cursor";
  EXPECT_TRUE(second.requests.empty());
}

TEST(YoutubeDataApiTest, StopsAtTheCursorWithinThePage) {
  auto plugin = LoadYoutube(kApiMode);
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(
      AccountFor(kChannel, kChannel, "Zx9-Ty7Uq2w"),
      ResponseOf(200, Fixture("api_page1.json"), kPage1Tag, kPage1Url), "test-api-key");
  ASSERT_EQ(r.code, PW_DONE) << r.error;
  EXPECT_EQ(Ids(r), (std::vector<std::string>{"Ab3dE_fGh1k"}));
  EXPECT_TRUE(r.requests.empty());
}

TEST(YoutubeDataApiTest, MaxPagesEndsThePoll) {
  auto plugin = LoadYoutube(R"({"mode":"data_api","max_pages":1})");
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(
      AccountFor(kChannel, kChannel, "Old00000000"),
      ResponseOf(200, Fixture("api_page1.json"), kPage1Tag, kPage1Url), "test-api-key");
  ASSERT_EQ(r.code, PW_DONE) << r.error;
  EXPECT_EQ(r.posts.size(), 2u);
  EXPECT_TRUE(r.requests.empty());
}

struct ApiErrorCase {
  const char* name;
  int status;
  const char* fixture;  // nullptr: `body`
  const char* body;
  pw_status code;
  const char* message_part;
};

class YoutubeApiErrorTest : public ::testing::TestWithParam<ApiErrorCase> {};

TEST_P(YoutubeApiErrorTest, MapsTheApiAnswerToATypedError) {
  const ApiErrorCase& c = GetParam();
  auto plugin = LoadYoutube(kApiMode);
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(
      AccountFor(kChannel, kChannel),
      ResponseOf(c.status, c.fixture ? Fixture(c.fixture) : c.body, kPage1Tag, kPage1Url),
      "test-api-key");
  EXPECT_EQ(r.code, c.code) << r.error;
  EXPECT_NE(r.error.find(c.message_part), std::string::npos) << r.error;
  EXPECT_TRUE(r.posts.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Answers, YoutubeApiErrorTest,
    ::testing::Values(
        // The daily quota is spent: back off, do not mark the account failing.
        ApiErrorCase{"quota_exceeded", 403, "api_quota_exceeded.json", nullptr, PW_E_RATELIMITED,
                     "quotaExceeded"},
        ApiErrorCase{"key_invalid", 400, "api_key_invalid.json", nullptr, PW_E_AUTH,
                     "API key not valid"},
        ApiErrorCase{"playlist_not_found", 404, "api_playlist_not_found.json", nullptr, PW_E_GONE,
                     "playlistNotFound"},
        ApiErrorCase{"not_json", 200, nullptr, "<html>oops</html>", PW_E_PARSE, "not JSON"},
        ApiErrorCase{"no_items", 200, nullptr, R"({"kind":"youtube#channelListResponse"})",
                     PW_E_LAYOUT, "no items"}),
    [](const ::testing::TestParamInfo<ApiErrorCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace postwatch::youtube
