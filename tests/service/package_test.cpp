// The .deb: built with CPack from this build tree, extracted into a throwaway root (as
// dpkg would lay it out, without running its scripts), and run from there.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <regex>

#include "harness.h"

namespace postwatch::testing {
namespace {

namespace fs = std::filesystem;

bool Have(const char* tool) {
  return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

class PackageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!Have("cpack") || !Have("dpkg-deb")) return;
    dir_ = new TempDir();
    // cpack first runs the build's "preinstall" target, which checks that everything is
    // built; under `make test` it is, but give it time on a loaded machine.
    Process cpack({"/usr/bin/env", "cpack", "-G", "DEB", "--config",
                   BinaryDir() + "/CPackConfig.cmake", "-B", dir_->File("out")},
                  dir_->File("cpack.log"));
    std::optional<int> status = cpack.Wait(std::chrono::minutes(10));
    build_.exit_code = status && WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
    build_.output = cpack.Log();
    for (const auto& entry : fs::directory_iterator(dir_->File("out"), error_)) {
      if (entry.path().extension() == ".deb") deb_ = entry.path().string();
    }
    if (!deb_.empty()) {
      extract_ = RunCommand({"/usr/bin/dpkg-deb", "-x", deb_, dir_->File("root")});
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    if (dir_ == nullptr) GTEST_SKIP() << "cpack or dpkg-deb is not installed";
    ASSERT_FALSE(deb_.empty()) << "cpack made no .deb:\n" << build_.output;
    ASSERT_EQ(extract_.exit_code, 0) << extract_.output;
  }

  static std::string Root(const std::string& path) { return dir_->File("root") + path; }

  static TempDir* dir_;
  static CommandResult build_;
  static CommandResult extract_;
  static std::string deb_;
  static std::error_code error_;
};

TempDir* PackageTest::dir_ = nullptr;
CommandResult PackageTest::build_;
CommandResult PackageTest::extract_;
std::string PackageTest::deb_;
std::error_code PackageTest::error_;

TEST_F(PackageTest, PackageDependsOnTheDebianRuntimeLibraries) {
  CommandResult depends = RunCommand({"/usr/bin/dpkg-deb", "--field", deb_, "Depends"});
  ASSERT_EQ(depends.exit_code, 0) << depends.output;
  for (const char* package : {"libcurl4", "libsqlite3-0", "libxml2", "libpsl5", "libidn2-0",
                              "libsystemd0", "libprometheus-cpp-core1.0", "zlib1g", "libstdc++6"}) {
    EXPECT_NE(depends.output.find(package), std::string::npos) << depends.output;
  }
  CommandResult control = RunCommand({"/usr/bin/dpkg-deb", "--info", deb_});
  for (const char* script : {"postinst", "prerm", "postrm", "conffiles"}) {
    EXPECT_NE(control.output.find(script), std::string::npos) << control.output;
  }
}

TEST_F(PackageTest, FilesAreWhereTheUnitAndTheDaemonLookForThem) {
  for (const char* path :
       {"/usr/bin/postwatchd", "/usr/bin/postwatchctl",
        "/usr/lib/postwatch/plugins/postwatch_web.so", "/usr/lib/systemd/system/postwatchd.service",
        "/usr/lib/tmpfiles.d/postwatch.conf", "/usr/share/postwatch/schemas/config.schema.json",
        "/usr/share/postwatch/examples/postwatch.json", "/usr/share/postwatch/dashboards",
        "/usr/share/doc/postwatch/install-as-a-service.md", "/etc/postwatch/postwatch.json"}) {
    EXPECT_TRUE(fs::exists(Root(path))) << path;
  }
  std::string unit = ReadFile(Root("/usr/lib/systemd/system/postwatchd.service"));
  EXPECT_NE(unit.find("ExecStart=/usr/bin/postwatchd --config /etc/postwatch/postwatch.json"),
            std::string::npos);
  EXPECT_NE(ReadFile(Root("/etc/postwatch/postwatch.json"))
                .find("\"plugin_dir\": \"/usr/lib/postwatch/plugins\""),
            std::string::npos);
}

TEST_F(PackageTest, InstalledBinariesRunAndCheckTheConfigs) {
  CommandResult version = RunCommand({Root("/usr/bin/postwatchd"), "--version"});
  EXPECT_EQ(version.exit_code, 0) << version.output;
  EXPECT_TRUE(std::regex_search(version.output, std::regex("^postwatchd [0-9]+\\.[0-9]+\\.[0-9]+")))
      << version.output;

  CommandResult example = RunCommand({Root("/usr/bin/postwatchctl"), "check-config",
                                      Root("/usr/share/postwatch/examples/postwatch.json")});
  EXPECT_EQ(example.exit_code, 0) << example.output;
  CommandResult packaged = RunCommand(
      {Root("/usr/bin/postwatchctl"), "check-config", Root("/etc/postwatch/postwatch.json")});
  EXPECT_EQ(packaged.exit_code, 0) << packaged.output;

  CommandResult plugins = RunCommand({Root("/usr/bin/postwatchctl"), "plugins", "list",
                                      "--plugin-dir", Root("/usr/lib/postwatch/plugins")});
  EXPECT_EQ(plugins.exit_code, 0) << plugins.output;
  EXPECT_TRUE(std::regex_search(plugins.output, std::regex("\nweb +[^\n]* loaded")))
      << plugins.output;
}

}  // namespace
}  // namespace postwatch::testing
