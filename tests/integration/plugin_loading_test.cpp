// A plugin with the wrong ABI major, a world-writable plugin file and a library without the
// entry symbol are each refused with a clear log line, and the daemon keeps polling with
// the good plugin.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>

#include "daemon_fixture.h"

namespace postwatch::testing {
namespace {

namespace fs = std::filesystem;

TEST(PluginLoadingTest, BadPluginsAreRefusedWithAReasonAndTheDaemonKeepsPolling) {
  SimOptions so;
  so.accounts = 20;
  EndToEnd e2e(so);
  ASSERT_TRUE(e2e.StartSim());
  std::string dir = e2e.tmp().File("plugins");
  fs::create_directories(dir);
  ::chmod(dir.c_str(), 0755);
  fs::copy_file(PluginDir() + "/postwatch_web.so", dir + "/postwatch_web.so");
  fs::copy_file(std::string(PW_BAD_PLUGIN_DIR) + "/postwatch_wrong_abi.so",
                dir + "/postwatch_wrong_abi.so");
  fs::copy_file(std::string(PW_BAD_PLUGIN_DIR) + "/postwatch_no_symbol.so",
                dir + "/postwatch_no_symbol.so");
  fs::copy_file(PluginDir() + "/postwatch_web.so", dir + "/postwatch_writable.so");
  for (const char* f : {"postwatch_web.so", "postwatch_wrong_abi.so", "postwatch_no_symbol.so"}) {
    ::chmod((dir + "/" + f).c_str(), 0755);
  }
  ::chmod((dir + "/postwatch_writable.so").c_str(), 0666);
  e2e.set_plugin_dir(dir);

  ASSERT_TRUE(e2e.StartDaemon()) << e2e.DaemonLog();
  // The good plugin polls every account.
  ASSERT_TRUE(WaitFor(
      [&] {
        auto counts = e2e.SimRequestsPerAccount();
        return counts.size() == static_cast<size_t>(so.accounts);
      },
      std::chrono::seconds(60)))
      << e2e.DaemonLog();

  std::string log = e2e.DaemonLog();
  EXPECT_NE(log.find("refused plugin " + dir + "/postwatch_wrong_abi.so: ABI major 2 differs"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("refused plugin " + dir + "/postwatch_no_symbol.so: no entry symbol"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("refused plugin " + dir + "/postwatch_writable.so: " + dir +
                     "/postwatch_writable.so is group- or world-writable"),
            std::string::npos)
      << log;

  std::string metrics = e2e.MetricsText();
  EXPECT_EQ(MetricValue(metrics, "postwatch_plugin_up", {{"plugin", "web"}}), 1);

  // postwatchctl shows the same verdicts.
  CommandResult list = RunCommand({PostwatchctlPath(), "plugins", "list", "--plugin-dir", dir});
  EXPECT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find("loaded"), std::string::npos) << list.output;
  EXPECT_NE(list.output.find("refused: ABI major 2"), std::string::npos) << list.output;
  EXPECT_NE(list.output.find("refused: no entry symbol"), std::string::npos) << list.output;

  int status = e2e.StopDaemon(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

}  // namespace
}  // namespace postwatch::testing
