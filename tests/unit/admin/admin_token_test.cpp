#include "admin/admin_token.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>

#include "store_test_util.h"

namespace postwatch {
namespace {

TEST(AdminTokenTest, TokensAreEqualOnlyWhenEveryByteAndTheLengthMatch) {
  struct Case {
    std::string given, expected;
    bool equal;
  };
  const Case cases[] = {
      {"abcdefghijklmnop", "abcdefghijklmnop", true},
      {"abcdefghijklmnoP", "abcdefghijklmnop", false},
      {"abcdefghijklmno", "abcdefghijklmnop", false},
      {"abcdefghijklmnopabcdefghijklmnop", "abcdefghijklmnop", false},  // repeats the token
      {"", "abcdefghijklmnop", false},
      {"", "", false},  // no token configured never matches
  };
  for (const Case& c : cases) {
    EXPECT_EQ(TokensEqual(c.given, c.expected), c.equal) << c.given << " vs " << c.expected;
  }
}

TEST(AdminTokenTest, BearerTokenIsTakenFromTheAuthorizationHeader) {
  const std::pair<std::string, std::string> cases[] = {
      {"Bearer abc", "abc"}, {"bearer abc", "abc"}, {"BEARER  abc ", "abc"},
      {"Basic abc", ""},     {"Bearer", ""},        {"", ""},
      {"Bearerabc", ""},
  };
  for (const auto& [header, token] : cases) EXPECT_EQ(BearerToken(header), token) << header;
}

TEST(AdminTokenTest, FingerprintNamesATokenWithoutRevealingIt) {
  std::string fp = TokenFingerprint("a-secret-admin-token");
  EXPECT_EQ(fp.rfind("token:", 0), 0u);
  EXPECT_EQ(fp.find("secret"), std::string::npos);
  EXPECT_EQ(fp, TokenFingerprint("a-secret-admin-token"));
  EXPECT_NE(fp, TokenFingerprint("a-secret-admin-tokeN"));
}

class AdminTokenFileTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text, mode_t mode) {
    std::string path = dir_.File(name);
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path;
  }
  void TearDown() override { ::unsetenv("CREDENTIALS_DIRECTORY"); }
  TempDir dir_;
};

TEST_F(AdminTokenFileTest, TokenFileIsReadAndTrimmed) {
  Result<std::string> token = LoadAdminToken(Write("t", "  0123456789abcdef\n", 0600));
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(*token, "0123456789abcdef");
}

TEST_F(AdminTokenFileTest, CredentialsDirectoryIsUsedWhenNoFileIsConfigured) {
  Write("admin-token", "from-systemd-credentials\n", 0400);
  ::setenv("CREDENTIALS_DIRECTORY", dir_.File("").c_str(), 1);
  Result<std::string> token = LoadAdminToken("");
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(*token, "from-systemd-credentials");
}

TEST_F(AdminTokenFileTest, UnsafeShortOrMissingTokensAreRefusedWithTheReason) {
  Result<std::string> readable = LoadAdminToken(Write("r", "0123456789abcdef", 0644));
  EXPECT_EQ(readable.status().code(), Status::Code::kPermissionDenied);
  EXPECT_NE(readable.status().message().find("chmod 0600"), std::string::npos);
  Result<std::string> short_token = LoadAdminToken(Write("s", "short", 0600));
  EXPECT_EQ(short_token.status().code(), Status::Code::kInvalidArgument);
  Result<std::string> missing = LoadAdminToken(dir_.File("nope"));
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  ::unsetenv("CREDENTIALS_DIRECTORY");
  Result<std::string> unset = LoadAdminToken("");
  EXPECT_EQ(unset.status().code(), Status::Code::kNotFound);
  EXPECT_NE(unset.status().message().find("LoadCredential"), std::string::npos);
}

}  // namespace
}  // namespace postwatch
