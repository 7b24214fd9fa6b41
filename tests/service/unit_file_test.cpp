// systemd/postwatchd.service: hardened enough, and free of anything systemd would warn
// about.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include "harness.h"

namespace postwatch::testing {
namespace {

std::string UnitPath() { return SourceDir() + "/systemd/postwatchd.service"; }

bool HaveSystemdAnalyze() { return std::system("command -v systemd-analyze >/dev/null 2>&1") == 0; }

TEST(UnitFileTest, SecurityExposureIsAtMostOnePointFive) {
  if (!HaveSystemdAnalyze()) GTEST_SKIP() << "systemd-analyze is not installed";
  CommandResult r = RunCommand(
      {"/usr/bin/env", "systemd-analyze", "security", "--offline=true", "--no-pager", UnitPath()});
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.output, m,
                                std::regex("Overall exposure level for [^:]+: ([0-9]+\\.[0-9]+)")))
      << r.output;
  EXPECT_LE(std::stod(m[1].str()), 1.5) << r.output;
}

TEST(UnitFileTest, VerifyPrintsNothingOnStderr) {
  if (!HaveSystemdAnalyze()) GTEST_SKIP() << "systemd-analyze is not installed";
  // verify checks that ExecStart's binary exists: point a copy at the built daemon.
  TempDir dir;
  std::string unit = ReadFile(UnitPath());
  ASSERT_NE(unit.find("ExecStart=/usr/bin/postwatchd "), std::string::npos);
  unit = std::regex_replace(unit, std::regex("ExecStart=/usr/bin/postwatchd"),
                            "ExecStart=" + PostwatchdPath());
  std::string copy = dir.File("postwatchd.service");
  WriteFile(copy, unit);
  std::string stderr_file = dir.File("stderr.txt");
  CommandResult r = RunCommand(
      {"/bin/sh", "-c", "systemd-analyze verify --man=no \"$0\" 2>\"$1\"", copy, stderr_file});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(ReadFile(stderr_file), "");
}

TEST(UnitFileTest, UnitRunsTheDaemonAsANotifyServiceWithAWatchdog) {
  std::string unit = ReadFile(UnitPath());
  for (const char* line :
       {"Type=notify", "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure",
        "DynamicUser=yes", "StateDirectory=postwatch",
        "LoadCredential=admin-token:", "MemoryDenyWriteExecute=yes", "IPAddressDeny=any"}) {
    EXPECT_NE(unit.find(line), std::string::npos) << line;
  }
  EXPECT_TRUE(std::regex_search(unit, std::regex("\nWatchdogSec=[1-9]")));
}

}  // namespace
}  // namespace postwatch::testing
