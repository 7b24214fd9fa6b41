#include "support/oauth_credential.h"

#include <gtest/gtest.h>

namespace postwatch::plugin {
namespace {

TEST(OAuthCredentialTest, RoundTripsEveryField) {
  OAuthCredential in;
  in.access_token = "at-1";
  in.refresh_token = "rt \"quoted\"";
  in.expires_at = 1'800'000'000;
  in.refresh_expires_at = 1'900'000'000;
  in.scope = "pages_read_engagement";
  auto out = ParseOAuthCredential(SerializeOAuthCredential(in));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->access_token, "at-1");
  EXPECT_EQ(out->refresh_token, "rt \"quoted\"");
  EXPECT_EQ(out->expires_at, 1'800'000'000);
  EXPECT_EQ(out->refresh_expires_at, 1'900'000'000);
  EXPECT_EQ(out->scope, "pages_read_engagement");
}

TEST(OAuthCredentialTest, BareTokenIsTheAccessToken) {
  auto out = ParseOAuthCredential("  EAAB-long-lived-page-token\n");
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->access_token, "EAAB-long-lived-page-token");
  EXPECT_TRUE(out->refresh_token.empty());
  EXPECT_EQ(out->expires_at, 0);
}

TEST(OAuthCredentialTest, ObjectWithoutAccessTokenIsRefused) {
  EXPECT_FALSE(ParseOAuthCredential(R"({"refresh_token":"r"})").has_value());
  EXPECT_FALSE(ParseOAuthCredential(R"({"access_token":""})").has_value());
  EXPECT_FALSE(ParseOAuthCredential("{not json").has_value());
  EXPECT_FALSE(ParseOAuthCredential("   ").has_value());
}

TEST(OAuthCredentialTest, SerialisationOmitsEmptyFields) {
  OAuthCredential in;
  in.access_token = "a";
  EXPECT_EQ(SerializeOAuthCredential(in), R"({"access_token":"a"})");
}

TEST(OAuthAppTest, AcceptsEachPlatformsNames) {
  auto facebook = ParseOAuthApp(R"({"client_id":"123","client_secret":"s"})");
  ASSERT_TRUE(facebook.has_value());
  EXPECT_EQ(facebook->client_id, "123");
  auto zalo = ParseOAuthApp(R"({"app_id":4567,"secret_key":"k"})");
  ASSERT_TRUE(zalo.has_value());
  EXPECT_EQ(zalo->client_id, "4567");
  EXPECT_EQ(zalo->client_secret, "k");
  auto tiktok = ParseOAuthApp(R"({"client_key":"ck","client_secret":"cs"})");
  ASSERT_TRUE(tiktok.has_value());
  EXPECT_EQ(tiktok->client_id, "ck");
  EXPECT_FALSE(ParseOAuthApp(R"({"client_id":"only-id"})").has_value());
  EXPECT_FALSE(ParseOAuthApp("an-api-key").has_value());
}

TEST(FormEncodeTest, EncodesReservedBytesAndKeepsUnreserved) {
  EXPECT_EQ(FormEncode({{"grant_type", "refresh_token"}, {"refresh_token", "a b&c=d/é~"}}),
            "grant_type=refresh_token&refresh_token=a%20b%26c%3Dd%2F%C3%A9~");
  EXPECT_EQ(FormEncode({}), "");
}

TEST(ExpiryFromLifetimeTest, ZeroOrNegativeLifetimeMeansUnknown) {
  EXPECT_EQ(ExpiryFromLifetime(1000, 3600), 4600);
  EXPECT_EQ(ExpiryFromLifetime(1000, 0), 0);
  EXPECT_EQ(ExpiryFromLifetime(1000, -5), 0);
}

}  // namespace
}  // namespace postwatch::plugin
