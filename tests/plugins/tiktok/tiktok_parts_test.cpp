// The tiktok plugin's parts: registered handles, the poll cursor, the error mappings, the
// OAuth request builders and token answers, and the config.
#include <gtest/gtest.h>

#include <string>

#include "support/oauth_credential.h"
#include "tiktok/tiktok_account.h"
#include "tiktok/tiktok_config.h"
#include "tiktok/tiktok_errors.h"
#include "tiktok/tiktok_oauth.h"
#include "tiktok/tiktok_videos.h"

namespace postwatch::tiktok {
namespace {

struct HandleCase {
  const char* registered;
  const char* username;  // "" when an error is expected
};

class TikTokHandleTest : public ::testing::TestWithParam<HandleCase> {};

TEST_P(TikTokHandleTest, RegisteredFormYieldsTheUsernameOrAnError) {
  const HandleCase& c = GetParam();
  TikTokHandleParse parsed = ParseTikTokHandle(c.registered);
  if (std::string(c.username).empty()) {
    EXPECT_FALSE(parsed.error.empty()) << c.registered;
  } else {
    EXPECT_EQ(parsed.error, "") << c.registered;
    EXPECT_EQ(parsed.username, c.username) << c.registered;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Forms, TikTokHandleTest,
    ::testing::Values(HandleCase{"@river.city.news", "river.city.news"},
                      HandleCase{"River_City", "river_city"}, HandleCase{"  @acct_3 ", "acct_3"},
                      HandleCase{"https://www.tiktok.com/@river.city.news", "river.city.news"},
                      HandleCase{"https://www.tiktok.com/@river.city.news/", "river.city.news"},
                      HandleCase{"http://tiktok.com/@river?lang=vi", "river"},
                      HandleCase{"https://m.tiktok.com/@river#top", "river"},
                      HandleCase{"https://www.tiktok.com/@river/video/7375518452019105067",
                                 "river"},
                      HandleCase{"https://www.tiktok.com/tag/news", ""}, HandleCase{"@", ""},
                      HandleCase{"", ""}, HandleCase{"@acct-3", ""}, HandleCase{"river city", ""},
                      HandleCase{"@abcdefghijabcdefghijabcdefghijabc", ""}));

TEST(TikTokCursorTest, CursorRoundTripsAndOrdersByTimeThenId) {
  std::optional<VideoPosition> cursor = ParsePollCursor("1717243500:7375518452019105067");
  ASSERT_TRUE(cursor);
  EXPECT_EQ(cursor->create_time, 1717243500);
  EXPECT_EQ(FormatPollCursor(*cursor), "1717243500:7375518452019105067");
  EXPECT_LT(ComparePositions({1717243499, "9999999999999999999"}, *cursor), 0);
  EXPECT_GT(ComparePositions({1717243500, "7375518452019105068"}, *cursor), 0);
  EXPECT_LT(ComparePositions({1717243500, "999"}, *cursor), 0);
  EXPECT_EQ(ComparePositions({1717243500, "07375518452019105067"}, *cursor), 0);
  for (const char* bad :
       {"", "7375518452019105067", "abc:123", "1717243500:", ":1", "1:2:3", "1717243500:73755x"}) {
    EXPECT_FALSE(ParsePollCursor(bad)) << bad;
  }
}

struct ApiCodeCase {
  const char* code;
  int http_status;
  pw_status expected;
};

class TikTokApiErrorTest : public ::testing::TestWithParam<ApiCodeCase> {};

TEST_P(TikTokApiErrorTest, ErrorCodeAndHttpStatusMapToAPluginStatus) {
  const ApiCodeCase& c = GetParam();
  rapidjson::Document doc;
  std::string body = std::string(R"({"data":{},"error":{"code":")") + c.code +
                     R"(","message":"m","log_id":"L1"}})";
  doc.Parse(body.c_str());
  ApiFailure failure = CheckApiResponse(c.http_status, &doc, "video list");
  EXPECT_EQ(failure.code, c.expected) << c.code;
  if (c.expected != PW_OK) {
    EXPECT_NE(failure.message.find("L1"), std::string::npos) << failure.message;
    EXPECT_NE(failure.message.find("HTTP " + std::to_string(c.http_status)), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Codes, TikTokApiErrorTest,
                         ::testing::Values(ApiCodeCase{"ok", 200, PW_OK},
                                           ApiCodeCase{"access_token_invalid", 401, PW_E_AUTH},
                                           ApiCodeCase{"scope_not_authorized", 401, PW_E_AUTH},
                                           ApiCodeCase{"scope_permission_missed", 403, PW_E_AUTH},
                                           ApiCodeCase{"rate_limit_exceeded", 429,
                                                       PW_E_RATELIMITED},
                                           ApiCodeCase{"invalid_params", 400, PW_E_CONFIG},
                                           ApiCodeCase{"internal_error", 500, PW_E_PARSE},
                                           ApiCodeCase{"some_new_code", 400, PW_E_PARSE},
                                           // "ok" in a failed answer: the HTTP status decides.
                                           ApiCodeCase{"ok", 401, PW_E_AUTH},
                                           // A 200 that says it failed is a failure.
                                           ApiCodeCase{"access_token_invalid", 200, PW_E_AUTH}));

TEST(TikTokApiErrorTest, WithoutAnEnvelopeTheHttpStatusDecides) {
  EXPECT_EQ(CheckApiResponse(401, nullptr, "video list").code, PW_E_AUTH);
  EXPECT_EQ(CheckApiResponse(429, nullptr, "video list").code, PW_E_RATELIMITED);
  EXPECT_EQ(CheckApiResponse(502, nullptr, "video list").code, PW_E_PARSE);
  EXPECT_EQ(CheckApiResponse(200, nullptr, "video list").code, PW_OK);
}

struct OAuthCase {
  const char* error;
  pw_status expected;
};

class TikTokOAuthErrorTest : public ::testing::TestWithParam<OAuthCase> {};

TEST_P(TikTokOAuthErrorTest, TokenEndpointErrorMapsToAPluginStatus) {
  EXPECT_EQ(StatusOfOAuthError(GetParam().error), GetParam().expected) << GetParam().error;
}

INSTANTIATE_TEST_SUITE_P(Errors, TikTokOAuthErrorTest,
                         ::testing::Values(OAuthCase{"invalid_grant", PW_E_AUTH},
                                           OAuthCase{"access_denied", PW_E_AUTH},
                                           OAuthCase{"invalid_client", PW_E_CONFIG},
                                           OAuthCase{"invalid_request", PW_E_CONFIG},
                                           OAuthCase{"unsupported_grant_type", PW_E_CONFIG},
                                           OAuthCase{"rate_limit_exceeded", PW_E_RATELIMITED},
                                           OAuthCase{"server_error", PW_E_PARSE}));

TEST(TikTokRedactTest, TokensInPlatformMessagesAreRedacted) {
  EXPECT_EQ(RedactTokens("token act.abc!123.va is expired; use rft.xyz"),
            "token [redacted] is expired; use [redacted]");
  EXPECT_EQ(RedactTokens("contract.act.x stays"), "contract.act.x stays");
  EXPECT_LE(RedactTokens(std::string(1000, 'x')).size(), 300u);
}

TEST(TikTokOAuthTest, AuthorizeUrlCarriesClientScopesStateAndPkce) {
  TikTokConfig config;
  plugin::OAuthApp app{"aw0example", "s3cret"};
  std::string url = AuthorizeUrl(config, app, "https://pw.example/oauth/callback/tiktok", "st-1",
                                 "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  EXPECT_EQ(url,
            "https://www.tiktok.com/v2/auth/authorize/?client_key=aw0example&scope=user.info."
            "basic%2Cvideo.list&response_type=code&redirect_uri=https%3A%2F%2Fpw.example%2Foauth%"
            "2Fcallback%2Ftiktok&state=st-1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSs"
            "tw-cM&code_challenge_method=S256");
  EXPECT_EQ(AuthorizeUrl(config, app, "https://pw.example/cb", "s", "").find("code_challenge"),
            std::string::npos);
  EXPECT_EQ(url.find("s3cret"), std::string::npos);
}

TEST(TikTokOAuthTest, TokenRequestBodiesAreFormEncoded) {
  plugin::OAuthApp app{"aw0example", "s3 cret"};
  EXPECT_EQ(CodeExchangeBody(app, "code*1!", "https://pw.example/cb", "verifier-1"),
            "client_key=aw0example&client_secret=s3%20cret&code=code%2A1%21&grant_type="
            "authorization_code&redirect_uri=https%3A%2F%2Fpw.example%2Fcb&code_verifier="
            "verifier-1");
  EXPECT_EQ(RefreshBody(app, "rft.1"),
            "client_key=aw0example&client_secret=s3%20cret&grant_type=refresh_token&"
            "refresh_token=rft.1");
}

TEST(TikTokOAuthTest, RefreshAnswerWithoutARefreshTokenKeepsTheOldOne) {
  plugin::OAuthCredential previous;
  previous.access_token = "act.old";
  previous.refresh_token = "rft.old";
  previous.refresh_expires_at = 1750000000;
  previous.scope = "user.info.basic,video.list";
  TokenParse parsed = ParseTokenAnswer(200, R"({"access_token":"act.new","expires_in":86400})",
                                       1717243000, &previous, "token refresh");
  ASSERT_EQ(parsed.code, PW_OK) << parsed.message;
  EXPECT_EQ(parsed.answer.credential.access_token, "act.new");
  EXPECT_EQ(parsed.answer.credential.refresh_token, "rft.old");
  EXPECT_EQ(parsed.answer.credential.expires_at, 1717243000 + 86400);
  EXPECT_EQ(parsed.answer.credential.refresh_expires_at, 1750000000);
  EXPECT_EQ(parsed.answer.credential.scope, "user.info.basic,video.list");
}

TEST(TikTokOAuthTest, ScopeListsAreSplitOnCommasAndSpaces) {
  EXPECT_TRUE(ScopeIncludes("user.info.basic,video.list", "video.list"));
  EXPECT_TRUE(ScopeIncludes("video.list user.info.basic", "video.list"));
  EXPECT_FALSE(ScopeIncludes("user.info.basic,video.list.extra", "video.list"));
  EXPECT_FALSE(ScopeIncludes("", "video.list"));
}

TEST(TikTokConfigTest, DefaultsPointAtTikTokAndBaseUrlsLoseTrailingSlashes) {
  TikTokConfigParse defaults = ParseTikTokConfig("");
  ASSERT_EQ(defaults.error, "");
  EXPECT_EQ(defaults.config.api_base_url, "https://open.tiktokapis.com");
  EXPECT_EQ(defaults.config.auth_base_url, "https://www.tiktok.com");
  EXPECT_EQ(defaults.config.page_size, 20);
  TikTokConfigParse sim = ParseTikTokConfig(
      R"({"api_base_url": "http://127.0.0.1:8080/tiktok/", "auth_base_url":
          "http://127.0.0.1:8080/tiktok", "page_size": 5, "max_pages": 2,})");
  ASSERT_EQ(sim.error, "");
  EXPECT_EQ(sim.config.api_base_url, "http://127.0.0.1:8080/tiktok");
  EXPECT_EQ(sim.config.page_size, 5);
  EXPECT_EQ(sim.config.max_pages, 2);
  EXPECT_NE(ParseTikTokConfig(R"({"page_size": 21})").error, "");
  EXPECT_NE(ParseTikTokConfig(R"({"api_base_url": "open.tiktokapis.com"})").error, "");
  EXPECT_NE(ParseTikTokConfig(R"({"base_url": "http://x"})").error.find("known keys"),
            std::string::npos);
}

}  // namespace
}  // namespace postwatch::tiktok
