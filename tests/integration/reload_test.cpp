// SIGHUP re-reads the registry (added accounts are polled, removed ones stop and their data
// is erased) and rejects a bad config while the old one keeps running.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <signal.h>
#include <sys/wait.h>

#include "daemon_fixture.h"

namespace postwatch::testing {
namespace {

// Rewrites the registry keeping accounts [first, last).
void KeepAccounts(const std::string& registry, const std::string& full, int first, int last) {
  rapidjson::Document doc;
  doc.Parse(full.c_str());
  rapidjson::Value& accounts = doc["accounts"];
  rapidjson::Value kept(rapidjson::kArrayType);
  for (int i = first; i < last; ++i) kept.PushBack(accounts[i], doc.GetAllocator());
  doc["accounts"] = kept;
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  doc.Accept(w);
  WriteFile(registry + ".tmp", sb.GetString());
  std::rename((registry + ".tmp").c_str(), registry.c_str());
}

std::string Slug(int i) { return "acct-" + std::to_string(i); }

TEST(ReloadTest, SighupSyncsTheRegistryAndRejectsABadConfig) {
  SimOptions so;
  so.accounts = 30;
  EndToEnd e2e(so);
  ASSERT_TRUE(e2e.StartSim());
  const std::string full = ReadFile(e2e.RegistryPath());
  KeepAccounts(e2e.RegistryPath(), full, 0, 20);
  ASSERT_TRUE(e2e.StartDaemon()) << e2e.DaemonLog();
  ASSERT_TRUE(
      WaitFor([&] { return e2e.SimRequestsPerAccount().size() == 20; }, std::chrono::seconds(60)))
      << e2e.DaemonLog();

  // Remove accounts 0-9, add 20-29.
  KeepAccounts(e2e.RegistryPath(), full, 10, 30);
  e2e.SignalDaemon(SIGHUP);
  ASSERT_TRUE(WaitFor(
      [&] {
        auto counts = e2e.SimRequestsPerAccount();
        for (int i = 20; i < 30; ++i) {
          if (counts[Slug(i)] < 2) return false;
        }
        return true;
      },
      std::chrono::seconds(60)))
      << e2e.DaemonLog();
  auto removed_before = e2e.SimRequestsPerAccount();
  std::this_thread::sleep_for(std::chrono::seconds(3));  // three poll intervals
  auto removed_after = e2e.SimRequestsPerAccount();
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(removed_after[Slug(i)], removed_before[Slug(i)]) << Slug(i) << " is still polled";
  }
  auto rows = Query(e2e.DbPath(), "SELECT COUNT(*) FROM accounts");
  EXPECT_EQ(rows[0][0], "20");
  auto orphans = Query(
      e2e.DbPath(), "SELECT COUNT(*) FROM posts WHERE account_id NOT IN (SELECT id FROM accounts)");
  EXPECT_EQ(orphans[0][0], "0");
  std::string log = e2e.DaemonLog();
  EXPECT_NE(log.find("10 added"), std::string::npos) << log;
  EXPECT_NE(log.find("10 removed"), std::string::npos) << log;

  // A bad config is rejected with its errors; the old one keeps polling.
  std::string good = ReadFile(e2e.ConfigPath());
  WriteFile(e2e.ConfigPath(), "{ \"scheduler\": { \"default_interval_s\": \"often\" } }");
  auto before_bad = e2e.SimRequestsPerAccount();
  e2e.SignalDaemon(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return e2e.DaemonLog().find("reload rejected") != std::string::npos; },
                      std::chrono::seconds(20)));
  EXPECT_NE(e2e.DaemonLog().find("/scheduler/default_interval_s: expected integer"),
            std::string::npos);
  ASSERT_TRUE(WaitFor(
      [&] {
        auto now = e2e.SimRequestsPerAccount();
        return now[Slug(25)] >= before_bad[Slug(25)] + 2;
      },
      std::chrono::seconds(30)))
      << "polling stopped after a rejected reload";
  WriteFile(e2e.ConfigPath(), good);
  int status = e2e.StopDaemon(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << e2e.DaemonLog();
}

}  // namespace
}  // namespace postwatch::testing
