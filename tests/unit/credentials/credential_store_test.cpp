#include "credentials/credential_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace postwatch {
namespace {

class CredentialStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/pw-credentials-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    dir_ = root_ + "/credentials";
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  static mode_t ModeOf(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 0777;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string root_;
  std::string dir_;
};

TEST_F(CredentialStoreTest, StoresPrivateFilesAndReadsThemBackAfterReopen) {
  {
    auto store = CredentialStore::Open(dir_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    StoredCredential c;
    c.secret = R"({"access_token":"at","refresh_token":"rt"})";
    c.expires_at = 1'800'000'000;
    c.source = "grant";
    ASSERT_TRUE((*store)->Put(42, c).ok());
  }
  EXPECT_EQ(ModeOf(dir_), 0700u);
  EXPECT_EQ(ModeOf(dir_ + "/42.json"), 0600u);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/42.json.tmp"));

  auto reopened = CredentialStore::Open(dir_);
  ASSERT_TRUE(reopened.ok());
  auto c = (*reopened)->Get(42);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->secret, R"({"access_token":"at","refresh_token":"rt"})");
  EXPECT_EQ(c->expires_at, 1'800'000'000);
  EXPECT_EQ(c->source, "grant");
  EXPECT_GT(c->updated_at, 0);
  EXPECT_EQ((*reopened)->Accounts(), std::vector<int64_t>{42});
}

TEST_F(CredentialStoreTest, TightensADirectoryOthersCouldRead) {
  ASSERT_EQ(::mkdir(dir_.c_str(), 0755), 0);
  ASSERT_TRUE(CredentialStore::Open(dir_).ok());
  EXPECT_EQ(ModeOf(dir_), 0700u);
}

TEST_F(CredentialStoreTest, EraseRemovesTheFile) {
  auto store = CredentialStore::Open(dir_);
  ASSERT_TRUE(store.ok());
  StoredCredential c;
  c.secret = "token";
  ASSERT_TRUE((*store)->Put(7, c).ok());
  ASSERT_TRUE((*store)->Erase(7).ok());
  EXPECT_FALSE((*store)->Get(7).has_value());
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/7.json"));
  EXPECT_TRUE((*store)->Erase(7).ok()) << "erasing twice is not an error";
}

TEST_F(CredentialStoreTest, JunkFilesAreLeftAloneAndSkipped) {
  ASSERT_EQ(::mkdir(dir_.c_str(), 0700), 0);
  std::ofstream(dir_ + "/5.json") << "not json";
  std::ofstream(dir_ + "/notes.txt") << "hello";
  auto store = CredentialStore::Open(dir_);
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE((*store)->Accounts().empty());
  EXPECT_EQ(Read(dir_ + "/5.json"), "not json");
}

TEST_F(CredentialStoreTest, EmptySecretIsRefused) {
  auto store = CredentialStore::Open(dir_);
  ASSERT_TRUE(store.ok());
  EXPECT_FALSE((*store)->Put(1, StoredCredential{}).ok());
}

TEST(DescribeExpiryTest, SaysHowLongWithoutTheSecret) {
  EXPECT_EQ(DescribeExpiry(0, 1000), "no expiry");
  EXPECT_EQ(DescribeExpiry(1000 + 3 * 3600, 1000), "expires in 3h");
  EXPECT_EQ(DescribeExpiry(1000 - 300, 1000), "expired 5m ago");
  EXPECT_EQ(DescribeExpiry(1000 + 2 * 86400, 1000), "expires in 2d");
}

}  // namespace
}  // namespace postwatch
