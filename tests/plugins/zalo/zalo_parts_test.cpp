// The zalo plugin's parts: what members may register, the config, the cursor and the error
// table.
#include <gtest/gtest.h>

#include <string>

#include "support/json_fields.h"
#include "zalo/zalo_account.h"
#include "zalo/zalo_articles.h"
#include "zalo/zalo_config.h"
#include "zalo/zalo_envelope.h"

namespace postwatch::zalo {
namespace {

struct AccountCase {
  const char* registered;
  const char* oa_id;       // "" when refused
  const char* error_says;  // part of the refusal
};

class ZaloAccountTest : public ::testing::TestWithParam<AccountCase> {};

TEST_P(ZaloAccountTest, RegisteredFormIsReadOrRefused) {
  const AccountCase& c = GetParam();
  OaParse parsed = ParseOaAccount(c.registered);
  EXPECT_EQ(parsed.oa_id, c.oa_id);
  EXPECT_EQ(parsed.code, *c.oa_id ? PW_OK : PW_E_CONFIG);
  if (*c.error_says) {
    EXPECT_NE(parsed.error.find(c.error_says), std::string::npos) << parsed.error;
  }
}

constexpr const char* kPersonal = "personal Zalo timelines have no public read interface";

INSTANTIATE_TEST_SUITE_P(
    Forms, ZaloAccountTest,
    ::testing::Values(
        AccountCase{"4368496045530239617", "4368496045530239617", ""},
        AccountCase{" 4368496045530239617\n", "4368496045530239617", ""},
        AccountCase{"https://zalo.me/4368496045530239617", "4368496045530239617", ""},
        AccountCase{"zalo.me/4368496045530239617/", "4368496045530239617", ""},
        AccountCase{"HTTP://WWW.Zalo.me/4368496045530239617?src=qr", "4368496045530239617", ""},
        AccountCase{"https://oa.zalo.me/4368496045530239617", "4368496045530239617", ""},
        AccountCase{"https://oa.zalo.me/home?oaid=4368496045530239617", "4368496045530239617", ""},
        AccountCase{"0912345678", "", kPersonal}, AccountCase{"+84 912 345 678", "", kPersonal},
        AccountCase{"84912345678", "", kPersonal},
        AccountCase{"https://zalo.me/0912345678", "", kPersonal},
        AccountCase{"https://zalo.me/84912345678", "", kPersonal},
        AccountCase{"https://chat.zalo.me/", "", kPersonal},
        AccountCase{"https://zalo.me/g/abcdef123", "", "group"},
        AccountCase{"https://zalo.me/", "", "not a Zalo Official Account"},
        AccountCase{"https://facebook.com/4368496045530239617", "", "not a Zalo Official Account"},
        AccountCase{"tram-y-te", "", "not a Zalo Official Account"}, AccountCase{"", "", "empty"}));

TEST(ZaloConfigTest, DefaultsPointAtZalo) {
  ZaloConfigParse parsed = ParseZaloConfig("");
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.config.api_base_url, "https://openapi.zalo.me");
  EXPECT_EQ(parsed.config.oauth_base_url, "https://oauth.zaloapp.com");
  EXPECT_EQ(parsed.config.authorize_base_url, "https://oauth.zaloapp.com");
  EXPECT_EQ(parsed.config.page_limit, 8);
  EXPECT_EQ(parsed.config.max_pages, 3);
}

TEST(ZaloConfigTest, AuthorizeBaseFollowsTheOAuthBaseUnlessSet) {
  ZaloConfigParse parsed = ParseZaloConfig(
      R"({"api_base_url": "http://127.0.0.1:8080/zalo/", "oauth_base_url": "http://127.0.0.1:8080/zalo/oauth",
          /* comments are fine */ "page_limit": 4,})");
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.config.api_base_url, "http://127.0.0.1:8080/zalo");
  EXPECT_EQ(parsed.config.authorize_base_url, "http://127.0.0.1:8080/zalo/oauth");
  EXPECT_EQ(parsed.config.page_limit, 4);
  parsed = ParseZaloConfig(R"({"authorize_base_url": "https://login.example.vn"})");
  ASSERT_EQ(parsed.error, "");
  EXPECT_EQ(parsed.config.authorize_base_url, "https://login.example.vn");
  EXPECT_EQ(parsed.config.oauth_base_url, "https://oauth.zaloapp.com");
}

TEST(ZaloConfigTest, BadValuesAreRefusedWithTheKeyName) {
  for (const char* json :
       {R"({"page_limit": 0})", R"({"max_pages": 6})", R"({"api_base_url": "openapi.zalo.me"})",
        R"({"oauth_base_url": "https://x.example/?a=1"})", R"({"base_url": "http://127.0.0.1"})",
        "[1]", "{"}) {
    EXPECT_NE(ParseZaloConfig(json).error, "") << json;
  }
  EXPECT_NE(ParseZaloConfig(R"({"page_limit": 0})").error.find("page_limit"), std::string::npos);
}

TEST(ZaloCursorTest, CursorRoundTripsAndOrdersByTimeThenId) {
  std::optional<ArticleKey> key = ParseCursor("1709374530000:a5c3");
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->create_ms, 1709374530000);
  EXPECT_EQ(key->id, "a5c3");
  EXPECT_EQ(FormatCursor(*key), "1709374530000:a5c3");
  EXPECT_TRUE(AtOrOlder({1709374530000, "a5c3"}, *key));
  EXPECT_TRUE(AtOrOlder({1709374529999, "ffff"}, *key));
  EXPECT_TRUE(AtOrOlder({1709374530000, "a5c2"}, *key));
  EXPECT_FALSE(AtOrOlder({1709374530000, "a5c4"}, *key));
  EXPECT_FALSE(AtOrOlder({1709374530001, "0000"}, *key));
  for (const char* bad : {"", "1709374530000", ":a5c3", "x:a5c3", "-5:a5c3", "17:a b"}) {
    EXPECT_FALSE(ParseCursor(bad).has_value()) << bad;
  }
}

TEST(ZaloEnvelopeTest, ErrorNumbersMapToTheDocumentedStatuses) {
  struct Row {
    int64_t error;
    pw_status status;
  };
  for (const Row& row : {Row{0, PW_OK}, Row{-216, PW_E_AUTH}, Row{-220, PW_E_AUTH},
                         Row{-124, PW_E_AUTH}, Row{-209, PW_E_AUTH}, Row{-32, PW_E_RATELIMITED},
                         Row{-211, PW_E_RATELIMITED}, Row{-204, PW_E_GONE}, Row{-205, PW_E_GONE},
                         Row{-201, PW_E_CONFIG}, Row{-210, PW_E_CONFIG}, Row{-215, PW_E_CONFIG},
                         Row{-219, PW_E_CONFIG}, Row{-1, PW_E_PARSE}, Row{-14014, PW_E_PARSE}}) {
    EXPECT_EQ(ApiErrorStatus(row.error), row.status) << row.error;
  }
}

TEST(ZaloEnvelopeTest, NumericStringErrorsAndSuccessEnvelopesAreRead) {
  plugin::JsonParse failed = plugin::ParseJson(R"({"error": "-216", "message": "x"})");
  EXPECT_EQ(CheckApiEnvelope(200, failed.doc, true, "listing").code, PW_E_AUTH);
  plugin::JsonParse ok = plugin::ParseJson(R"({"error": 0, "message": "Success", "data": {}})");
  EXPECT_EQ(CheckApiEnvelope(200, ok.doc, true, "listing").code, PW_OK);
  plugin::JsonParse array = plugin::ParseJson("[]");
  EXPECT_EQ(CheckApiEnvelope(200, array.doc, true, "listing").code, PW_E_LAYOUT);
  EXPECT_EQ(CheckApiEnvelope(429, array.doc, true, "listing").code, PW_E_RATELIMITED);
}

TEST(ZaloEnvelopeTest, RedactReplacesEverySecretOccurrence) {
  EXPECT_EQ(Redact("a TOKEN b TOKEN c REFRESH", {"TOKEN", "", "REFRESH"}),
            "a [redacted] b [redacted] c [redacted]");
}

}  // namespace
}  // namespace postwatch::zalo
