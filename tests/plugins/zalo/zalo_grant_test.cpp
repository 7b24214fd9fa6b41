// The zalo plugin's owner grant and token refresh through its function table: the permission
// URL with PKCE, the code exchange and refresh requests in Zalo's form, and the credential
// built from Zalo's token answers.
#include <gtest/gtest.h>

#include <ctime>
#include <string>
#include <vector>

#include "oauth_test_host.h"
#include "support/oauth_credential.h"
#include "zalo/zalo_plugin.h"
#include "zalo_test_data.h"

namespace postwatch::zalo {
namespace {

using test::Fixture;
using test::kApp;
using test::kCredential;
using test::kNoGrant;
using test::kRefreshToken;
using test::kRegistered;
using testing::OAuthAccount;
using testing::OAuthGrant;
using testing::OAuthHost;
using testing::OAuthPlugin;
using testing::TestResponse;

constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr const char* kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

OAuthAccount Account() {
  OAuthAccount account;
  account.registered = kRegistered;
  account.credential = kCredential;
  account.app_credential = kApp;
  return account;
}

TestResponse TokenAnswer(const std::string& fixture, const std::string& tag) {
  TestResponse response;
  response.url = "https://oauth.zaloapp.com/v4/oa/access_token";
  response.tag = tag;
  response.body = Fixture(fixture);
  return response;
}

plugin::OAuthCredential OnlyCredential(const OAuthHost& host) {
  EXPECT_EQ(host.credentials.size(), 1u);
  if (host.credentials.empty()) return {};
  return plugin::ParseOAuthCredential(host.credentials[0].secret)
      .value_or(plugin::OAuthCredential());
}

class ZaloGrantTest : public ::testing::Test {
 protected:
  OAuthPlugin plugin_{ZaloPlugin(), "{}"};
};

TEST_F(ZaloGrantTest, RefreshPostsTheRefreshTokenWithTheAppSecretHeader) {
  OAuthHost host;
  ASSERT_EQ(plugin_.Refresh(host, Account()), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  const auto& request = host.requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://oauth.zaloapp.com/v4/oa/access_token");
  EXPECT_EQ(request.tag, "refresh");
  EXPECT_EQ(request.body,
            "refresh_token=zrt-OLD-0001&app_id=1234567890123456789&grant_type=refresh_token");
  std::vector<std::pair<std::string, std::string>> want = {
      {"secret_key", "app-secret-xyz"},
      {"Content-Type", "application/x-www-form-urlencoded"},
      {"Accept", "application/json"}};
  EXPECT_EQ(request.headers, want);
}

TEST_F(ZaloGrantTest, RefreshNeedsARefreshTokenAndTheAppCredential) {
  OAuthAccount bare = Account();
  bare.credential = "just-an-access-token";
  OAuthHost bare_host;
  EXPECT_EQ(plugin_.Refresh(bare_host, bare), PW_E_AUTH);
  ASSERT_EQ(bare_host.errors.size(), 1u);
  EXPECT_NE(bare_host.errors[0].find("no refresh token"), std::string::npos);

  OAuthAccount no_app = Account();
  no_app.app_credential.clear();
  OAuthHost no_app_host;
  EXPECT_EQ(plugin_.Refresh(no_app_host, no_app), PW_E_CONFIG);
  ASSERT_EQ(no_app_host.errors.size(), 1u);
  EXPECT_NE(no_app_host.errors[0].find("app credential"), std::string::npos);

  OAuthAccount none = Account();
  none.credential.clear();
  OAuthHost none_host;
  EXPECT_EQ(plugin_.Refresh(none_host, none), PW_E_AUTH);
  ASSERT_EQ(none_host.errors.size(), 1u);
  EXPECT_EQ(none_host.errors[0], kNoGrant);
  EXPECT_TRUE(bare_host.requests.empty() && no_app_host.requests.empty() &&
              none_host.requests.empty());
}

TEST_F(ZaloGrantTest, RefreshAnswerBecomesTheNewCredentialWithItsExpiry) {
  OAuthHost host;
  const int64_t before = std::time(nullptr);
  EXPECT_EQ(plugin_.Parse(host, Account(), TokenAnswer("token_refresh.json", "refresh")), PW_DONE);
  const int64_t after = std::time(nullptr);
  plugin::OAuthCredential credential = OnlyCredential(host);
  EXPECT_EQ(credential.access_token, "zat-NEW-0002");
  EXPECT_EQ(credential.refresh_token, "zrt-NEW-0002");
  // expires_in arrives as the string "90000".
  EXPECT_GE(host.credentials[0].expires_at, before + 90000);
  EXPECT_LE(host.credentials[0].expires_at, after + 90000);
  EXPECT_EQ(credential.expires_at, host.credentials[0].expires_at);
  // A new refresh token lives three months.
  EXPECT_GE(host.credentials[0].refresh_expires_at, before + 90 * 86400);
  EXPECT_LE(host.credentials[0].refresh_expires_at, after + 90 * 86400);
}

TEST_F(ZaloGrantTest, AnswerWithoutARefreshTokenKeepsTheOldOne) {
  OAuthHost host;
  EXPECT_EQ(plugin_.Parse(host, Account(), TokenAnswer("token_no_refresh.json", "refresh")),
            PW_DONE);
  plugin::OAuthCredential credential = OnlyCredential(host);
  EXPECT_EQ(credential.access_token, "zat-NEW-0003");
  EXPECT_EQ(credential.refresh_token, kRefreshToken);
  EXPECT_EQ(host.credentials[0].refresh_expires_at, 1717000000);
  EXPECT_GT(host.credentials[0].expires_at, 0);
}

TEST_F(ZaloGrantTest, RefusedRefreshIsAnAuthErrorThatNeverShowsTheToken) {
  OAuthHost host;
  EXPECT_EQ(plugin_.Parse(host, Account(), TokenAnswer("token_error.json", "refresh")), PW_E_AUTH);
  EXPECT_TRUE(host.credentials.empty());
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_NE(host.errors[0].find("-14014"), std::string::npos) << host.errors[0];
  EXPECT_NE(host.errors[0].find("Invalid refresh token"), std::string::npos) << host.errors[0];
  EXPECT_EQ(host.errors[0].find(kRefreshToken), std::string::npos) << host.errors[0];
}

TEST_F(ZaloGrantTest, ApiEnvelopeInsteadOfTokensIsAnAuthError) {
  OAuthHost host;
  EXPECT_EQ(plugin_.Parse(host, Account(), TokenAnswer("error_216.json", "refresh")), PW_E_AUTH);
  EXPECT_TRUE(host.credentials.empty());
}

TEST_F(ZaloGrantTest, AuthorizeWithoutACodeBuildsThePermissionUrlWithPkce) {
  OAuthHost host;
  OAuthGrant grant;
  grant.redirect_uri = "https://postwatch.example/oauth/callback?platform=zalo";
  grant.state = "st4te";
  grant.code_challenge = kChallenge;
  grant.code_verifier = kVerifier;
  OAuthAccount account = Account();
  account.credential.clear();
  EXPECT_EQ(plugin_.Authorize(host, account, grant), PW_DONE);
  ASSERT_EQ(host.authorize_urls.size(), 1u);
  EXPECT_EQ(host.authorize_urls[0],
            "https://oauth.zaloapp.com/v4/oa/permission?app_id=1234567890123456789&redirect_uri="
            "https%3A%2F%2Fpostwatch.example%2Foauth%2Fcallback%3Fplatform%3Dzalo&code_challenge="
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&state=st4te");
  EXPECT_TRUE(host.requests.empty());
}

TEST(ZaloGrantConfigTest, PermissionPageFollowsTheConfiguredBase) {
  OAuthPlugin plugin(ZaloPlugin(), R"({"oauth_base_url": "http://127.0.0.1:8080/zalo/oauth/"})");
  ASSERT_EQ(plugin.init_status(), PW_OK);
  OAuthHost host;
  OAuthGrant grant;
  grant.redirect_uri = "http://127.0.0.1:9/cb";
  OAuthAccount account = Account();
  EXPECT_EQ(plugin.Authorize(host, account, grant), PW_DONE);
  ASSERT_EQ(host.authorize_urls.size(), 1u);
  EXPECT_EQ(host.authorize_urls[0],
            "http://127.0.0.1:8080/zalo/oauth/v4/oa/permission?app_id=1234567890123456789&"
            "redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb");
}

TEST_F(ZaloGrantTest, AuthorizeWithACodeExchangesItWithTheVerifier) {
  OAuthHost host;
  OAuthGrant grant;
  grant.redirect_uri = "https://postwatch.example/oauth/callback";
  grant.code = "code-abc";
  grant.code_verifier = kVerifier;
  OAuthAccount account = Account();
  account.credential.clear();
  EXPECT_EQ(plugin_.Authorize(host, account, grant), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].method, "POST");
  EXPECT_EQ(host.requests[0].tag, "grant");
  EXPECT_EQ(host.requests[0].body,
            std::string("code=code-abc&app_id=1234567890123456789&grant_type=authorization_code&"
                        "code_verifier=") +
                kVerifier);
  EXPECT_EQ(host.requests[0].headers.at(0),
            (std::pair<std::string, std::string>("secret_key", "app-secret-xyz")));

  OAuthHost answer_host;
  EXPECT_EQ(plugin_.Parse(answer_host, account, TokenAnswer("token_refresh.json", "grant")),
            PW_DONE);
  plugin::OAuthCredential credential = OnlyCredential(answer_host);
  EXPECT_EQ(credential.access_token, "zat-NEW-0002");
  EXPECT_EQ(credential.refresh_token, "zrt-NEW-0002");
}

TEST_F(ZaloGrantTest, AuthorizeNeedsTheAppCredentialAndARedirect) {
  OAuthHost no_app_host;
  OAuthAccount no_app = Account();
  no_app.app_credential = R"({"app_id": "123"})";
  OAuthGrant grant;
  grant.redirect_uri = "https://postwatch.example/cb";
  EXPECT_EQ(plugin_.Authorize(no_app_host, no_app, grant), PW_E_CONFIG);
  EXPECT_TRUE(no_app_host.authorize_urls.empty());

  OAuthHost no_redirect_host;
  EXPECT_EQ(plugin_.Authorize(no_redirect_host, Account(), OAuthGrant()), PW_E_CONFIG);
  EXPECT_TRUE(no_redirect_host.authorize_urls.empty());
}

}  // namespace
}  // namespace postwatch::zalo
