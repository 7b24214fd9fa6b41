// The running daemon's /metrics at two fleet sizes: the default scrape does not grow with
// the number of accounts, the opt-in per-account gauge adds one series per account (up to
// the cap), and posts already in the database are counted at start.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <iostream>
#include <set>
#include <string>

#include "daemon_fixture.h"
#include "harness.h"

namespace postwatch::dashboards {
namespace {

using testing::EndToEnd;
using testing::MetricValue;
using testing::SimOptions;
using testing::WaitFor;

// One poll an hour per account, spread over the hour: the daemon stays quiet.
constexpr char kHourlyPolls[] = R"(, "plugins": { "web": { "interval_s": 3600 } })";

// The opt-in per-account gauge: one series per account.
constexpr char kPerAccountSeries[] = "postwatch_account_last_success_timestamp_seconds{";

// The series of a scrape: each sample line without its value.
std::set<std::string> SeriesOf(const std::string& text) {
  std::set<std::string> series;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start && text[start] != '#') {
      std::string line = text.substr(start, end - start);
      series.insert(line.substr(0, line.rfind(' ')));
    }
    start = end + 1;
  }
  return series;
}
size_t SeriesCount(const std::string& text) { return SeriesOf(text).size(); }
size_t PerAccountSeriesCount(const std::string& text) {
  size_t n = 0;
  for (const std::string& s : SeriesOf(text)) n += s.rfind(kPerAccountSeries, 0) == 0 ? 1 : 0;
  return n;
}

// The series in `a` and not in `b`, for a failure message.
std::string SeriesMissingFrom(const std::string& a, const std::string& b) {
  std::set<std::string> in_b = SeriesOf(b);
  std::string out;
  for (const std::string& s : SeriesOf(a)) {
    if (in_b.count(s) == 0 && s.rfind(kPerAccountSeries, 0) != 0) {
      out += "  " + s + "\n";
    }
  }
  return out;
}

// Waits until the daemon reports `accounts` registered accounts, then returns its scrape.
std::string ScrapeWithAccounts(EndToEnd& e2e, int accounts) {
  std::string text;
  EXPECT_TRUE(WaitFor(
      [&] {
        text = e2e.MetricsText();
        return MetricValue(text, "postwatch_accounts") == accounts;
      },
      std::chrono::seconds(60)))
      << e2e.DaemonLog();
  return text;
}

double AverageScrapeMs(EndToEnd& e2e, int rounds) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < rounds; ++i) e2e.MetricsText();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
             .count() /
         rounds;
}

TEST(FleetScaleTest, DefaultScrapeSizeIsTheSameAt100And20000Accounts) {
  EndToEnd small(
      SimOptions{.accounts = 100, .seed = 3, .post_interval_s = 3600, .initial_posts = 1});
  ASSERT_TRUE(small.StartSim());
  ASSERT_TRUE(small.StartDaemon(kHourlyPolls)) << small.DaemonLog();
  const std::string small_text = ScrapeWithAccounts(small, 100);
  const size_t small_series = SeriesCount(small_text);

  EndToEnd large(
      SimOptions{.accounts = 20000, .seed = 3, .post_interval_s = 3600, .initial_posts = 1});
  ASSERT_TRUE(large.StartSim());
  ASSERT_TRUE(large.StartDaemon(kHourlyPolls)) << large.DaemonLog();
  const std::string default_text = ScrapeWithAccounts(large, 20000);
  const size_t large_series = SeriesCount(default_text);
  const double default_ms = AverageScrapeMs(large, 10);
  EXPECT_EQ(small_series, large_series)
      << "only at 100 accounts:\n"
      << SeriesMissingFrom(small_text, default_text) << "only at 20,000 accounts:\n"
      << SeriesMissingFrom(default_text, small_text);

  // The same fleet with per-account series: one more series per account, none truncated.
  ASSERT_GE(large.StopDaemon(SIGTERM), 0);
  ASSERT_TRUE(
      large.StartDaemon(std::string(kHourlyPolls) +
                        R"(, "metrics": { "per_account": true, "per_account_cap": 20000 })"))
      << large.DaemonLog();
  std::string text;
  ASSERT_TRUE(WaitFor(
      [&] {
        text = large.MetricsText();
        return PerAccountSeriesCount(text) >= 20000;
      },
      std::chrono::seconds(60)));
  const size_t per_account_series = SeriesCount(text);
  const double per_account_ms = AverageScrapeMs(large, 10);
  EXPECT_EQ(PerAccountSeriesCount(text), 20000u);
  // The rest of the scrape is the default one; which series it has is checked above, and a
  // difference here (the daemon was restarted and has polled since) is only reported.
  if (per_account_series != large_series + 20000) {
    std::cout << "besides the per-account gauge, only with per-account series on:\n"
              << SeriesMissingFrom(text, default_text) << "only with them off:\n"
              << SeriesMissingFrom(default_text, text);
  }
  EXPECT_EQ(MetricValue(text, "postwatch_metrics_per_account_truncated"), 0);

  std::cout << "series: " << small_series << " at 100 accounts, " << large_series
            << " at 20,000 (default), " << per_account_series
            << " at 20,000 with per-account series\n"
            << "GET /metrics at 20,000 accounts: " << default_ms << " ms default ("
            << default_text.size() << " bytes), " << per_account_ms << " ms per-account ("
            << text.size() << " bytes)\n";
  RecordProperty("series_100", static_cast<int>(small_series));
  RecordProperty("series_20000", static_cast<int>(large_series));
  RecordProperty("series_20000_per_account", static_cast<int>(per_account_series));
}

TEST(FleetScaleTest, PerAccountCapTruncatesAndSaysSo) {
  EndToEnd e2e(SimOptions{.accounts = 300, .seed = 5, .post_interval_s = 3600, .initial_posts = 1});
  ASSERT_TRUE(e2e.StartSim());
  ASSERT_TRUE(e2e.StartDaemon(std::string(kHourlyPolls) +
                              R"(, "metrics": { "per_account": true, "per_account_cap": 120 })"))
      << e2e.DaemonLog();
  std::string text;
  ASSERT_TRUE(WaitFor(
      [&] {
        text = e2e.MetricsText();
        return MetricValue(text, "postwatch_metrics_per_account_truncated") == 1;
      },
      std::chrono::seconds(30)))
      << text;
  size_t per_account = 0;
  for (size_t pos = text.find("\npostwatch_account_last_success_timestamp_seconds{");
       pos != std::string::npos;
       pos = text.find("\npostwatch_account_last_success_timestamp_seconds{", pos + 1)) {
    ++per_account;
  }
  EXPECT_EQ(per_account, 120u);
}

TEST(FleetScaleTest, PostsStoredBeforeAStartAreCountedAtStart) {
  EndToEnd e2e(SimOptions{.accounts = 20, .seed = 9, .post_interval_s = 2, .initial_posts = 5});
  ASSERT_TRUE(e2e.StartSim());
  ASSERT_TRUE(e2e.StartDaemon()) << e2e.DaemonLog();
  ASSERT_TRUE(
      WaitFor([&] { return MetricValue(e2e.MetricsText(), "postwatch_posts_seen_total") >= 100; },
              std::chrono::seconds(30)));
  ASSERT_TRUE(e2e.FreezeSim());
  ASSERT_EQ(e2e.StopDaemon(SIGTERM), 0);
  auto rows = testing::Query(e2e.DbPath(), "SELECT count(*) FROM posts");
  ASSERT_EQ(rows.size(), 1u);
  const double stored = std::stod(rows[0][0]);

  // After a restart the counters start from 0, but the published-time gauges come from the
  // database at start: the dashboards keep showing the posting frequency.
  ASSERT_TRUE(e2e.StartDaemon()) << e2e.DaemonLog();
  std::string text = e2e.MetricsText();
  EXPECT_EQ(MetricValue(text, "postwatch_posts_published", {{"window", "24h"}}), stored);
  EXPECT_EQ(MetricValue(text, "postwatch_posts_published", {{"window", "30d"}}), stored);
}

}  // namespace
}  // namespace postwatch::dashboards
