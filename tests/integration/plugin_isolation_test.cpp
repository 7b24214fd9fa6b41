// A plugin that crashes and hangs, run with isolation "process" next to the web plugin:
// its accounts fail with reason "plugin" while the web accounts keep being polled and
// stored, and the daemon stays up.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>

#include "daemon_fixture.h"

namespace postwatch::testing {
namespace {

namespace fs = std::filesystem;

// Appends accounts of the broken plugin to the simulator's registry.
void AddBrokenAccounts(EndToEnd& e2e, const std::vector<std::string>& behaviours) {
  rapidjson::Document doc;
  doc.Parse(ReadFile(e2e.RegistryPath()).c_str());
  ASSERT_FALSE(doc.HasParseError());
  auto& alloc = doc.GetAllocator();
  int n = 0;
  for (const std::string& behaviour : behaviours) {
    rapidjson::Value account(rapidjson::kObjectType);
    std::string ref = "broken-" + std::to_string(n++);
    std::string registered = e2e.SimUrl("/broken/" + behaviour);
    account.AddMember("member_ref", rapidjson::Value(ref.c_str(), alloc), alloc);
    account.AddMember("display_name", rapidjson::Value(ref.c_str(), alloc), alloc);
    account.AddMember("group", "city/broken", alloc);
    account.AddMember("platform", "broken", alloc);
    account.AddMember("registered", rapidjson::Value(registered.c_str(), alloc), alloc);
    doc["accounts"].PushBack(account, alloc);
  }
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> writer(out);
  doc.Accept(writer);
  WriteFile(e2e.RegistryPath(), out.GetString());
}

// A plugin directory holding the web plugin and the broken one.
std::string PluginDirWithBroken(const EndToEnd& e2e) {
  std::string dir = e2e.tmp().File("plugins");
  fs::create_directories(dir);
  ::chmod(dir.c_str(), 0755);
  fs::copy_file(PluginDir() + "/postwatch_web.so", dir + "/postwatch_web.so");
  fs::copy_file(std::string(PW_BAD_PLUGIN_DIR) + "/postwatch_broken.so",
                dir + "/postwatch_broken.so");
  for (const char* f : {"postwatch_web.so", "postwatch_broken.so"}) {
    ::chmod((dir + "/" + f).c_str(), 0755);
  }
  return dir;
}

TEST(PluginIsolationTest, ACrashingAndHangingPluginFailsAloneWhileTheWebPluginKeepsPolling) {
  SimOptions so;
  so.accounts = 10;
  EndToEnd e2e(so);
  ASSERT_TRUE(e2e.StartSim());
  const std::string registry = ReadFile(e2e.RegistryPath());
  e2e.set_plugin_dir(PluginDirWithBroken(e2e));
  const std::string config = R"(,
  "plugins": { "broken": { "isolation": "process", "call_deadline_ms": 1000 } })";
  auto broken_failures = [&] {
    return MetricValue(e2e.MetricsText(), "postwatch_poll_failures_total",
                       {{"plugin", "broken"}, {"reason", "plugin"}});
  };

  // One run per fault: a plugin that keeps failing is quarantined and its breaker opens, so
  // in one run the second fault might never be reached.
  // A parse that hangs is killed at the deadline; its poll fails with reason "plugin".
  AddBrokenAccounts(e2e, {"hang-parse"});
  ASSERT_TRUE(e2e.StartDaemon(config)) << e2e.DaemonLog();
  ASSERT_TRUE(WaitFor(
      [&] {
        return broken_failures() >= 1 &&
               e2e.DaemonLog().find("plugin broken: parse timed out after 1 s") !=
                   std::string::npos;
      },
      std::chrono::seconds(60)))
      << e2e.DaemonLog();
  int status = e2e.StopDaemon(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;

  // A parse that crashes takes only its runner down.
  WriteFile(e2e.RegistryPath(), registry);
  AddBrokenAccounts(e2e, {"segv-parse"});
  ASSERT_TRUE(e2e.StartDaemon(config)) << e2e.DaemonLog();
  ASSERT_TRUE(WaitFor(
      [&] {
        return broken_failures() >= 1 &&
               e2e.DaemonLog().find("plugin broken: parse crashed with SIGSEGV") !=
                   std::string::npos;
      },
      std::chrono::seconds(60)))
      << e2e.DaemonLog();

  // Meanwhile, and after it, every web account is polled again and again.
  auto before = e2e.SimRequestsPerAccount();
  ASSERT_EQ(before.size(), static_cast<size_t>(so.accounts));
  ASSERT_TRUE(WaitFor(
      [&] {
        auto now = e2e.SimRequestsPerAccount();
        for (const auto& [slug, n] : before) {
          if (now[slug] <= n) return false;
        }
        return true;
      },
      std::chrono::seconds(60)))
      << e2e.DaemonLog();
  EXPECT_EQ(e2e.StoredPosts().size(), static_cast<size_t>(so.accounts));
  auto broken_posts = Query(e2e.DbPath(),
                            "SELECT COUNT(*) FROM posts p JOIN accounts a ON a.id = p.account_id "
                            "WHERE a.platform = 'broken'");
  ASSERT_EQ(broken_posts.size(), 1u);
  EXPECT_EQ(broken_posts[0][0], "0");

  std::string metrics = e2e.MetricsText();
  EXPECT_EQ(MetricValue(metrics, "postwatch_poll_failures_total",
                        {{"plugin", "web"}, {"reason", "plugin"}}),
            0)
      << metrics;
  std::string log = e2e.DaemonLog();
  EXPECT_NE(log.find("broken (" + e2e.tmp().File("plugins") +
                     "/postwatch_broken.so): loaded (process isolation)"),
            std::string::npos)
      << log;

  status = e2e.StopDaemon(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

}  // namespace
}  // namespace postwatch::testing
