// Stopping the daemon mid-run (SIGTERM, then SIGKILL) and starting it again loses no post
// and counts none twice.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <random>

#include "daemon_fixture.h"

namespace postwatch::testing {
namespace {

TEST(RestartTest, SigtermAndSigkillMidRunLoseNothingAndDoubleCountNothing) {
  SimOptions so;
  so.accounts = 120;
  so.post_interval_s = 1;
  EndToEnd e2e(so);
  ASSERT_TRUE(e2e.StartSim());

  ASSERT_TRUE(e2e.StartDaemon()) << e2e.DaemonLog();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  int status = e2e.StopDaemon(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << e2e.DaemonLog();

  ASSERT_TRUE(e2e.StartDaemon()) << e2e.DaemonLog();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  status = e2e.StopDaemon(SIGKILL);
  ASSERT_TRUE(WIFSIGNALED(status));

  ASSERT_TRUE(e2e.StartDaemon()) << e2e.DaemonLog();
  ASSERT_TRUE(e2e.FreezeSim());
  auto before = e2e.SimRequestsPerAccount();
  ASSERT_TRUE(WaitFor(
      [&] {
        auto now = e2e.SimRequestsPerAccount();
        if (now.size() < static_cast<size_t>(so.accounts)) return false;
        for (const auto& [slug, n] : now) {
          if (n < before[slug] + 2) return false;
        }
        return true;
      },
      std::chrono::seconds(60)));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  status = e2e.StopDaemon(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << e2e.DaemonLog();

  auto served = e2e.SimServed();
  auto stored = e2e.StoredPosts();
  size_t served_posts = 0;
  for (const auto& [slug, posts] : served) {
    served_posts += posts.size();
    std::vector<std::string> want;
    for (const auto& [id, flagged] : posts) want.push_back(id);
    std::vector<std::string> got = stored[slug];
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, want) << "account " << slug;
  }
  auto total = Query(e2e.DbPath(), "SELECT COUNT(*) FROM posts");
  EXPECT_EQ(std::stoul(total[0][0]), served_posts);
  auto integrity = Query(e2e.DbPath(), "PRAGMA integrity_check");
  ASSERT_EQ(integrity.size(), 1u);
  EXPECT_EQ(integrity[0][0], "ok");
}

}  // namespace
}  // namespace postwatch::testing
