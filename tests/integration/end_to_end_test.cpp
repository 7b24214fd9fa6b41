// postwatchd against postwatch-sim over loopback: the database holds exactly what the
// simulator served, and /metrics agrees with the database.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include "daemon_fixture.h"

namespace postwatch::testing {
namespace {

// Waits until every account has been requested at least `polls` times.
bool WaitForPolls(EndToEnd& e2e, int accounts, int polls, std::chrono::seconds timeout) {
  return WaitFor(
      [&] {
        auto counts = e2e.SimRequestsPerAccount();
        if (static_cast<int>(counts.size()) < accounts) return false;
        for (const auto& [slug, n] : counts) {
          if (n < polls) return false;
        }
        return true;
      },
      timeout);
}

// Compares the stored posts with the served ones, account by account.
void ExpectStoreMatchesServed(EndToEnd& e2e) {
  auto served = e2e.SimServed();
  auto stored = e2e.StoredPosts();
  ASSERT_FALSE(served.empty());
  size_t served_posts = 0;
  for (const auto& [slug, posts] : served) {
    served_posts += posts.size();
    std::vector<std::string> want;
    for (const auto& [id, flagged] : posts) want.push_back(id);
    std::vector<std::string> got = stored[slug];
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, want) << "account " << slug;
  }
  auto total = Query(e2e.DbPath(),
                     "SELECT COUNT(*), COUNT(DISTINCT account_id || ' ' || post_id) FROM posts");
  ASSERT_EQ(total.size(), 1u);
  EXPECT_EQ(std::stoul(total[0][0]), served_posts);
  EXPECT_EQ(total[0][0], total[0][1]) << "a post is stored twice";
}

TEST(EndToEndTest, DatabaseHoldsExactlyWhatTheSimulatorServedAndMetricsAgree) {
  SimOptions so;
  so.accounts = 300;
  so.post_interval_s = 3;
  EndToEnd e2e(so);
  ASSERT_TRUE(e2e.StartSim());
  ASSERT_TRUE(e2e.StartDaemon()) << e2e.DaemonLog();

  ASSERT_TRUE(WaitForPolls(e2e, so.accounts, 2, std::chrono::seconds(90))) << e2e.DaemonLog();
  // No new posts from now on; once every account has been polled again, the daemon has
  // seen everything there is.
  ASSERT_TRUE(e2e.FreezeSim());
  auto before = e2e.SimRequestsPerAccount();
  ASSERT_TRUE(WaitFor(
      [&] {
        auto now = e2e.SimRequestsPerAccount();
        for (const auto& [slug, n] : before) {
          if (now[slug] < n + 2) return false;
        }
        return true;
      },
      std::chrono::seconds(60)));
  // Let the store writer commit the last polls.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  ExpectStoreMatchesServed(e2e);

  // Flagged shares: one hit per flagged link of a stored post.
  int served_flagged = 0;
  for (const auto& [slug, posts] : e2e.SimServed()) {
    for (const auto& [id, flagged] : posts) served_flagged += flagged;
  }
  auto hits = Query(e2e.DbPath(), "SELECT COUNT(*) FROM flag_hits WHERE list = 'sim-flagged'");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_GT(served_flagged, 0);
  EXPECT_EQ(std::stoi(hits[0][0]), served_flagged);

  // /metrics agrees with the database.
  std::string metrics = e2e.MetricsText();
  auto posts = Query(e2e.DbPath(), "SELECT COUNT(*) FROM posts");
  auto links = Query(e2e.DbPath(), "SELECT COUNT(*) FROM links");
  EXPECT_EQ(MetricValue(metrics, "postwatch_posts_seen_total", {{"plugin", "web"}}),
            std::stod(posts[0][0]));
  EXPECT_EQ(MetricValue(metrics, "postwatch_links_seen_total", {{"plugin", "web"}}),
            std::stod(links[0][0]));
  EXPECT_EQ(MetricValue(metrics, "postwatch_flagged_link_shares_total",
                        {{"plugin", "web"}, {"list", "sim-flagged"}}),
            served_flagged);
  EXPECT_EQ(MetricValue(metrics, "postwatch_accounts", {{"plugin", "web"}, {"state", "active"}}),
            so.accounts);
  EXPECT_EQ(MetricValue(metrics, "postwatch_flag_list_entries", {{"list", "sim-flagged"}}), 3);
  EXPECT_GT(MetricValue(metrics, "postwatch_http_not_modified_total", {{"plugin", "web"}}), 0);
  EXPECT_EQ(MetricValue(metrics, "postwatch_poll_failures_total", {{"plugin", "web"}}), 0);
  EXPECT_GE(MetricValue(metrics, "postwatch_polls_total", {{"plugin", "web"}}), 4 * so.accounts);

  // The real promtool accepts the exposition.
  std::string metrics_file = e2e.tmp().File("metrics.txt");
  WriteFile(metrics_file, metrics);
  CommandResult lint = RunCommand({"/bin/sh", "-c", "promtool check metrics < " + metrics_file});
  EXPECT_EQ(lint.exit_code, 0) << lint.output;

  int status = e2e.StopDaemon(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << e2e.DaemonLog();
  EXPECT_EQ(WEXITSTATUS(status), 0) << e2e.DaemonLog();
}

}  // namespace
}  // namespace postwatch::testing
