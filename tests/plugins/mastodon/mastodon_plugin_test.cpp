// Drives the mastodon plugin through its pw_plugin table with synthetic fixtures in the real
// API format: lookup, statuses pages, paging at the cursor, rate limits and error bodies.
#include "mastodon/mastodon_plugin.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixture_files.h"
#include "protocol_host.h"

namespace postwatch::mastodon {
namespace {

using testing::PollRun;
using testing::ProtocolHost;
using testing::ProtocolPlugin;
using testing::ReadFileOrFail;
using testing::RecordedRequest;
using testing::TestAccount;
using testing::TestResponse;

constexpr const char* kHandle = "@alice@social.example";
constexpr const char* kCanonical = "social.example/110000000000000001";
constexpr const char* kPage1Url =
    "https://social.example/api/v1/accounts/110000000000000001/statuses?exclude_replies=true&"
    "limit=40";
constexpr const char* kLookupUrl = "https://social.example/api/v1/accounts/lookup?acct=alice";

std::string Fixture(const std::string& name) {
  return ReadFileOrFail(std::string(PW_MASTODON_FIXTURES_DIR) + "/" + name);
}

TestResponse Response(int status, const std::string& fixture, const std::string& tag,
                      const std::string& url = kPage1Url) {
  TestResponse response;
  response.status = status;
  response.body = Fixture(fixture);
  response.tag = tag;
  response.url = url;
  return response;
}

TestResponse Page1() {
  TestResponse response = Response(200, "statuses_page1.json", "statuses");
  response.headers =
      testing::ReadHeaderFile(std::string(PW_MASTODON_FIXTURES_DIR) + "/statuses_page1.headers");
  return response;
}

TestAccount Account(std::string id = kCanonical, std::string cursor = "") {
  TestAccount account;
  account.registered = kHandle;
  account.id = std::move(id);
  account.cursor = std::move(cursor);
  return account;
}

std::vector<std::string> Ids(const ProtocolHost& host) {
  std::vector<std::string> ids;
  for (const auto& post : host.posts) ids.push_back(post.id);
  return ids;
}

TEST(MastodonPlanTest, UnknownAccountIdStartsWithALookupOnTheHomeInstance) {
  ProtocolPlugin plugin(MastodonPlugin(), "{}");
  ASSERT_EQ(plugin.init_status(), PW_OK);
  ProtocolHost host;
  EXPECT_EQ(plugin.Plan(host, Account("")), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url, kLookupUrl);
  EXPECT_EQ(host.requests[0].tag, "lookup");
}

TEST(MastodonPlanTest, KnownAccountIdGoesStraightToTheStatuses) {
  ProtocolPlugin plugin(MastodonPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(plugin.Plan(host, Account()), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url, kPage1Url);
  EXPECT_EQ(host.requests[0].tag, "statuses");
}

TEST(MastodonPlanTest, AnIdFromAnotherInstanceIsLookedUpAgain) {
  ProtocolPlugin plugin(MastodonPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(plugin.Plan(host, Account("old.example/5")), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].tag, "lookup");
}

TEST(MastodonPlanTest, BaseUrlReplacesTheInstanceAndPageLimitIsSent) {
  ProtocolPlugin plugin(MastodonPlugin(),
                        R"({"base_url": "http://127.0.0.1:9000/mastodon", "page_limit": 20})");
  ASSERT_EQ(plugin.init_status(), PW_OK);
  ProtocolHost host;
  EXPECT_EQ(plugin.Plan(host, Account()), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url,
            "http://127.0.0.1:9000/mastodon/api/v1/accounts/110000000000000001/statuses?"
            "exclude_replies=true&limit=20");
}

TEST(MastodonPlanTest, AHandleWithoutInstanceIsAConfigError) {
  ProtocolPlugin plugin(MastodonPlugin(), "{}");
  ProtocolHost host;
  TestAccount account = Account("");
  account.registered = "alice";
  EXPECT_EQ(plugin.Plan(host, account), PW_E_CONFIG);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_NE(host.errors[0].find("names no instance"), std::string::npos) << host.errors[0];
  EXPECT_TRUE(host.requests.empty());
}

TEST(MastodonConfigTest, BadConfigsAreRefusedWithTheKeyNamed) {
  for (const char* config : {R"({"page_limit": 41})", R"({"max_pages": 0})",
                             R"({"base_url": "ftp://x"})", R"({"max_page": 2})", "[1]"}) {
    ProtocolPlugin plugin(MastodonPlugin(), config);
    EXPECT_EQ(plugin.init_status(), PW_E_CONFIG) << config;
    ASSERT_EQ(plugin.init_errors().size(), 1u) << config;
  }
  ProtocolPlugin misspelled(MastodonPlugin(), R"({"max_page": 2})");
  EXPECT_NE(misspelled.init_errors()[0].find("max_page"), std::string::npos);
}

TEST(MastodonLookupTest, LookupEmitsTheCanonicalIdAndTheFirstStatusesRequest) {
  ProtocolPlugin plugin(MastodonPlugin(), "{}");
  ProtocolHost host;
  TestResponse response = Response(200, "lookup_200.json", "lookup", kLookupUrl);
  response.headers = {{"X-RateLimit-Limit", "300"},
                      {"X-RateLimit-Remaining", "299"},
                      {"X-RateLimit-Reset", "2024-03-02T10:20:00.924992Z"}};
  EXPECT_EQ(plugin.Parse(host, Account(""), response), PW_OK);
  EXPECT_EQ(host.account_id.value_or("<none>"), kCanonical);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url, kPage1Url);
  EXPECT_EQ(host.requests[0].tag, "statuses");
  ASSERT_EQ(host.rate_limits.size(), 1u);
  EXPECT_EQ(host.rate_limits[0].remaining, 299);
  EXPECT_EQ(host.rate_limits[0].limit, 300);
  EXPECT_EQ(host.rate_limits[0].reset_at, 1709374800);
}

TEST(MastodonLookupTest, ResolveOnlyEmitsTheCanonicalId) {
  ProtocolPlugin plugin(MastodonPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(plugin.Resolve(host, Account("")), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].tag, "resolve");
  ProtocolHost parse_host;
  EXPECT_EQ(plugin.Parse(parse_host, Account(""),
                         Response(200, "lookup_200.json", "resolve", kLookupUrl)),
            PW_DONE);
  EXPECT_EQ(parse_host.account_id.value_or("<none>"), kCanonical);
  EXPECT_TRUE(parse_host.requests.empty());
}

struct ErrorCase {
  const char* name;
  int status;
  const char* fixture;
  const char* tag;
  pw_status code;
};

class MastodonErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(MastodonErrorTest, ErrorAnswersBecomeTypedErrors) {
  const ErrorCase& c = GetParam();
  ProtocolPlugin plugin(MastodonPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(plugin.Parse(host, Account(), Response(c.status, c.fixture, c.tag)), c.code);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_TRUE(host.posts.empty());
  EXPECT_TRUE(host.requests.empty());
  EXPECT_FALSE(host.cursor.has_value());
  EXPECT_FALSE(host.account_id.has_value());
}

INSTANTIATE_TEST_SUITE_P(
    Answers, MastodonErrorTest,
    ::testing::Values(
        ErrorCase{"lookup_404_is_gone", 404, "lookup_404.json", "lookup", PW_E_GONE},
        ErrorCase{"suspended_is_gone", 200, "lookup_suspended.json", "lookup", PW_E_GONE},
        ErrorCase{"lookup_not_an_account_is_layout", 200, "statuses_empty.json", "lookup",
                  PW_E_LAYOUT},
        ErrorCase{"statuses_410_is_gone", 410, "error_410.json", "statuses", PW_E_GONE},
        ErrorCase{"statuses_404_is_gone", 404, "lookup_404.json", "statuses:2", PW_E_GONE},
        ErrorCase{"status_401_is_auth", 401, "error_401.json", "statuses", PW_E_AUTH},
        ErrorCase{"status_403_is_auth", 403, "error_401.json", "lookup", PW_E_AUTH},
        ErrorCase{"status_429_is_rate_limited", 429, "error_401.json", "statuses",
                  PW_E_RATELIMITED},
        ErrorCase{"status_500_is_parse", 500, "error_401.json", "statuses", PW_E_PARSE},
        ErrorCase{"object_instead_of_array_is_layout", 200, "statuses_layout_object.json",
                  "statuses", PW_E_LAYOUT},
        ErrorCase{"status_without_id_is_layout", 200, "statuses_layout_no_id.json", "statuses",
                  PW_E_LAYOUT},
        ErrorCase{"truncated_json_is_parse", 200, "statuses_truncated.json", "statuses",
                  PW_E_PARSE},
        ErrorCase{"unknown_tag_is_internal", 200, "statuses_empty.json", "feed", PW_E_INTERNAL}),
    [](const ::testing::TestParamInfo<ErrorCase>& param_info) { return param_info.param.name; });

TEST(MastodonStatusesTest, FirstPageEmitsEveryStatusWithLinksTimesKindsAndTheNextPage) {
  ProtocolPlugin plugin(MastodonPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(plugin.Parse(host, Account(), Page1()), PW_OK);
  EXPECT_TRUE(host.errors.empty()) << host.errors.front();
  ASSERT_EQ(host.posts.size(), 5u);

  const auto& first = host.posts[0];
  EXPECT_EQ(first.id, "111000000000000905");
  EXPECT_EQ(first.url, "https://social.example/@alice/111000000000000905");
  EXPECT_EQ(first.published_at, 1709374530);
  EXPECT_EQ(first.kind, static_cast<uint32_t>(PW_POST_KIND_POST));
  // Mention and hashtags are not links; the ellipsised URL is taken whole from href, and
  // card.url (the same URL) is not repeated.
  EXPECT_EQ(first.links, std::vector<std::string>{"https://news.example.org/2024/03/"
                                                  "a-very-long-article-title-about-the-city-"
                                                  "budget?id=7"});
  EXPECT_EQ(first.text,
            "Hello @bob and #Election #news, read https://news.example.org/2024/03/"
            "a-very-long-article-title-about-the-city-budget?id=7 & more");

  const auto& reblog = host.posts[1];
  EXPECT_EQ(reblog.id, "111000000000000904");
  EXPECT_EQ(reblog.kind, static_cast<uint32_t>(PW_POST_KIND_SHARE));
  EXPECT_EQ(reblog.shared_url, "https://remote.example/@carol/111000000000000500");
  EXPECT_EQ(reblog.url, "https://remote.example/@carol/111000000000000500");
  EXPECT_EQ(reblog.published_at, 1709370000);
  EXPECT_EQ(reblog.links, std::vector<std::string>{"https://flagged-one.example/story/42"});

  const auto& reply = host.posts[2];
  EXPECT_EQ(reply.kind, static_cast<uint32_t>(PW_POST_KIND_REPLY));
  EXPECT_EQ(reply.published_at, 1709368200);
  EXPECT_EQ(reply.links, std::vector<std::string>{"http://example.net/"});

  const auto& tags_only = host.posts[3];
  EXPECT_TRUE(tags_only.links.empty());
  EXPECT_EQ(tags_only.text, "politics Only tags here #Election and @bob");

  const auto& card = host.posts[4];
  EXPECT_EQ(card.published_at, 1709337599);
  EXPECT_EQ(card.links, (std::vector<std::string>{"https://a.example/one", "https://b.example/two",
                                                  "https://c.example/card"}));

  EXPECT_EQ(host.cursor.value_or("<none>"), "111000000000000905");
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url, std::string(kPage1Url) + "&max_id=111000000000000901");
  EXPECT_EQ(host.requests[0].tag, "statuses:2");
  ASSERT_EQ(host.rate_limits.size(), 1u);
  EXPECT_EQ(host.rate_limits[0].remaining, 297);
  EXPECT_EQ(host.rate_limits[0].reset_at, 1709374800);
}

TEST(MastodonStatusesTest, PagingStopsAtTheCursorAndEmitsOnlyNewerStatuses) {
  ProtocolPlugin plugin(MastodonPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(plugin.Parse(host, Account(kCanonical, "111000000000000903"), Page1()), PW_DONE);
  EXPECT_EQ(Ids(host), (std::vector<std::string>{"111000000000000905", "111000000000000904"}));
  EXPECT_TRUE(host.requests.empty());
  EXPECT_EQ(host.cursor.value_or("<none>"), "111000000000000905");
}

TEST(MastodonStatusesTest, ALaterPageThatReachesTheCursorEndsThePollWithoutMovingTheCursor) {
  ProtocolPlugin plugin(MastodonPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(plugin.Parse(host, Account(kCanonical, "111000000000000899"),
                         Response(200, "statuses_page2.json", "statuses:2")),
            PW_DONE);
  EXPECT_EQ(Ids(host), std::vector<std::string>{"111000000000000900"});
  EXPECT_FALSE(host.cursor.has_value());
  EXPECT_TRUE(host.requests.empty());
}

TEST(MastodonStatusesTest, AShorterIdIsOlderThanTheCursor) {
  ProtocolPlugin plugin(MastodonPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(plugin.Parse(host, Account(kCanonical, "100000000000000000"),
                         Response(200, "statuses_page2.json", "statuses")),
            PW_DONE);
  EXPECT_EQ(Ids(host), (std::vector<std::string>{"111000000000000900", "111000000000000899"}));
  EXPECT_EQ(host.cursor.value_or("<none>"), "111000000000000900");
}

TEST(MastodonStatusesTest, AnEmptyPageIsDoneWithNoPostsAndNoCursor) {
  ProtocolPlugin plugin(MastodonPlugin(), "{}");
  ProtocolHost host;
  EXPECT_EQ(plugin.Parse(host, Account(kCanonical, "5"),
                         Response(200, "statuses_empty.json", "statuses")),
            PW_DONE);
  EXPECT_TRUE(host.posts.empty());
  EXPECT_FALSE(host.cursor.has_value());
  EXPECT_TRUE(host.errors.empty());
}

TEST(MastodonStatusesTest, MaxPagesEndsThePollAndWarnsAboutTheGap) {
  ProtocolPlugin plugin(MastodonPlugin(), R"({"max_pages": 1})");
  ProtocolHost host;
  EXPECT_EQ(plugin.Parse(host, Account(kCanonical, "111000000000000100"), Page1()), PW_DONE);
  EXPECT_EQ(host.posts.size(), 5u);
  EXPECT_TRUE(host.requests.empty());
  ASSERT_EQ(host.logs.size(), 1u);
  EXPECT_EQ(host.logs[0].first, PW_LOG_WARNING);
  EXPECT_NE(host.logs[0].second.find("max_pages"), std::string::npos);
}

TEST(MastodonPollTest, AWholePollLooksUpPagesAndStopsAtThePreviousCursor) {
  ProtocolPlugin plugin(MastodonPlugin(), "{}");
  ProtocolHost host;
  PollRun run =
      plugin.RunPoll(host, Account("", "111000000000000899"), [](const RecordedRequest& request) {
        if (request.tag == "lookup") {
          return Response(200, "lookup_200.json", "", request.url);
        }
        if (request.tag == "statuses") return Page1();
        return Response(200, "statuses_page2.json", "", request.url);
      });
  EXPECT_EQ(run.final_status, PW_DONE);
  ASSERT_EQ(run.requests.size(), 3u);
  EXPECT_EQ(run.requests[0].tag, "lookup");
  EXPECT_EQ(run.requests[1].tag, "statuses");
  EXPECT_EQ(run.requests[2].tag, "statuses:2");
  EXPECT_EQ(host.account_id.value_or("<none>"), kCanonical);
  EXPECT_EQ(Ids(host), (std::vector<std::string>{"111000000000000905", "111000000000000904",
                                                 "111000000000000903", "111000000000000902",
                                                 "111000000000000901", "111000000000000900"}));
  EXPECT_EQ(host.cursor.value_or("<none>"), "111000000000000905");
}

}  // namespace
}  // namespace postwatch::mastodon
