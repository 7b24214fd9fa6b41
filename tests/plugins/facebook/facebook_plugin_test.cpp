// Drives the facebook plugin through its pw_plugin table with synthetic fixtures in the Graph
// API's format: posts pages with links wherever Facebook hides them, paging at the cursor,
// usage headers, every error envelope, resolve, and the grant's token steps.
#include "facebook/facebook_plugin.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixture_files.h"
#include "grant_host.h"

namespace postwatch::facebook {
namespace {

using testing::GrantAccount;
using testing::GrantHost;
using testing::GrantPlugin;
using testing::PollRun;
using testing::ReadFileOrFail;
using testing::RecordedRequest;
using testing::TestGrant;
using testing::TestResponse;

constexpr const char* kPageId = "104512345678901";
constexpr const char* kToken = "EAAGsecretpagetoken";
constexpr const char* kApp = R"({"client_id": "1234567890123456", "client_secret": "appsecret42"})";
constexpr const char* kPostsUrl =
    "https://graph.facebook.com/v19.0/104512345678901/posts?fields=id,message,created_time,"
    "permalink_url,attachments%7Btype,url,unshimmed_url,target,title,subattachments%7D&limit=25";

std::string Fixture(const std::string& name) {
  return ReadFileOrFail(std::string(PW_FACEBOOK_FIXTURES_DIR) + "/" + name);
}

std::vector<std::pair<std::string, std::string>> Headers(const std::string& name) {
  return testing::ReadHeaderFile(std::string(PW_FACEBOOK_FIXTURES_DIR) + "/" + name);
}

TestResponse Response(int status, const std::string& fixture, const std::string& tag,
                      const std::string& url = kPostsUrl) {
  TestResponse response;
  response.status = status;
  response.body = Fixture(fixture);
  response.tag = tag;
  response.url = url;
  return response;
}

GrantAccount Account(std::string cursor = "") {
  GrantAccount account;
  account.registered = "https://www.facebook.com/examplepage";
  account.id = kPageId;
  account.cursor = std::move(cursor);
  account.credential = R"({"access_token": "EAAGsecretpagetoken"})";
  account.app_credential = kApp;
  return account;
}

std::string HeaderOf(const RecordedRequest& request, const std::string& name) {
  for (const auto& [n, v] : request.headers) {
    if (n == name) return v;
  }
  return "";
}

std::vector<std::string> Ids(const GrantHost& host) {
  std::vector<std::string> ids;
  for (const auto& post : host.posts) ids.push_back(post.id);
  return ids;
}

class FacebookPluginTest : public ::testing::Test {
 protected:
  GrantPlugin plugin_{FacebookPlugin(), "{}"};
};

TEST_F(FacebookPluginTest, PlanAsksForThePostsWithTheTokenInAHeaderOnly) {
  GrantHost host;
  ASSERT_EQ(plugin_.Plan(host, Account()), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url, kPostsUrl);
  EXPECT_EQ(host.requests[0].tag, "posts");
  EXPECT_EQ(HeaderOf(host.requests[0], "Authorization"), "Bearer EAAGsecretpagetoken");
  EXPECT_EQ(host.requests[0].url.find(kToken), std::string::npos);
}

TEST_F(FacebookPluginTest, PlanWithoutACredentialAsksTheOwnerToConnect) {
  for (const char* credential : {"", "{\"refresh_token\": \"x\"}"}) {
    GrantHost host;
    GrantAccount account = Account();
    account.credential = credential;
    EXPECT_EQ(plugin_.Plan(host, account), PW_E_AUTH);
    ASSERT_EQ(host.errors.size(), 1u);
    EXPECT_EQ(host.errors[0], "no owner grant for this account: connect it or import a token");
    EXPECT_TRUE(host.requests.empty());
  }
}

TEST_F(FacebookPluginTest, PlanAcceptsABareImportedToken) {
  GrantHost host;
  GrantAccount account = Account();
  account.credential = "EAAGbaretoken\n";
  ASSERT_EQ(plugin_.Plan(host, account), PW_OK);
  EXPECT_EQ(HeaderOf(host.requests.at(0), "Authorization"), "Bearer EAAGbaretoken");
}

TEST_F(FacebookPluginTest, PlanRefusesPersonalProfiles) {
  GrantHost host;
  GrantAccount account = Account();
  account.id.clear();
  account.registered = "https://www.facebook.com/profile.php?id=100012345678901";
  EXPECT_EQ(plugin_.Plan(host, account), PW_E_CONFIG);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_NE(host.errors[0].find("personal profiles have no public read interface"),
            std::string::npos);
}

TEST_F(FacebookPluginTest, FirstPageYieldsEveryLinkWhereFacebookHidesIt) {
  GrantHost host;
  TestResponse response = Response(200, "posts_page1.json", "posts");
  response.headers = Headers("posts_page1.headers");
  EXPECT_EQ(plugin_.Parse(host, Account(), response), PW_OK);
  ASSERT_EQ(host.posts.size(), 3u);
  const auto& first = host.posts[0];
  EXPECT_EQ(first.id, "104512345678901_7000000012");
  EXPECT_EQ(first.url, "https://www.facebook.com/examplepage/posts/pfbid02AbCdEf");
  EXPECT_EQ(first.published_at, 1707741908);
  EXPECT_EQ(first.kind, static_cast<uint32_t>(PW_POST_KIND_POST));
  EXPECT_EQ(first.links, (std::vector<std::string>{"https://news.example.org/2024/02/budget?id=7",
                                                   "http://www.city-hall.example/vote",
                                                   "https://explainer.example.net/budget-2024"}));
  EXPECT_EQ(first.text.rfind("Our statement on the budget vote: https://news", 0), 0u);
  // The album's photo is Facebook's own; its shared link only comes as an l.php wrapper.
  EXPECT_EQ(host.posts[1].links,
            (std::vector<std::string>{"https://l.facebook.com/l.php?u=https%3A%2F%2Fflagged-one."
                                      "example%2Fstory%2F42&h=AT2q&s=1"}));
  // A link in both text and attachment counts once; target.url when there is no other.
  EXPECT_EQ(host.posts[2].links,
            (std::vector<std::string>{"https://news.example.org/2024/02/budget?id=7",
                                      "https://forms.example.com/register"}));
  EXPECT_EQ(host.cursor.value_or(""), "1707741908:104512345678901_7000000012");
  // The next page is rebuilt from the after cursor; paging.next (with its token) is not used.
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url,
            std::string(kPostsUrl) + "&after=QVFIUm1hZnRlcl9jdXJzb3I%2B%2F%3D");
  EXPECT_EQ(host.requests[0].tag, "posts:2");
  EXPECT_EQ(HeaderOf(host.requests[0], "Authorization"), "Bearer EAAGsecretpagetoken");
  ASSERT_EQ(host.rate_limits.size(), 1u);
  EXPECT_EQ(host.rate_limits[0].remaining, 62);
  EXPECT_EQ(host.rate_limits[0].limit, 100);
  EXPECT_EQ(host.rate_limits[0].reset_at, 0);
}

TEST_F(FacebookPluginTest, LastPageEndsThePollAndVideosAreVideos) {
  GrantHost host;
  EXPECT_EQ(plugin_.Parse(host, Account(), Response(200, "posts_page2.json", "posts:2")), PW_DONE);
  EXPECT_EQ(Ids(host),
            (std::vector<std::string>{"104512345678901_7000000009", "104512345678901_7000000008"}));
  EXPECT_EQ(host.posts[1].kind, static_cast<uint32_t>(PW_POST_KIND_VIDEO));
  EXPECT_TRUE(host.posts[1].links.empty());
  EXPECT_FALSE(host.cursor.has_value());  // only the first page moves the cursor
  EXPECT_TRUE(host.requests.empty());
}

TEST_F(FacebookPluginTest, ShareOfAnotherFacebookPostIsAShare) {
  GrantHost host;
  EXPECT_EQ(plugin_.Parse(host, Account(), Response(200, "posts_share.json", "posts")), PW_DONE);
  ASSERT_EQ(host.posts.size(), 1u);
  EXPECT_EQ(host.posts[0].kind, static_cast<uint32_t>(PW_POST_KIND_SHARE));
  EXPECT_EQ(host.posts[0].shared_url, "https://www.facebook.com/partnerpage/posts/pfbid0Partner");
  EXPECT_TRUE(host.posts[0].links.empty());
}

TEST_F(FacebookPluginTest, PagingStopsAtTheCursorAndKeepsOnlyNewerPosts) {
  GrantHost host;
  GrantAccount account = Account("1707729000:104512345678901_7000000011");
  EXPECT_EQ(plugin_.Parse(host, account, Response(200, "posts_page1.json", "posts")), PW_DONE);
  EXPECT_EQ(Ids(host), (std::vector<std::string>{"104512345678901_7000000012"}));
  EXPECT_EQ(host.cursor.value_or(""), "1707741908:104512345678901_7000000012");
  EXPECT_TRUE(host.requests.empty());
}

TEST_F(FacebookPluginTest, NothingNewKeepsTheCursor) {
  GrantHost host;
  GrantAccount account = Account("1707741908:104512345678901_7000000012");
  EXPECT_EQ(plugin_.Parse(host, account, Response(200, "posts_page1.json", "posts")), PW_DONE);
  EXPECT_TRUE(host.posts.empty());
  EXPECT_EQ(host.cursor.value_or(""), "1707741908:104512345678901_7000000012");
}

TEST_F(FacebookPluginTest, MaxPagesEndsThePollWithAWarning) {
  GrantPlugin plugin(FacebookPlugin(), R"({"max_pages": 2})");
  GrantHost host;
  GrantAccount account = Account("1600000000:104512345678901_1");
  EXPECT_EQ(plugin.Parse(host, account, Response(200, "posts_page1.json", "posts:2")), PW_DONE);
  EXPECT_EQ(host.posts.size(), 3u);
  EXPECT_TRUE(host.requests.empty());
  ASSERT_EQ(host.logs.size(), 1u);
  EXPECT_NE(host.logs[0].second.find("max_pages (2)"), std::string::npos);
}

TEST_F(FacebookPluginTest, AWholePollReadsBothPages) {
  GrantHost host;
  PollRun run = plugin_.RunPoll(host, Account(), [](const RecordedRequest& request) {
    return request.tag == "posts" ? Response(200, "posts_page1.json", "")
                                  : Response(200, "posts_page2.json", "", request.url);
  });
  EXPECT_EQ(run.final_status, PW_DONE);
  EXPECT_EQ(run.requests.size(), 2u);
  EXPECT_EQ(host.posts.size(), 5u);
}

struct FailureCase {
  const char* name;
  int status;
  const char* fixture;
  pw_status code;
  const char* text;  // a part of the error message
};

class FacebookFailureTest : public ::testing::TestWithParam<FailureCase> {};

TEST_P(FacebookFailureTest, FailedAnswerGivesItsCodeAndAClearMessageWithoutTheToken) {
  const FailureCase& c = GetParam();
  GrantPlugin plugin(FacebookPlugin(), "{}");
  GrantHost host;
  EXPECT_EQ(plugin.Parse(host, Account(), Response(c.status, c.fixture, "posts")), c.code);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_NE(host.errors[0].find(c.text), std::string::npos) << host.errors[0];
  EXPECT_EQ(host.errors[0].find(kToken), std::string::npos) << host.errors[0];
  EXPECT_TRUE(host.posts.empty());
  EXPECT_FALSE(host.cursor.has_value());
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, FacebookFailureTest,
    ::testing::Values(
        FailureCase{"expired", 400, "error_expired.json", PW_E_AUTH, "has expired"},
        FailureCase{"revoked", 400, "error_revoked.json", PW_E_AUTH, "removed the app"},
        FailureCase{"invalid", 400, "error_invalid_token.json", PW_E_AUTH, "(#190 OAuthException)"},
        FailureCase{"echoed_token", 400, "error_echoes_token.json", PW_E_AUTH, "[redacted]"},
        FailureCase{"permission", 403, "error_permission.json", PW_E_AUTH, "pages_read_engagement"},
        FailureCase{"app_throttled", 400, "error_throttled_app.json", PW_E_RATELIMITED, "(#4/"},
        FailureCase{"user_throttled", 400, "error_throttled_user.json", PW_E_RATELIMITED, "#17"},
        FailureCase{"api_throttled", 400, "error_throttled_613.json", PW_E_RATELIMITED, "#613"},
        FailureCase{"page_throttled", 400, "error_throttled_page.json", PW_E_RATELIMITED, "80001"},
        FailureCase{"gone", 400, "error_gone.json", PW_E_GONE, "does not exist"},
        FailureCase{"field_removed", 400, "error_nonexisting_field.json", PW_E_LAYOUT,
                    "nonexisting field"},
        FailureCase{"not_json", 200, "posts_truncated.json", PW_E_PARSE, "not JSON"},
        FailureCase{"no_data", 200, "posts_layout_no_data.json", PW_E_LAYOUT, "\"data\""},
        FailureCase{"no_id", 200, "posts_layout_no_id.json", PW_E_LAYOUT, "no valid id"},
        FailureCase{"error_with_200", 200, "error_expired.json", PW_E_AUTH, "HTTP 200"}),
    [](const ::testing::TestParamInfo<FailureCase>& param_info) { return param_info.param.name; });

TEST_F(FacebookPluginTest, ThrottledPageHintsWhenAccessComesBack) {
  GrantHost host;
  TestResponse response = Response(400, "error_throttled_page.json", "posts");
  response.headers = Headers("throttled_page.headers");
  EXPECT_EQ(plugin_.Parse(host, Account(), response), PW_E_RATELIMITED);
  ASSERT_EQ(host.rate_limits.size(), 1u);
  EXPECT_EQ(host.rate_limits[0].remaining, 0);
  EXPECT_EQ(host.rate_limits[0].reset_at, 1707742800 + 17 * 60);
}

TEST_F(FacebookPluginTest, EmptyPageEndsThePollWithoutMovingTheCursor) {
  GrantHost host;
  EXPECT_EQ(plugin_.Parse(host, Account("5:1_1"), Response(200, "posts_empty.json", "posts")),
            PW_DONE);
  EXPECT_TRUE(host.posts.empty());
  EXPECT_FALSE(host.cursor.has_value());
}

TEST_F(FacebookPluginTest, UsernameIsLookedUpBeforeThePosts) {
  GrantHost host;
  GrantAccount account = Account();
  account.id.clear();
  ASSERT_EQ(plugin_.Plan(host, account), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url, "https://graph.facebook.com/v19.0/examplepage?fields=id,name");
  EXPECT_EQ(host.requests[0].tag, "lookup");
  EXPECT_EQ(plugin_.Parse(host, account,
                          Response(200, "lookup_200.json", "lookup", host.requests[0].url)),
            PW_OK);
  EXPECT_EQ(host.account_id.value_or(""), kPageId);
  ASSERT_EQ(host.requests.size(), 2u);
  EXPECT_EQ(host.requests[1].url, kPostsUrl);
  GrantHost gone;
  EXPECT_EQ(plugin_.Parse(gone, account, Response(404, "error_alias.json", "lookup")), PW_E_GONE);
}

TEST_F(FacebookPluginTest, ResolveTakesANumericIdWithoutARequest) {
  GrantHost host;
  GrantAccount account;
  account.registered = "https://www.facebook.com/104512345678901";
  EXPECT_EQ(plugin_.Resolve(host, account), PW_DONE);
  EXPECT_EQ(host.account_id.value_or(""), kPageId);
  EXPECT_TRUE(host.requests.empty());
}

TEST_F(FacebookPluginTest, ResolveOfAUsernameNeedsTheGrant) {
  GrantHost without;
  GrantAccount account;
  account.registered = "https://www.facebook.com/examplepage";
  EXPECT_EQ(plugin_.Resolve(without, account), PW_E_AUTH);
  EXPECT_NE(without.errors.at(0).find("connect it or import a token"), std::string::npos);
  GrantHost with;
  account.credential = kToken;
  ASSERT_EQ(plugin_.Resolve(with, account), PW_OK);
  ASSERT_EQ(with.requests.size(), 1u);
  EXPECT_EQ(with.requests[0].tag, "resolve");
  EXPECT_EQ(plugin_.Parse(with, account, Response(200, "lookup_200.json", "resolve")), PW_DONE);
  EXPECT_EQ(with.account_id.value_or(""), kPageId);
  EXPECT_EQ(with.requests.size(), 1u);
}

TEST_F(FacebookPluginTest, AuthorizeBuildsTheDialogUrlWithoutPkce) {
  GrantHost host;
  TestGrant grant;
  grant.redirect_uri = "https://postwatch.example.org/oauth/callback";
  grant.state = "st4te";
  grant.code_challenge = "ignored-challenge";
  EXPECT_EQ(plugin_.Authorize(host, Account(), grant), PW_DONE);
  EXPECT_EQ(host.authorize_url.value_or(""),
            "https://www.facebook.com/v19.0/dialog/oauth?client_id=1234567890123456&redirect_uri="
            "https%3A%2F%2Fpostwatch.example.org%2Foauth%2Fcallback&state=st4te&scope=pages_show_"
            "list%2Cpages_read_engagement&response_type=code");
  EXPECT_TRUE(host.requests.empty());
}

TEST_F(FacebookPluginTest, AuthorizeWithoutAnAppCredentialIsAConfigError) {
  GrantHost host;
  GrantAccount account = Account();
  account.app_credential = R"({"client_id": "only-id"})";
  TestGrant grant;
  grant.redirect_uri = "https://postwatch.example.org/oauth/callback";
  EXPECT_EQ(plugin_.Authorize(host, account, grant), PW_E_CONFIG);
  EXPECT_NE(host.errors.at(0).find("client_secret"), std::string::npos);
}

TEST_F(FacebookPluginTest, CodeBecomesANonExpiringPageToken) {
  GrantHost host;
  GrantAccount account = Account();
  account.credential.clear();
  account.id.clear();
  TestGrant grant;
  grant.redirect_uri = "https://postwatch.example.org/oauth/callback";
  grant.code = "AQBcode";
  PollRun run = plugin_.RunGrant(host, account, grant, [](const RecordedRequest& request) {
    if (request.tag == "grant") return Response(200, "token_code_200.json", "");
    if (request.tag == "grant:long") return Response(200, "token_long_200.json", "");
    return Response(200, "page_token_200.json", "");
  });
  EXPECT_EQ(run.final_status, PW_DONE) << (host.errors.empty() ? "" : host.errors[0]);
  ASSERT_EQ(run.requests.size(), 3u);
  const RecordedRequest& exchange = run.requests[0];
  EXPECT_EQ(exchange.method, "POST");
  EXPECT_EQ(exchange.url, "https://graph.facebook.com/v19.0/oauth/access_token");
  EXPECT_EQ(exchange.body,
            "client_id=1234567890123456&redirect_uri=https%3A%2F%2Fpostwatch.example.org%2Foauth%"
            "2Fcallback&client_secret=appsecret42&code=AQBcode");
  EXPECT_EQ(run.requests[1].body,
            "grant_type=fb_exchange_token&client_id=1234567890123456&client_secret=appsecret42&"
            "fb_exchange_token=EAAGshortlivedusertoken");
  EXPECT_EQ(run.requests[2].url,
            "https://graph.facebook.com/v19.0/examplepage?fields=id,name,access_token");
  EXPECT_EQ(HeaderOf(run.requests[2], "Authorization"), "Bearer EAAGlonglivedusertoken");
  ASSERT_EQ(host.credentials.size(), 1u);
  EXPECT_EQ(
      host.credentials[0].secret,
      R"({"access_token":"EAAGpagetokenforexamplepage","scope":"pages_show_list,pages_read_engagement"})");
  EXPECT_EQ(host.credentials[0].expires_at, 0);
  EXPECT_EQ(host.account_id.value_or(""), kPageId);
}

TEST_F(FacebookPluginTest, GrantFailuresAreAuthErrors) {
  GrantHost used;
  EXPECT_EQ(plugin_.Parse(used, Account(), Response(400, "token_error_code_used.json", "grant")),
            PW_E_AUTH);
  EXPECT_NE(used.errors.at(0).find("code exchange"), std::string::npos);
  EXPECT_EQ(used.errors.at(0).find("appsecret42"), std::string::npos);
  GrantHost no_role;
  EXPECT_EQ(
      plugin_.Parse(no_role, Account(), Response(200, "page_token_no_role.json", "grant:page")),
      PW_E_AUTH);
  EXPECT_NE(no_role.errors.at(0).find("no role on Page 104512345678901"), std::string::npos);
  EXPECT_TRUE(no_role.credentials.empty());
  GrantHost throttled;
  EXPECT_EQ(
      plugin_.Parse(throttled, Account(), Response(400, "error_throttled_app.json", "grant:long")),
      PW_E_RATELIMITED);
}

TEST_F(FacebookPluginTest, PluginHasNoRefreshStepBecauseFacebookHasNoRefreshTokens) {
  EXPECT_EQ(FacebookPlugin()->refresh_credentials, nullptr);
  EXPECT_NE(FacebookPlugin()->authorize, nullptr);
  EXPECT_NE(FacebookPlugin()->resolve, nullptr);
}

}  // namespace
}  // namespace postwatch::facebook
