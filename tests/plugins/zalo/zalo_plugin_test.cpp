// The zalo plugin through its function table, against fixtures in the Zalo OA Open API's
// wire format: listing pages walked to the cursor, details read oldest first, every error
// envelope, and the owner's grant and token refresh.
#include "zalo/zalo_plugin.h"

#include <gtest/gtest.h>

#include <ctime>
#include <string>
#include <vector>

#include "oauth_test_host.h"
#include "support/oauth_credential.h"
#include "zalo_test_data.h"

namespace postwatch::zalo {
namespace {

using test::Fixture;
using test::kA1;
using test::kA2;
using test::kA3;
using test::kA5;
using test::kAccessToken;
using test::kApp;
using test::kConfig;
using test::kCredential;
using test::kNoGrant;
using test::kOaId;
using test::kRefreshToken;
using test::kRegistered;
using testing::OAuthAccount;
using testing::OAuthGrant;
using testing::OAuthHost;
using testing::OAuthPlugin;
using testing::TestResponse;

OAuthAccount Account(std::string cursor = "") {
  OAuthAccount account;
  account.registered = kRegistered;
  account.id = kOaId;
  account.cursor = std::move(cursor);
  account.credential = kCredential;
  account.app_credential = kApp;
  return account;
}

TestResponse Answer(const std::string& fixture, const std::string& tag, int status = 200) {
  TestResponse response;
  response.status = status;
  response.url = "https://openapi.zalo.me/v2.0/article/getslice";
  response.tag = tag;
  response.body = Fixture(fixture);
  return response;
}

std::vector<std::string> Tags(const OAuthHost& host) {
  std::vector<std::string> tags;
  for (const auto& request : host.requests) tags.push_back(request.tag);
  return tags;
}

std::string Detail(const char* key) { return std::string("detail:") + key; }

class ZaloPluginTest : public ::testing::Test {
 protected:
  OAuthPlugin plugin_{ZaloPlugin(), kConfig};
};

TEST_F(ZaloPluginTest, PlanWithoutAGrantAsksTheOwnerToConnect) {
  OAuthHost host;
  OAuthAccount account = Account();
  account.credential.clear();
  EXPECT_EQ(plugin_.Plan(host, account), PW_E_AUTH);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_EQ(host.errors[0], kNoGrant);
  EXPECT_TRUE(host.requests.empty());
}

TEST_F(ZaloPluginTest, PlanListsTheNewestArticlesWithTheAccessTokenHeader) {
  OAuthHost host;
  ASSERT_EQ(plugin_.Plan(host, Account()), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  const auto& request = host.requests[0];
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url,
            "https://openapi.zalo.me/v2.0/article/getslice?offset=0&limit=3&type=normal");
  EXPECT_EQ(request.tag, "slice:0");
  std::vector<std::pair<std::string, std::string>> want = {{"access_token", kAccessToken},
                                                           {"Accept", "application/json"}};
  EXPECT_EQ(request.headers, want);
}

TEST_F(ZaloPluginTest, ABareImportedTokenIsUsedAsTheAccessToken) {
  OAuthHost host;
  OAuthAccount account = Account();
  account.credential = "  imported-long-lived-token\n";
  ASSERT_EQ(plugin_.Plan(host, account), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].headers.at(0).second, "imported-long-lived-token");
}

struct WalkCase {
  const char* name;
  const char* cursor;
  const char* fixture;
  const char* tag;
  const char* config;
  pw_status status;
  std::vector<std::string> tags;
  bool warns;
};

class ZaloWalkTest : public ::testing::TestWithParam<WalkCase> {};

TEST_P(ZaloWalkTest, ListingPageLeadsToTheExpectedRequests) {
  const WalkCase& c = GetParam();
  OAuthPlugin plugin(ZaloPlugin(), c.config);
  ASSERT_EQ(plugin.init_status(), PW_OK);
  OAuthHost host;
  EXPECT_EQ(plugin.Parse(host, Account(c.cursor), Answer(c.fixture, c.tag)), c.status)
      << (host.errors.empty() ? "" : host.errors[0]);
  EXPECT_EQ(Tags(host), c.tags);
  EXPECT_TRUE(host.posts.empty());
  EXPECT_FALSE(host.cursor.has_value());
  bool warned = false;
  for (const auto& [level, text] : host.logs) warned = warned || level == PW_LOG_WARNING;
  EXPECT_EQ(warned, c.warns);
}

INSTANTIATE_TEST_SUITE_P(
    Pages, ZaloWalkTest,
    ::testing::Values(
        WalkCase{"first_poll_reads_newest_page_oldest_first_without_hidden",
                 "",
                 "slice_page1.json",
                 "slice:0",
                 kConfig,
                 PW_OK,
                 {Detail(kA3), Detail(kA5)},
                 false},
        WalkCase{"page_reaching_cursor_reads_only_newer",
                 kA3,
                 "slice_page1.json",
                 "slice:0",
                 kConfig,
                 PW_OK,
                 {Detail(kA5)},
                 false},
        WalkCase{
            "nothing_new_is_done", kA5, "slice_page1.json", "slice:0", kConfig, PW_DONE, {}, false},
        WalkCase{"cursor_beyond_page_walks_on",
                 kA2,
                 "slice_page1.json",
                 "slice:0",
                 kConfig,
                 PW_OK,
                 {"slice:3"},
                 false},
        WalkCase{"walk_one_page_past_takes_the_previous_page",
                 kA2,
                 "slice_page2.json",
                 "slice:3",
                 kConfig,
                 PW_OK,
                 {"take:0"},
                 false},
        WalkCase{"taken_page_reads_its_new_articles",
                 kA2,
                 "slice_page1.json",
                 "take:0",
                 kConfig,
                 PW_OK,
                 {Detail(kA3), Detail(kA5)},
                 false},
        WalkCase{"oldest_page_with_new_articles_is_read_first",
                 kA1,
                 "slice_page2.json",
                 "slice:3",
                 kConfig,
                 PW_OK,
                 {Detail(kA2)},
                 false},
        WalkCase{"max_pages_reads_the_last_page_walked_and_warns",
                 kA1,
                 "slice_page1.json",
                 "slice:0",
                 R"({"page_limit": 3, "max_pages": 1})",
                 PW_OK,
                 {Detail(kA3), Detail(kA5)},
                 true},
        WalkCase{"empty_listing_is_done",
                 "",
                 "slice_empty.json",
                 "slice:0",
                 kConfig,
                 PW_DONE,
                 {},
                 false},
        WalkCase{"malformed_cursor_is_ignored_with_a_warning",
                 "not-a-cursor",
                 "slice_page1.json",
                 "slice:0",
                 kConfig,
                 PW_OK,
                 {Detail(kA3), Detail(kA5)},
                 true}),
    [](const ::testing::TestParamInfo<WalkCase>& param_info) { return param_info.param.name; });

TEST_F(ZaloPluginTest, DetailRequestsNameTheArticleAndCarryTheToken) {
  OAuthHost host;
  ASSERT_EQ(plugin_.Parse(host, Account(kA3), Answer("slice_page1.json", "slice:0")), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url,
            "https://openapi.zalo.me/v2.0/article/getdetail?id=a5c3f1e0b7d94e2a8f6c1d0b3e9a7c55");
  EXPECT_EQ(host.requests[0].headers.at(0).second, kAccessToken);
}

TEST_F(ZaloPluginTest, DetailEmitsThePostWithLinksFromEveryPlaceAndTheCursor) {
  OAuthHost host;
  ASSERT_EQ(plugin_.Parse(host, Account(kA3), Answer("detail_links.json", Detail(kA5))), PW_OK);
  ASSERT_EQ(host.posts.size(), 1u);
  const auto& post = host.posts[0];
  EXPECT_EQ(post.id, "a5c3f1e0b7d94e2a8f6c1d0b3e9a7c55");
  EXPECT_EQ(post.url, "https://zalo.me/s/4368496045530239617/a5c3f1e0");
  EXPECT_EQ(post.published_at, 1709374530);
  EXPECT_EQ(post.kind, static_cast<uint32_t>(PW_POST_KIND_POST));
  EXPECT_EQ(post.text,
            "Lịch tiêm chủng tháng 3 & những điều cần biết Tóm tắt lịch tiêm; chi tiết tại "
            "https://blog.example.com/post-42 .");
  std::vector<std::string> want = {
      "https://news.example.org/story?id=7&src=oa",
      "https://zalo.me/s/4368496045530239617/other",
      "http://www.example.net/page",
      "https://photos.example.com/credit",
      "https://shop.example.com/item/3",
      "https://flagged-one.example/promo",
      "https://source.example.org/report",
      "https://blog.example.com/post-42",
  };
  EXPECT_EQ(post.links, want);
  EXPECT_EQ(host.cursor.value_or(""), kA5);
  EXPECT_TRUE(host.requests.empty());
}

TEST_F(ZaloPluginTest, HiddenArticleEmitsNoPostButMovesTheCursor) {
  OAuthHost host;
  ASSERT_EQ(plugin_.Parse(host, Account(), Answer("detail_hidden.json", Detail(kA3))), PW_OK);
  EXPECT_TRUE(host.posts.empty());
  EXPECT_EQ(host.cursor.value_or(""), kA3);
}

TEST_F(ZaloPluginTest, ArticleThatVanishedBeforeItsDetailIsSkippedAndThePollGoesOn) {
  OAuthHost host;
  EXPECT_EQ(plugin_.Parse(host, Account(), Answer("error_201.json", Detail(kA3))), PW_OK);
  EXPECT_TRUE(host.posts.empty());
  EXPECT_FALSE(host.cursor.has_value());
  ASSERT_EQ(host.logs.size(), 1u);
  EXPECT_NE(host.logs[0].second.find("a3f9d8c7b6a5"), std::string::npos);
}

TEST_F(ZaloPluginTest, ListingThatCarriesBodiesNeedsNoDetailRequests) {
  OAuthHost host;
  ASSERT_EQ(plugin_.Parse(host, Account(), Answer("slice_inline_body.json", "slice:0")), PW_DONE);
  EXPECT_TRUE(host.requests.empty());
  ASSERT_EQ(host.posts.size(), 2u);
  EXPECT_EQ(host.posts[0].id, "b1000000000000000000000000000001");
  EXPECT_EQ(host.posts[0].links, std::vector<std::string>{"https://inline.example.com/one"});
  EXPECT_EQ(host.posts[1].id, "b2000000000000000000000000000002");
  EXPECT_EQ(host.posts[1].published_at, 1709460000);
  EXPECT_EQ(host.posts[1].links, std::vector<std::string>{"https://inline.example.com/two"});
  EXPECT_EQ(host.cursor.value_or(""), "1709460000000:b2000000000000000000000000000002");
}

struct ErrorCase {
  const char* name;
  const char* fixture;
  int http_status;
  const char* tag;
  pw_status code;
  const char* says;
};

class ZaloErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ZaloErrorTest, AnswerMapsToTheStatusWithAClearTokenFreeMessage) {
  const ErrorCase& c = GetParam();
  OAuthPlugin plugin(ZaloPlugin(), kConfig);
  OAuthHost host;
  EXPECT_EQ(plugin.Parse(host, Account(), Answer(c.fixture, c.tag, c.http_status)), c.code);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_NE(host.errors[0].find(c.says), std::string::npos) << host.errors[0];
  EXPECT_EQ(host.errors[0].find(kAccessToken), std::string::npos) << host.errors[0];
  EXPECT_EQ(host.errors[0].find(kRefreshToken), std::string::npos) << host.errors[0];
  EXPECT_TRUE(host.posts.empty());
  EXPECT_TRUE(host.requests.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Envelopes, ZaloErrorTest,
    ::testing::Values(
        ErrorCase{"token_invalid", "error_216.json", 200, "slice:0", PW_E_AUTH, "Zalo error -216"},
        ErrorCase{"token_invalid_124", "error_124.json", 200, "slice:0", PW_E_AUTH, "-124"},
        ErrorCase{"rate_limited", "error_32.json", 200, "slice:0", PW_E_RATELIMITED,
                  "requests per minute"},
        ErrorCase{"quota", "error_211.json", 200, "take:0", PW_E_RATELIMITED, "quota"},
        ErrorCase{"oa_gone", "error_205.json", 200, "slice:0", PW_E_GONE, "does not exist"},
        ErrorCase{"bad_parameter", "error_201.json", 200, "slice:0", PW_E_CONFIG,
                  "Parameters are invalid"},
        ErrorCase{"unknown_error", "error_unknown.json", 200, "slice:0", PW_E_PARSE,
                  "-999 for the article listing: A brand new failure"},
        ErrorCase{"message_echoing_the_token", "error_echo_token.json", 200, "slice:0", PW_E_AUTH,
                  "[redacted]"},
        ErrorCase{"detail_error_is_mapped_too", "error_216.json", 200,
                  "detail:1709366400000:a3f9d8c7b6a5", PW_E_AUTH, "article detail"},
        ErrorCase{"no_medias", "layout_no_medias.json", 200, "slice:0", PW_E_LAYOUT, "medias"},
        ErrorCase{"no_data", "layout_no_data.json", 200, "slice:0", PW_E_LAYOUT, "\"data\""},
        ErrorCase{"media_without_id", "layout_media_no_id.json", 200, "slice:0", PW_E_LAYOUT,
                  "media 0"},
        ErrorCase{"detail_of_another_article", "detail_other_id.json", 200,
                  "detail:1709366400000:a3f9d8c7b6a5", PW_E_LAYOUT, "ffffffffffff"},
        ErrorCase{"detail_body_not_an_array", "detail_body_object.json", 200,
                  "detail:1709366400000:a3f9d8c7b6a5", PW_E_LAYOUT, "not an array"},
        ErrorCase{"html_instead_of_json", "not_json.html", 200, "slice:0", PW_E_PARSE, "not JSON"},
        ErrorCase{"bad_gateway", "not_json.html", 502, "slice:0", PW_E_PARSE, "HTTP 502"},
        ErrorCase{"http_unauthorized", "not_json.html", 401, "slice:0", PW_E_AUTH, "HTTP 401"},
        ErrorCase{"http_not_found", "not_json.html", 404, "slice:0", PW_E_CONFIG, "api_base_url"}),
    [](const ::testing::TestParamInfo<ErrorCase>& param_info) { return param_info.param.name; });

TEST_F(ZaloPluginTest, RateLimitErrorsTellTheHostWhenToCallAgain) {
  OAuthHost host;
  const int64_t before = std::time(nullptr);
  EXPECT_EQ(plugin_.Parse(host, Account(), Answer("error_32.json", "slice:0")), PW_E_RATELIMITED);
  ASSERT_EQ(host.rate_limits.size(), 1u);
  EXPECT_EQ(host.rate_limits[0].remaining, 0);
  EXPECT_GE(host.rate_limits[0].reset_at, before + 60);
  EXPECT_LE(host.rate_limits[0].reset_at, before + 61 + 60);
}

TEST_F(ZaloPluginTest, ResolveTakesTheOaIdFromTheRegisteredPage) {
  OAuthHost host;
  EXPECT_EQ(plugin_.Resolve(host, Account()), PW_DONE);
  EXPECT_EQ(host.account_id.value_or(""), kOaId);
  EXPECT_TRUE(host.requests.empty());
}

TEST_F(ZaloPluginTest, PersonalTimelinesAreRefusedAsConfigErrors) {
  for (const char* registered : {"https://zalo.me/0912345678", "+84 912 345 678"}) {
    OAuthHost host;
    OAuthAccount account = Account();
    account.registered = registered;
    EXPECT_EQ(plugin_.Plan(host, account), PW_E_CONFIG) << registered;
    ASSERT_EQ(host.errors.size(), 1u);
    EXPECT_NE(host.errors[0].find("personal Zalo timelines have no public read interface"),
              std::string::npos);
  }
}

TEST(ZaloPluginInitTest, BadConfigIsRefusedWithTheReason) {
  OAuthPlugin plugin(ZaloPlugin(), R"({"page_limit": 11})");
  EXPECT_EQ(plugin.init_status(), PW_E_CONFIG);
  ASSERT_EQ(plugin.init_errors().size(), 1u);
  EXPECT_NE(plugin.init_errors()[0].find("page_limit"), std::string::npos);
}

}  // namespace
}  // namespace postwatch::zalo
