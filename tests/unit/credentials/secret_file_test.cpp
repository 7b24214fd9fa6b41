#include "credentials/secret_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace postwatch {
namespace {

class SecretFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/pw-secret-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text, mode_t mode) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path;
  }
  std::string dir_;
};

TEST_F(SecretFileTest, ReadsAndTrims) {
  auto secret = ReadSecretFile(Write("key", "  AIza-secret\n", 0600), "API key", true);
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(*secret, "AIza-secret");
}

TEST_F(SecretFileTest, RefusesAFileOthersCanReadWithoutShowingTheSecret) {
  auto secret = ReadSecretFile(Write("key", "hunter2-secret", 0644), "API key", true);
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.status().code(), Status::Code::kPermissionDenied);
  EXPECT_NE(secret.status().message().find("chmod 0600"), std::string::npos);
  EXPECT_EQ(secret.status().message().find("hunter2"), std::string::npos);
  // Under $CREDENTIALS_DIRECTORY systemd owns the modes: no check.
  EXPECT_TRUE(ReadSecretFile(dir_ + "/key", "API key", false).ok());
}

TEST_F(SecretFileTest, MissingAndEmptyFilesAreClearErrors) {
  auto missing = ReadSecretFile(dir_ + "/none", "app credential", true);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_NE(missing.status().message().find("app credential"), std::string::npos);
  auto empty = ReadSecretFile(Write("empty", " \n", 0600), "app credential", true);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Status::Code::kInvalidArgument);
}

TEST_F(SecretFileTest, SystemdCredentialPathFollowsTheEnvironment) {
  ::setenv("CREDENTIALS_DIRECTORY", "/run/credentials/postwatchd.service", 1);
  EXPECT_EQ(SystemdCredentialPath("plugin-youtube"),
            "/run/credentials/postwatchd.service/plugin-youtube");
  ::unsetenv("CREDENTIALS_DIRECTORY");
  EXPECT_FALSE(SystemdCredentialPath("plugin-youtube").has_value());
}

}  // namespace
}  // namespace postwatch
