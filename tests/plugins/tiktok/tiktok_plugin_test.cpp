// Drives the tiktok plugin through its pw_plugin table with synthetic fixtures in the
// Display API and Login Kit formats: video pages, paging at the cursor, error envelopes,
// token answers, the authorisation URL and the account id.
#include "tiktok/tiktok_plugin.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixture_files.h"
#include "owner_host.h"
#include "support/oauth_credential.h"

namespace postwatch::tiktok {
namespace {

using testing::GrantStep;
using testing::OwnerAccount;
using testing::OwnerHost;
using testing::OwnerPlugin;
using testing::ReadFileOrFail;
using testing::TestResponse;

constexpr const char* kListUrl =
    "https://open.tiktokapis.com/v2/video/list/"
    "?fields=id,create_time,share_url,video_description,title,embed_link";
constexpr const char* kTokenUrl = "https://open.tiktokapis.com/v2/oauth/token/";
constexpr const char* kApp = R"({"client_key": "aw0example", "client_secret": "s3cret"})";
constexpr const char* kCredential =
    R"({"access_token":"act.live","refresh_token":"rft.live","expires_at":1717300000,)"
    R"("refresh_expires_at":1748700000,"scope":"user.info.basic,video.list"})";

std::string Fixture(const std::string& name) {
  return ReadFileOrFail(std::string(PW_TIKTOK_FIXTURES_DIR) + "/" + name);
}

TestResponse Response(int status, const std::string& fixture, const std::string& tag,
                      const std::string& url = kListUrl) {
  TestResponse response;
  response.status = status;
  response.body = Fixture(fixture);
  response.tag = tag;
  response.url = url;
  return response;
}

OwnerAccount Account(std::string cursor = "", std::string credential = kCredential) {
  OwnerAccount account;
  account.registered = "@river.city.news";
  account.cursor = std::move(cursor);
  account.credential = std::move(credential);
  account.app_credential = kApp;
  return account;
}

std::string Header(const testing::RecordedRequest& request, const std::string& name) {
  for (const auto& [n, v] : request.headers) {
    if (n == name) return v;
  }
  return "";
}

std::vector<std::string> Ids(const OwnerHost& host) {
  std::vector<std::string> ids;
  for (const auto& post : host.posts) ids.push_back(post.id);
  return ids;
}

TEST(TikTokPlanTest, PollPostsTheFirstVideoListRequestWithTheOwnersToken) {
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  ASSERT_EQ(plugin.init_status(), PW_OK);
  OwnerHost host;
  EXPECT_EQ(plugin.Plan(host, Account()), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  const auto& request = host.requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, kListUrl);
  EXPECT_EQ(request.tag, "videos");
  EXPECT_EQ(request.body, R"({"max_count":20})");
  EXPECT_EQ(Header(request, "Authorization"), "Bearer act.live");
  EXPECT_EQ(Header(request, "Content-Type"), "application/json");
}

TEST(TikTokPlanTest, ABareImportedTokenIsUsedAsTheAccessToken) {
  OwnerPlugin plugin(TikTokPlugin(), R"({"page_size": 5})");
  OwnerHost host;
  EXPECT_EQ(plugin.Plan(host, Account("", "act.imported")), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(Header(host.requests[0], "Authorization"), "Bearer act.imported");
  EXPECT_EQ(host.requests[0].body, R"({"max_count":5})");
}

TEST(TikTokPlanTest, WithoutAGrantThePollAsksForOne) {
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  EXPECT_EQ(plugin.Plan(host, Account("", "")), PW_E_AUTH);
  EXPECT_TRUE(host.requests.empty());
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_EQ(host.errors[0], "no owner grant for this account: connect it or import a token");
}

TEST(TikTokPlanTest, AMistypedHandleIsAConfigError) {
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  OwnerAccount account = Account();
  account.registered = "https://www.tiktok.com/tag/news";
  EXPECT_EQ(plugin.Plan(host, account), PW_E_CONFIG);
}

TEST(TikTokParseTest, FirstPageEmitsVideosWithLinksFromDescriptionAndTitleAndAsksForMore) {
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  EXPECT_EQ(plugin.Parse(host, Account(), Response(200, "videos_page1.json", "videos")), PW_OK);
  ASSERT_EQ(host.posts.size(), 3u);
  const auto& first = host.posts[0];
  EXPECT_EQ(first.id, "7375518452019105067");
  EXPECT_EQ(first.url, "https://www.tiktok.com/@river.city.news/video/7375518452019105067");
  EXPECT_EQ(first.published_at, 1717243500);
  EXPECT_EQ(first.kind, static_cast<uint32_t>(PW_POST_KIND_VIDEO));
  EXPECT_EQ(first.links,
            (std::vector<std::string>{"https://news.example.org/2024/06/flood-map?src=tt",
                                      "http://www.city.example/shelters"}));
  EXPECT_EQ(first.text.rfind("Flood update for District 4 \xE2\x80\x94 full map", 0), 0u);
  const auto& second = host.posts[1];
  EXPECT_EQ(second.links, std::vector<std::string>{"https://flagged-one.example/story/42"});
  EXPECT_EQ(second.text.rfind("Gi\xC3\xA1 x\xC4\x83ng h\xC3\xB4m nay (ngu", 0), 0u);
  EXPECT_TRUE(host.posts[2].links.empty());
  EXPECT_EQ(host.posts[2].text, "Behind the scenes at the council meeting");
  EXPECT_EQ(host.cursor.value_or(""), "1717243500:7375518452019105067");
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].tag, "videos:2");
  EXPECT_EQ(host.requests[0].body, R"({"cursor":1717236400000,"max_count":20})");
  EXPECT_EQ(Header(host.requests[0], "Authorization"), "Bearer act.live");
}

TEST(TikTokParseTest, LastPageEndsThePollAndDeduplicatesLinks) {
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  EXPECT_EQ(plugin.Parse(host, Account(), Response(200, "videos_page2.json", "videos:2")), PW_DONE);
  ASSERT_EQ(host.posts.size(), 1u);
  EXPECT_EQ(host.posts[0].links, std::vector<std::string>{"https://neutral-7.example/articles/12"});
  EXPECT_FALSE(host.cursor) << "only the first page sets the cursor";
  EXPECT_TRUE(host.requests.empty());
}

TEST(TikTokParseTest, PagingStopsAtThePreviousPollsNewestVideo) {
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  OwnerAccount account = Account("1717240000:7375503399152209195");
  EXPECT_EQ(plugin.Parse(host, account, Response(200, "videos_page1.json", "videos")), PW_DONE);
  EXPECT_EQ(Ids(host), std::vector<std::string>{"7375518452019105067"});
  EXPECT_EQ(host.cursor.value_or(""), "1717243500:7375518452019105067");
  EXPECT_TRUE(host.requests.empty());
}

TEST(TikTokParseTest, MaxPagesEndsThePollWithAWarningWhenNewVideosMayRemain) {
  OwnerPlugin plugin(TikTokPlugin(), R"({"max_pages": 1})");
  OwnerHost host;
  OwnerAccount account = Account("1717000000:7374000000000000000");
  EXPECT_EQ(plugin.Parse(host, account, Response(200, "videos_page1.json", "videos")), PW_DONE);
  EXPECT_EQ(host.posts.size(), 3u);
  EXPECT_TRUE(host.requests.empty());
  ASSERT_EQ(host.logs.size(), 1u);
  EXPECT_EQ(host.logs[0].first, PW_LOG_WARNING);
}

struct PageCase {
  const char* name;
  int status;
  const char* fixture;
  pw_status expected;
  const char* message_part;
};

class TikTokPageCaseTest : public ::testing::TestWithParam<PageCase> {};

TEST_P(TikTokPageCaseTest, AnswerMapsToTheExpectedStatusAndMessage) {
  const PageCase& c = GetParam();
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  pw_status status = plugin.Parse(host, Account(), Response(c.status, c.fixture, "videos"));
  EXPECT_EQ(status, c.expected);
  EXPECT_TRUE(host.posts.empty());
  if (c.expected < 0) {
    ASSERT_EQ(host.errors.size(), 1u);
    EXPECT_NE(host.errors[0].find(c.message_part), std::string::npos) << host.errors[0];
    EXPECT_EQ(host.errors[0].find("act.live"), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Answers, TikTokPageCaseTest,
    ::testing::Values(
        PageCase{"empty", 200, "videos_empty.json", PW_DONE, ""},
        PageCase{"no_videos_key", 200, "videos_no_videos_key.json", PW_DONE, ""},
        PageCase{"token_invalid", 401, "error_access_token_invalid.json", PW_E_AUTH,
                 "access_token_invalid"},
        PageCase{"scope_missing", 401, "error_scope_not_authorized.json", PW_E_AUTH,
                 "scope_not_authorized"},
        PageCase{"rate_limited", 429, "error_rate_limit_exceeded.json", PW_E_RATELIMITED,
                 "rate_limit_exceeded"},
        PageCase{"invalid_params", 400, "error_invalid_params.json", PW_E_CONFIG,
                 "max_count must be between 1 and 20"},
        PageCase{"internal_error", 500, "error_internal.json", PW_E_PARSE,
                 "202406011216044B5C6D7E8F9001122334"},
        PageCase{"gateway_html", 502, "error_gateway.html", PW_E_PARSE, "HTTP 502"},
        PageCase{"html_200", 200, "error_gateway.html", PW_E_PARSE, "not JSON"},
        PageCase{"no_data", 200, "videos_layout_no_data.json", PW_E_LAYOUT, "\"data\""},
        PageCase{"video_without_id", 200, "videos_layout_no_id.json", PW_E_LAYOUT, "video 0"},
        PageCase{"videos_object", 200, "videos_layout_videos_object.json", PW_E_LAYOUT,
                 "not an array"}),
    [](const ::testing::TestParamInfo<PageCase>& param_info) { return param_info.param.name; });

TEST(TikTokParseTest, RateLimitedAnswerHintsAOneMinuteBackoff) {
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  TestResponse response = Response(429, "error_rate_limit_exceeded.json", "videos");
  response.headers.emplace_back("Date", "Sat, 01 Jun 2024 12:16:02 GMT");
  EXPECT_EQ(plugin.Parse(host, Account(), response), PW_E_RATELIMITED);
  ASSERT_EQ(host.rate_limits.size(), 1u);
  EXPECT_EQ(host.rate_limits[0].remaining, 0);
  EXPECT_EQ(host.rate_limits[0].reset_at, 1717244162 + 60);
}

TEST(TikTokAuthorizeTest, WithoutACodeTheOwnerIsSentToTikToksAuthorisationPage) {
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  GrantStep grant{"https://pw.example/oauth/callback", "st-9", "challenge-1", "", ""};
  EXPECT_EQ(plugin.Authorize(host, Account("", ""), grant), PW_OK);
  ASSERT_EQ(host.authorize_urls.size(), 1u);
  EXPECT_EQ(host.authorize_urls[0],
            "https://www.tiktok.com/v2/auth/authorize/?client_key=aw0example&scope=user.info."
            "basic%2Cvideo.list&response_type=code&redirect_uri=https%3A%2F%2Fpw.example%2Foauth%"
            "2Fcallback&state=st-9&code_challenge=challenge-1&code_challenge_method=S256");
  EXPECT_TRUE(host.requests.empty());
}

TEST(TikTokAuthorizeTest, WithoutAnAppCredentialTheGrantIsAConfigError) {
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  OwnerAccount account = Account("", "");
  account.app_credential = "";
  EXPECT_EQ(plugin.Authorize(host, account, GrantStep{"https://pw.example/cb", "s", "", "", ""}),
            PW_E_CONFIG);
  EXPECT_TRUE(host.authorize_urls.empty());
}

TEST(TikTokAuthorizeTest, CodeExchangeEmitsTheCredentialAndTheOpenIdAsAccountId) {
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  OwnerAccount account = Account("", "");
  GrantStep grant{"https://pw.example/oauth/callback", "st-9", "", "verifier-1", "code-77"};
  EXPECT_EQ(plugin.Authorize(host, account, grant), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].method, "POST");
  EXPECT_EQ(host.requests[0].url, kTokenUrl);
  EXPECT_EQ(host.requests[0].tag, "grant");
  EXPECT_EQ(Header(host.requests[0], "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_NE(host.requests[0].body.find("grant_type=authorization_code"), std::string::npos);
  EXPECT_NE(host.requests[0].body.find("code_verifier=verifier-1"), std::string::npos);

  OwnerHost answer_host;
  TestResponse answer = Response(200, "token_grant.json", "grant", kTokenUrl);
  answer.headers =
      testing::ReadHeaderFile(std::string(PW_TIKTOK_FIXTURES_DIR) + "/token_grant.headers");
  EXPECT_EQ(plugin.Parse(answer_host, account, answer), PW_DONE);
  ASSERT_EQ(answer_host.credentials.size(), 1u);
  const int64_t date = 1717244220;  // Sat, 01 Jun 2024 12:17:00 GMT
  EXPECT_EQ(answer_host.credentials[0].expires_at, date + 86400);
  EXPECT_EQ(answer_host.credentials[0].refresh_expires_at, date + 31536000);
  std::optional<plugin::OAuthCredential> stored =
      plugin::ParseOAuthCredential(answer_host.credentials[0].secret);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->access_token, "act.1a2b3c4d5e6f7g8h9i0jExampleAccessToken0001!6022.va");
  EXPECT_EQ(stored->refresh_token, "rft.9z8y7x6w5v4u3t2s1rExampleRefreshToken0001!6047.va");
  EXPECT_EQ(stored->scope, "user.info.basic,video.list");
  EXPECT_EQ(answer_host.account_id.value_or(""), "-000Ab3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV");
}

TEST(TikTokRefreshTest, RefreshPostsTheRefreshTokenWithTheAppCredential) {
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  EXPECT_EQ(plugin.Refresh(host, Account()), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url, kTokenUrl);
  EXPECT_EQ(host.requests[0].tag, "refresh");
  EXPECT_EQ(host.requests[0].body,
            "client_key=aw0example&client_secret=s3cret&grant_type=refresh_token&refresh_token="
            "rft.live");
}

TEST(TikTokRefreshTest, AnImportedBareTokenCannotBeRefreshed) {
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  EXPECT_EQ(plugin.Refresh(host, Account("", "act.imported")), PW_E_AUTH);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_NE(host.errors[0].find("no refresh token"), std::string::npos);
}

struct TokenCase {
  const char* name;
  int status;
  const char* fixture;
  pw_status expected;
  const char* refresh_token;  // of the emitted credential, when PW_DONE
};

class TikTokTokenCaseTest : public ::testing::TestWithParam<TokenCase> {};

TEST_P(TikTokTokenCaseTest, RefreshAnswerEmitsACredentialOrTheMappedError) {
  const TokenCase& c = GetParam();
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  pw_status status =
      plugin.Parse(host, Account(), Response(c.status, c.fixture, "refresh", kTokenUrl));
  EXPECT_EQ(status, c.expected);
  if (c.expected == PW_DONE) {
    ASSERT_EQ(host.credentials.size(), 1u);
    EXPECT_EQ(plugin::ParseOAuthCredential(host.credentials[0].secret)->refresh_token,
              c.refresh_token);
    EXPECT_GT(host.credentials[0].expires_at, 0);
  } else {
    EXPECT_TRUE(host.credentials.empty());
    ASSERT_EQ(host.errors.size(), 1u);
    EXPECT_EQ(host.errors[0].find("rft.live"), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Answers, TikTokTokenCaseTest,
    ::testing::Values(
        TokenCase{"rotated", 200, "token_refresh.json", PW_DONE,
                  "rft.8y7x6w5v4u3t2s1r0qExampleRefreshToken0002!6047.va"},
        TokenCase{"kept", 200, "token_refresh_no_refresh_token.json", PW_DONE, "rft.live"},
        TokenCase{"invalid_grant", 400, "token_invalid_grant.json", PW_E_AUTH, ""},
        TokenCase{"invalid_grant_as_200", 200, "token_invalid_grant.json", PW_E_AUTH, ""},
        TokenCase{"invalid_client", 401, "token_invalid_client.json", PW_E_CONFIG, ""},
        TokenCase{"layout", 200, "token_layout_no_access_token.json", PW_E_LAYOUT, ""},
        TokenCase{"html", 502, "error_gateway.html", PW_E_PARSE, ""}),
    [](const ::testing::TestParamInfo<TokenCase>& param_info) { return param_info.param.name; });

TEST(TikTokRefreshTest, AGrantWithoutVideoListIsStoredWithAWarning) {
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  EXPECT_EQ(plugin.Parse(host, Account("", ""),
                         Response(200, "token_basic_scope_only.json", "grant", kTokenUrl)),
            PW_DONE);
  EXPECT_EQ(host.credentials.size(), 1u);
  ASSERT_EQ(host.logs.size(), 1u);
  EXPECT_NE(host.logs[0].second.find("video.list"), std::string::npos);
}

TEST(TikTokResolveTest, ResolveReadsTheOpenIdOfTheTokensOwner) {
  OwnerPlugin plugin(TikTokPlugin(), "{}");
  OwnerHost host;
  EXPECT_EQ(plugin.Resolve(host, Account()), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url,
            "https://open.tiktokapis.com/v2/user/info/?fields=open_id,union_id,display_name");
  EXPECT_EQ(Header(host.requests[0], "Authorization"), "Bearer act.live");
  OwnerHost answer;
  EXPECT_EQ(plugin.Parse(answer, Account(), Response(200, "user_info.json", "resolve")), PW_DONE);
  EXPECT_EQ(answer.account_id.value_or(""), "-000Ab3cD4eF5gH6iJ7kL8mN9oP0qR1sT2uV");
  OwnerHost refused;
  EXPECT_EQ(
      plugin.Parse(refused, Account(), Response(401, "error_access_token_invalid.json", "resolve")),
      PW_E_AUTH);
}

}  // namespace
}  // namespace postwatch::tiktok
