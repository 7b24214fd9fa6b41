#include "token_authority.h"

#include <gtest/gtest.h>

#include <variant>

#include "form_fields.h"

namespace postwatch::sim {
namespace {

class TokenAuthorityTest : public ::testing::Test {
 protected:
  ManualClock clock_{1'700'000'000'000};
  TokenAuthority authority_{clock_.AsClock()};
};

TEST_F(TokenAuthorityTest, NoCodeWithoutALoggedInOwner) {
  EXPECT_FALSE(authority_.IssueCode("zalo", "app", "http://cb", "", "").has_value());
}

TEST_F(TokenAuthorityTest, CodeExchangeChecksPkceAndIsSingleUse) {
  authority_.SetOwner(7);
  const std::string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  // RFC 7636 appendix B: the S256 challenge of that verifier.
  EXPECT_EQ(PkceS256(verifier), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  auto code = authority_.IssueCode("tiktok", "ck", "http://cb", PkceS256(verifier), "S256");
  ASSERT_TRUE(code.has_value());

  auto wrong = authority_.RedeemCode("tiktok", *code, "ck", "http://cb", "not-the-verifier");
  ASSERT_TRUE(std::holds_alternative<OAuthError>(wrong));
  EXPECT_EQ(std::get<OAuthError>(wrong).error, "invalid_grant");

  code = authority_.IssueCode("tiktok", "ck", "http://cb", PkceS256(verifier), "S256");
  auto ok = authority_.RedeemCode("tiktok", *code, "ck", "http://cb", verifier);
  ASSERT_TRUE(std::holds_alternative<IssuedTokens>(ok));
  const IssuedTokens tokens = std::get<IssuedTokens>(ok);
  EXPECT_EQ(tokens.account, 7u);
  EXPECT_EQ(authority_.Check("tiktok", tokens.access_token, 7), TokenCheck::kValid);
  EXPECT_EQ(authority_.Check("tiktok", tokens.access_token, 8), TokenCheck::kWrongAccount);
  EXPECT_EQ(authority_.Check("zalo", tokens.access_token, 7), TokenCheck::kUnknown);

  auto again = authority_.RedeemCode("tiktok", *code, "ck", "http://cb", verifier);
  EXPECT_TRUE(std::holds_alternative<OAuthError>(again));
}

TEST_F(TokenAuthorityTest, RedirectUriAndClientMustMatch) {
  authority_.SetOwner(1);
  auto code = authority_.IssueCode("facebook", "app", "http://cb", "", "");
  auto other = authority_.RedeemCode("facebook", *code, "app", "http://evil", "");
  ASSERT_TRUE(std::holds_alternative<OAuthError>(other));
  code = authority_.IssueCode("facebook", "app", "http://cb", "", "");
  auto client = authority_.RedeemCode("facebook", *code, "other-app", "http://cb", "");
  ASSERT_TRUE(std::holds_alternative<OAuthError>(client));
  EXPECT_EQ(std::get<OAuthError>(client).error, "invalid_client");
}

TEST_F(TokenAuthorityTest, TokensExpireAndRefreshRotates) {
  authority_.SetLifetimes(60, 3600);
  IssuedTokens first = authority_.Grant("zalo", 3);
  EXPECT_EQ(first.access_ttl_s, 60);
  clock_.Advance(61'000);
  EXPECT_EQ(authority_.Check("zalo", first.access_token, 3), TokenCheck::kExpired);

  auto refreshed = authority_.Refresh("zalo", first.refresh_token);
  ASSERT_TRUE(std::holds_alternative<IssuedTokens>(refreshed));
  const IssuedTokens second = std::get<IssuedTokens>(refreshed);
  EXPECT_EQ(authority_.Check("zalo", second.access_token, 3), TokenCheck::kValid);
  // The old refresh token was used once and is gone.
  EXPECT_TRUE(std::holds_alternative<OAuthError>(authority_.Refresh("zalo", first.refresh_token)));
  EXPECT_EQ(authority_.counters().refreshes, 1);
}

TEST_F(TokenAuthorityTest, RevocationStopsAccessAndRefresh) {
  IssuedTokens tokens = authority_.Grant("facebook", 5);
  authority_.Revoke("facebook", 5);
  EXPECT_EQ(authority_.Check("facebook", tokens.access_token, 5), TokenCheck::kRevoked);
  auto refreshed = authority_.Refresh("facebook", tokens.refresh_token);
  ASSERT_TRUE(std::holds_alternative<OAuthError>(refreshed));
  EXPECT_NE(std::get<OAuthError>(refreshed).description.find("revoked"), std::string::npos);
}

TEST_F(TokenAuthorityTest, ControlEndpointsMintAndRevoke) {
  SimRequest grant;
  grant.method = "POST";
  grant.target = "/_sim/oauth/grant?platform=tiktok&account=12";
  SimResponse minted = authority_.HandleControl(grant);
  ASSERT_EQ(minted.status, 200u);
  EXPECT_NE(minted.body.find("\"account\":12"), std::string::npos);

  SimRequest bad = grant;
  bad.target = "/_sim/oauth/grant?platform=tiktok";
  EXPECT_EQ(authority_.HandleControl(bad).status, 400u);

  SimRequest owner = grant;
  owner.target = "/_sim/oauth/owner?account=4";
  EXPECT_EQ(authority_.HandleControl(owner).status, 204u);
  EXPECT_EQ(authority_.owner(), 4u);
}

TEST(FormFieldsTest, DecodesValuesAndPlus) {
  EXPECT_EQ(FormValue("a=1&redirect_uri=http%3A%2F%2Fx%2Fcb&s=a+b", "redirect_uri"), "http://x/cb");
  EXPECT_EQ(FormValue("a=1&s=a+b", "s"), "a b");
  EXPECT_EQ(FormValue("flag&b=2", "flag"), "");
  EXPECT_FALSE(FormValue("a=1", "b").has_value());
  EXPECT_EQ(FormDecode("bad%zz%4", false), "bad%zz%4");
}

}  // namespace
}  // namespace postwatch::sim
