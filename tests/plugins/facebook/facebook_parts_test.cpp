// The facebook plugin's parts: what a member may register, the config, the cursor, the Graph
// API error envelope and usage headers.
#include <gtest/gtest.h>

#include <string>

#include "facebook/facebook_config.h"
#include "facebook/facebook_errors.h"
#include "facebook/facebook_page.h"
#include "facebook/facebook_posts.h"
#include "facebook/facebook_requests.h"
#include "recording_host.h"

namespace postwatch::facebook {
namespace {

struct PageCase {
  const char* name;
  const char* registered;
  const char* id;        // expected id, "" when a username
  const char* username;  // expected username
  const char* error;     // a part of the error, "" when accepted
};

class PageRefTest : public ::testing::TestWithParam<PageCase> {};

TEST_P(PageRefTest, RegisteredTextNamesThePageOrIsRefused) {
  const PageCase& c = GetParam();
  PageRefParse parsed = ParsePageRef(c.registered);
  if (*c.error != '\0') {
    EXPECT_EQ(parsed.code, PW_E_CONFIG) << c.registered;
    EXPECT_NE(parsed.error.find(c.error), std::string::npos) << parsed.error;
    return;
  }
  ASSERT_EQ(parsed.code, PW_OK) << parsed.error;
  EXPECT_EQ(parsed.ref.id, c.id);
  EXPECT_EQ(parsed.ref.username, c.username);
}

INSTANTIATE_TEST_SUITE_P(
    Registered, PageRefTest,
    ::testing::Values(
        PageCase{"numeric_id", "104512345678901", "104512345678901", "", ""},
        PageCase{"bare_username", "examplepage", "", "examplepage", ""},
        PageCase{"at_username", "@ExamplePage", "", "examplepage", ""},
        PageCase{"dotted_username", "example.page", "", "example.page", ""},
        PageCase{"page_url", "https://www.facebook.com/examplepage", "", "examplepage", ""},
        PageCase{"url_with_trailing_path", "https://m.facebook.com/examplepage/posts/123?ref=x", "",
                 "examplepage", ""},
        PageCase{"schemeless_url", "facebook.com/examplepage/", "", "examplepage", ""},
        PageCase{"fb_com", "https://fb.com/examplepage", "", "examplepage", ""},
        PageCase{"id_url", "https://www.facebook.com/104512345678901", "104512345678901", "", ""},
        PageCase{"pages_url", "https://www.facebook.com/pages/Example-Page/104512345678901",
                 "104512345678901", "", ""},
        PageCase{"name_with_id", "https://www.facebook.com/Example-Page-104512345678901",
                 "104512345678901", "", ""},
        PageCase{"p_url", "https://www.facebook.com/p/Example-Page-104512345678901/",
                 "104512345678901", "", ""},
        PageCase{"pg_url", "https://www.facebook.com/pg/examplepage/posts/", "", "examplepage", ""},
        PageCase{"profile_php", "https://www.facebook.com/profile.php?id=100012345678901", "", "",
                 "personal profiles have no public read interface"},
        PageCase{"people", "https://www.facebook.com/people/Jane-Doe/100012345678901/", "", "",
                 "personal profiles have no public read interface"},
        PageCase{"group", "https://www.facebook.com/groups/123456789", "", "",
                 "not a Facebook Page"},
        PageCase{"other_site", "https://example.com/examplepage", "", "", "not a Facebook Page"},
        PageCase{"no_name", "https://www.facebook.com/", "", "", "without a Page name"},
        PageCase{"empty", "  ", "", "", "empty"}),
    [](const ::testing::TestParamInfo<PageCase>& param_info) { return param_info.param.name; });

struct ConfigCase {
  const char* name;
  const char* json;
  const char* error;  // a part of the error, "" when accepted
};

class FacebookConfigTest : public ::testing::TestWithParam<ConfigCase> {};

TEST_P(FacebookConfigTest, ConfigIsAcceptedOrRefusedWithAReason) {
  const ConfigCase& c = GetParam();
  FacebookConfigParse parsed = ParseFacebookConfig(c.json);
  if (*c.error == '\0') {
    EXPECT_EQ(parsed.error, "");
  } else {
    EXPECT_NE(parsed.error.find(c.error), std::string::npos) << parsed.error;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Configs, FacebookConfigTest,
    ::testing::Values(ConfigCase{"empty", "", ""}, ConfigCase{"object", "{}", ""},
                      ConfigCase{"sim", R"({"base_url": "http://127.0.0.1:8080/facebook/graph/",
                              "dialog_base_url": "http://127.0.0.1:8080/facebook/www",
                              "api_version": "v21.0", "page_limit": 100, "max_pages": 9})",
                                 ""},
                      ConfigCase{"bad_version", R"({"api_version": "19.0"})", "api_version"},
                      ConfigCase{"page_limit_too_big", R"({"page_limit": 101})", "page_limit"},
                      ConfigCase{"query_in_base", R"({"base_url": "https://graph.example/?x=1"})",
                                 "base_url"},
                      ConfigCase{"unknown_key", R"({"token": "x"})", "unknown config key"},
                      ConfigCase{"not_json", "{", "not valid JSON"}),
    [](const ::testing::TestParamInfo<ConfigCase>& param_info) { return param_info.param.name; });

TEST(FacebookConfigTest, DefaultsPointAtTheRealGraphApi) {
  FacebookConfig config = ParseFacebookConfig("{}").config;
  EXPECT_EQ(config.GraphRoot(), "https://graph.facebook.com/v19.0");
  EXPECT_EQ(config.dialog_base_url, "https://www.facebook.com");
  FacebookConfig sim =
      ParseFacebookConfig(R"({"base_url": "http://127.0.0.1:1/facebook/graph/"})").config;
  EXPECT_EQ(sim.GraphRoot(), "http://127.0.0.1:1/facebook/graph/v19.0");
}

TEST(PostsCursorTest, CursorRoundTripsAndRefusesJunk) {
  std::optional<PostsCursor> cursor = ParsePostsCursor("1707741908:1_2,1_3");
  ASSERT_TRUE(cursor.has_value());
  EXPECT_EQ(cursor->time, 1707741908);
  EXPECT_EQ(cursor->ids, (std::vector<std::string>{"1_2", "1_3"}));
  EXPECT_EQ(FormatPostsCursor(*cursor), "1707741908:1_2,1_3");
  EXPECT_FALSE(ParsePostsCursor("").has_value());
  EXPECT_FALSE(ParsePostsCursor("1707741908").has_value());
  EXPECT_FALSE(ParsePostsCursor("1707741908:").has_value());
  EXPECT_FALSE(ParsePostsCursor("x:1_2").has_value());
  EXPECT_FALSE(ParsePostsCursor("17:1_2,<script>").has_value());
}

TEST(PostsCursorTest, PostsOfTheCursorSecondAreSeenOnlyWhenListed) {
  PostsCursor cursor{100, {"1_5"}};
  EXPECT_TRUE(SeenBy(cursor, 99, "1_9"));
  EXPECT_TRUE(SeenBy(cursor, 100, "1_5"));
  EXPECT_FALSE(SeenBy(cursor, 100, "1_6"));
  EXPECT_FALSE(SeenBy(cursor, 101, "1_1"));
  PostsCursor merged = NewerCursor(cursor, PostsCursor{100, {"1_6"}});
  EXPECT_EQ(FormatPostsCursor(merged), "100:1_5,1_6");
  EXPECT_EQ(FormatPostsCursor(NewerCursor(cursor, PostsCursor{90, {"1_1"}})), "100:1_5");
  EXPECT_EQ(FormatPostsCursor(NewerCursor(std::nullopt, PostsCursor{90, {"1_1"}})), "90:1_1");
}

struct ErrorCase {
  const char* name;
  int http_status;
  const char* body;
  pw_status code;
};

class GraphErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(GraphErrorTest, EnvelopeMapsToTheResultCode) {
  const ErrorCase& c = GetParam();
  ErrorVerdict verdict = ClassifyGraphError(c.http_status, ParseGraphError(c.body), "posts", "");
  EXPECT_EQ(verdict.code, c.code) << verdict.message;
  EXPECT_EQ(verdict.message.rfind("posts: HTTP ", 0), 0u) << verdict.message;
}

std::string Envelope(int code, int subcode, const char* message) {
  return R"({"error":{"message":")" + std::string(message) +
         R"(","type":"OAuthException","code":)" + std::to_string(code) +
         (subcode != 0 ? ",\"error_subcode\":" + std::to_string(subcode) : std::string()) +
         R"(,"fbtrace_id":"Ab1"}})";
}

const std::string kErrors[] = {
    Envelope(4, 0, "(#4) Application request limit reached"),
    Envelope(17, 0, "(#17) User request limit reached"),
    Envelope(32, 0, "(#32) Page request limit reached"),
    Envelope(613, 0, "(#613) Calls to this api have exceeded the rate limit."),
    Envelope(80001, 0, "(#80001) There have been too many calls to this Page account."),
    Envelope(190, 463, "Error validating access token: Session has expired"),
    Envelope(190, 458, "The user has not authorized application"),
    Envelope(190, 0, "Invalid OAuth access token"),
    Envelope(102, 0, "Session key invalid"),
    Envelope(10, 0, "(#10) Permission denied"),
    Envelope(200, 0, "(#200) Permissions error"),
    Envelope(299, 0, "(#299) Permission"),
    Envelope(100, 33, "Unsupported get request."),
    Envelope(100, 0, "Object with ID '1' does not exist"),
    Envelope(803, 0, "(#803) Some of the aliases you requested do not exist"),
    Envelope(100, 0, "(#100) Tried accessing nonexisting field (attachments)"),
    Envelope(1, 0, "An unknown error occurred"),
};

INSTANTIATE_TEST_SUITE_P(
    Envelopes, GraphErrorTest,
    ::testing::Values(ErrorCase{"app_throttled", 400, kErrors[0].c_str(), PW_E_RATELIMITED},
                      ErrorCase{"user_throttled", 400, kErrors[1].c_str(), PW_E_RATELIMITED},
                      ErrorCase{"page_throttled", 400, kErrors[2].c_str(), PW_E_RATELIMITED},
                      ErrorCase{"api_throttled", 400, kErrors[3].c_str(), PW_E_RATELIMITED},
                      ErrorCase{"buc_throttled", 400, kErrors[4].c_str(), PW_E_RATELIMITED},
                      ErrorCase{"expired", 400, kErrors[5].c_str(), PW_E_AUTH},
                      ErrorCase{"deauthorized", 400, kErrors[6].c_str(), PW_E_AUTH},
                      ErrorCase{"invalid_token", 400, kErrors[7].c_str(), PW_E_AUTH},
                      ErrorCase{"session", 400, kErrors[8].c_str(), PW_E_AUTH},
                      ErrorCase{"permission_10", 403, kErrors[9].c_str(), PW_E_AUTH},
                      ErrorCase{"permission_200", 403, kErrors[10].c_str(), PW_E_AUTH},
                      ErrorCase{"permission_299", 403, kErrors[11].c_str(), PW_E_AUTH},
                      ErrorCase{"gone_subcode", 400, kErrors[12].c_str(), PW_E_GONE},
                      ErrorCase{"gone_text", 404, kErrors[13].c_str(), PW_E_GONE},
                      ErrorCase{"alias", 404, kErrors[14].c_str(), PW_E_GONE},
                      ErrorCase{"field", 400, kErrors[15].c_str(), PW_E_LAYOUT},
                      ErrorCase{"unknown", 500, kErrors[16].c_str(), PW_E_PARSE},
                      ErrorCase{"bare_401", 401, "", PW_E_AUTH},
                      ErrorCase{"bare_404", 404, "<html>", PW_E_GONE},
                      ErrorCase{"bare_429", 429, "", PW_E_RATELIMITED},
                      ErrorCase{"bare_500", 500, "oops", PW_E_PARSE}),
    [](const ::testing::TestParamInfo<ErrorCase>& param_info) { return param_info.param.name; });

TEST(GraphErrorTest, MessageQuotesTheEnvelopeAndRedactsTheToken) {
  std::optional<GraphError> error = ParseGraphError(
      R"({"error":{"message":"Malformed access token EAAGsecret","type":"OAuthException",
          "code":190,"error_subcode":467,"fbtrace_id":"AbC"}})");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->subcode, 467);
  ErrorVerdict verdict = ClassifyGraphError(400, error, "posts of Page 1", "EAAGsecret");
  EXPECT_EQ(verdict.code, PW_E_AUTH);
  EXPECT_EQ(verdict.message.find("EAAGsecret"), std::string::npos) << verdict.message;
  EXPECT_NE(verdict.message.find("(#190/467 OAuthException)"), std::string::npos);
  EXPECT_NE(verdict.message.find("[redacted]"), std::string::npos);
  EXPECT_NE(verdict.message.find("fbtrace_id AbC"), std::string::npos);
  EXPECT_NE(verdict.message.find("reconnect"), std::string::npos);
}

TEST(UsageHeaderTest, FlatAndBusinessUsageGiveTheHighestPercentage) {
  std::optional<Usage> app =
      ParseUsageHeader(R"({"call_count":12,"total_cputime":4,"total_time":70})");
  ASSERT_TRUE(app.has_value());
  EXPECT_EQ(app->max_percent, 70);
  EXPECT_EQ(app->regain_minutes, 0);
  std::optional<Usage> business = ParseUsageHeader(
      R"({"104":[{"type":"pages","call_count":100,"total_cputime":3,"total_time":5,
                  "estimated_time_to_regain_access":17}],
          "105":[{"type":"pages","call_count":20,"estimated_time_to_regain_access":4}]})");
  ASSERT_TRUE(business.has_value());
  EXPECT_EQ(business->max_percent, 100);
  EXPECT_EQ(business->regain_minutes, 17);
  EXPECT_FALSE(ParseUsageHeader("not json").has_value());
  EXPECT_FALSE(ParseUsageHeader(R"({"other":1})").has_value());
}

TEST(UsageHeaderTest, RateLimitHintCountsDownFromOneHundredAndResetsAfterTheWait) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"date", "Mon, 12 Feb 2024 13:00:00 GMT"},
      {"x-app-usage", R"({"call_count":12,"total_cputime":4,"total_time":7})"},
      {"X-Business-Use-Case-Usage",
       R"({"1":[{"call_count":96,"total_time":3,"estimated_time_to_regain_access":2}]})"}};
  std::vector<pw_header> wire;
  for (const auto& [name, value] : headers) {
    wire.push_back({{name.data(), name.size()}, {value.data(), value.size()}});
  }
  pw_response response{};
  response.struct_size = sizeof(response);
  response.headers = wire.data();
  response.header_count = wire.size();
  std::optional<pw_rate_limit> hint = UsageRateLimit(response, 0);
  ASSERT_TRUE(hint.has_value());
  EXPECT_EQ(hint->remaining, 4);
  EXPECT_EQ(hint->limit, 100);
  EXPECT_EQ(hint->reset_at, 1707742800 + 120);
  response.header_count = 0;
  EXPECT_FALSE(UsageRateLimit(response, 0).has_value());
}

TEST(FacebookUrlTest, FacebookContentIsToldApartFromLinkWrappers) {
  EXPECT_TRUE(IsFacebookContentUrl("https://www.facebook.com/photo.php?fbid=1"));
  EXPECT_TRUE(IsFacebookContentUrl("https://fb.watch/abc/"));
  EXPECT_FALSE(IsFacebookContentUrl("https://l.facebook.com/l.php?u=https%3A%2F%2Fx.example"));
  EXPECT_FALSE(IsFacebookContentUrl("https://notfacebook.com/"));
  EXPECT_FALSE(IsFacebookContentUrl("https://news.example.org/"));
}

TEST(FacebookUrlTest, PostsUrlCarriesFieldsLimitAndAnEncodedAfterCursor) {
  FacebookConfig config;
  config.page_limit = 10;
  EXPECT_EQ(PostsUrl(config, "104", "QVFI+/="),
            "https://graph.facebook.com/v19.0/104/posts?fields=id,message,created_time,"
            "permalink_url,attachments%7Btype,url,unshimmed_url,target,title,subattachments%7D&"
            "limit=10&after=QVFI%2B%2F%3D");
  EXPECT_EQ(PageIdInPostsUrl("https://graph.facebook.com/v19.0/104/posts?limit=1"), "104");
  EXPECT_EQ(PageIdInPostsUrl("https://graph.facebook.com/v19.0/name/posts"), "");
}

}  // namespace
}  // namespace postwatch::facebook
