// A mixed registry of every open platform (web, youtube, mastodon, bluesky, telegram) polled
// against postwatch-sim: the database holds exactly what the simulator served, per account.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <string>
#include <vector>

#include "daemon_fixture.h"

namespace postwatch::testing {
namespace {

// Polls until every account was asked at least twice, freezes the simulator, lets every
// account be polled twice more, then compares the database with what was served.
void ExpectStoredEqualsServed(EndToEnd& e2e, const SimOptions& so,
                              const std::vector<std::string>& plugin_names) {
  ASSERT_TRUE(WaitFor(
      [&] {
        auto counts = e2e.SimRequestsPerAccount();
        if (counts.size() < static_cast<size_t>(so.accounts)) return false;
        for (const auto& [slug, n] : counts) {
          if (n < 2) return false;
        }
        return true;
      },
      std::chrono::seconds(90)))
      << e2e.DaemonLog();
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
      std::chrono::seconds(60)))
      << e2e.DaemonLog();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  auto served = e2e.SimServed();
  auto stored = e2e.StoredPosts();
  ASSERT_EQ(served.size(), static_cast<size_t>(so.accounts));
  size_t served_posts = 0;
  int served_flagged = 0;
  for (const auto& [slug, posts] : served) {
    served_posts += posts.size();
    std::vector<std::string> want;
    for (const auto& [id, flagged] : posts) {
      want.push_back(id);
      served_flagged += flagged;
    }
    std::vector<std::string> got = stored[slug];
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, want) << "account " << slug;
  }
  auto total = Query(e2e.DbPath(), "SELECT COUNT(*) FROM posts");
  EXPECT_EQ(std::stoul(total[0][0]), served_posts);
  auto hits = Query(e2e.DbPath(), "SELECT COUNT(*) FROM flag_hits WHERE list = 'sim-flagged'");
  EXPECT_EQ(std::stoi(hits[0][0]), served_flagged);

  std::string metrics = e2e.MetricsText();
  for (const std::string& plugin : plugin_names) {
    EXPECT_EQ(MetricValue(metrics, "postwatch_plugin_up", {{"plugin", plugin}}), 1) << plugin;
    EXPECT_EQ(MetricValue(metrics, "postwatch_poll_failures_total", {{"plugin", plugin}}), 0)
        << plugin;
    EXPECT_GT(MetricValue(metrics, "postwatch_posts_seen_total", {{"plugin", plugin}}), 0)
        << plugin << "\n"
        << metrics.substr(metrics.find("# HELP postwatch_posts_seen_total"), 800);
  }
  int status = e2e.StopDaemon(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << e2e.DaemonLog();
}

TEST(PlatformsTest, MixedRegistryOfAllOpenPlatformsMatchesWhatWasServed) {
  SimOptions so;
  so.accounts = 50;
  so.post_interval_s = 3;
  so.platforms = "web,youtube,mastodon,bluesky,telegram";
  EndToEnd e2e(so);
  ASSERT_TRUE(e2e.StartSim());
  std::string base = e2e.SimUrl("");
  std::string plugins = R"(,
  "plugins": {
    "web": {},
    "youtube": { "config": { "base_url": ")" +
                        base + R"(/youtube" } },
    "mastodon": { "config": { "base_url": ")" +
                        base + R"(/mastodon" } },
    "bluesky": { "config": { "base_url": ")" +
                        base + R"(" } },
    "telegram": { "config": { "base_url": ")" +
                        base + R"(/telegram" } }
  })";
  ASSERT_TRUE(e2e.StartDaemon(plugins)) << e2e.DaemonLog();
  ExpectStoredEqualsServed(e2e, so, {"web", "youtube", "mastodon", "bluesky", "telegram"});
}

// Web accounts registered as a site's home page (feed autodiscovery) or a WordPress site
// (REST API with paging and X-WP-TotalPages), next to plain feeds.
TEST(PlatformsTest, SitesWithAutodiscoveryAndWordPressMatchWhatWasServed) {
  SimOptions so;
  so.accounts = 30;
  so.post_interval_s = 3;
  so.initial_posts = 12;
  so.platforms = "web,website";
  EndToEnd e2e(so);
  ASSERT_TRUE(e2e.StartSim());
  ASSERT_TRUE(e2e.StartDaemon(R"(,
  "plugins": { "web": { "config": { "wordpress_per_page": 5 } } })"))
      << e2e.DaemonLog();
  ExpectStoredEqualsServed(e2e, so, {"web"});
  // Every site account resolved to the URL it is polled at: a feed or a WordPress API.
  auto sites = Query(e2e.DbPath(),
                     "SELECT registered, canonical_id FROM accounts WHERE registered NOT LIKE "
                     "'%/feed'");
  ASSERT_FALSE(sites.empty());
  for (const auto& row : sites) EXPECT_NE(row[1], "") << row[0];
}

}  // namespace
}  // namespace postwatch::testing
