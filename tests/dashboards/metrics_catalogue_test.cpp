// The metric catalogue of DESIGN.md "Metrics": every family present with its labels,
// known combinations at 0, bounded labels, and a scrape whose size does not depend on the
// number of accounts unless per-account series are asked for.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <set>

#include "metrics/metrics.h"
#include "metrics_text.h"

namespace postwatch {
namespace {

const char* const kPlugins[] = {"web",      "youtube",  "mastodon", "bluesky",
                                "telegram", "facebook", "zalo",     "tiktok"};
const char* const kLists[] = {"scam", "gambling", "disinfo"};

// A fleet of `accounts` accounts spread over the plugins and over accounts/40 groups, fed
// into a Metrics the way the daemon feeds it.
void FeedFleet(Metrics& m, int accounts) {
  for (const char* p : kPlugins) m.AddPlugin(p, "1.0.0", true, true);
  for (const char* l : kLists) m.SetFlagList(l, 100, 1.7e9);
  std::map<std::string, std::map<std::string, double>> counts;
  std::map<std::string, int64_t> groups;
  std::vector<AccountSuccess> successes;
  std::map<std::pair<std::string, std::string>, PostingActivity> activity;
  const int group_count = std::max(1, accounts / 40);
  for (int i = 0; i < accounts; ++i) {
    std::string plugin = kPlugins[i % std::size(kPlugins)];
    std::string group = "city/district-" + std::to_string(i % group_count);
    counts[plugin][i % 10 == 0 ? "backoff" : "active"] += 1;
    groups[group] += 1;
    successes.push_back(
        {plugin, "https://example.org/acct-" + std::to_string(i) + "/feed", 1'700'000'000'000 + i});
    PostingActivity& row = activity[{plugin, group}];
    row.plugin = plugin;
    row.group = group;
    row.posts[0] += 1;
    row.posts[1] += 7;
    row.posts[2] += 30;
  }
  m.SetGroupSizes(groups);
  m.SetAccountCounts(counts);
  for (const char* p : kPlugins) m.SetStaleness(p, 3, 1.7e9);
  std::vector<PostingActivity> rows;
  for (auto& [key, row] : activity) rows.push_back(row);
  m.SetPostingActivity(rows);
  m.SetAccountSuccess(std::move(successes));
  // Some traffic on every plugin, as after a few polls.
  for (int i = 0; i < accounts; ++i) {
    std::string plugin = kPlugins[i % std::size(kPlugins)];
    std::string group = "city/district-" + std::to_string(i % group_count);
    m.PollFinished(plugin, 0.2, i % 7 == 0 ? "timeout" : "");
    m.HttpResponse(plugin, i % 7 == 0 ? 0 : 200);
    m.PostsCommitted(plugin, group, 2, 3,
                     i % 5 == 0 ? std::vector<std::string>{"scam"} : std::vector<std::string>{});
  }
}

size_t SeriesCount(const MetricsOptions& options, int accounts) {
  Metrics m("1.2.3", "abc");
  m.Configure(options);
  FeedFleet(m, accounts);
  return SampleLines(m.Render()).size();
}

TEST(MetricsCatalogueTest, EveryDesignFamilyIsExportedWithHelpAndType) {
  Metrics m("1.2.3", "abc");
  m.Configure({.group_label_top_n = 5, .per_account = true, .per_account_cap = 100});
  FeedFleet(m, 200);
  const std::string text = m.Render();
  const std::pair<const char*, const char*> families[] = {
      {"postwatch_build_info", "gauge"},
      {"postwatch_plugin_info", "gauge"},
      {"postwatch_plugin_enabled", "gauge"},
      {"postwatch_plugin_up", "gauge"},
      {"postwatch_accounts", "gauge"},
      {"postwatch_accounts_stale", "gauge"},
      {"postwatch_account_last_success_oldest_timestamp_seconds", "gauge"},
      {"postwatch_polls_total", "counter"},
      {"postwatch_poll_failures_total", "counter"},
      {"postwatch_poll_duration_seconds", "histogram"},
      {"postwatch_poll_schedule_lag_seconds", "histogram"},
      {"postwatch_http_requests_total", "counter"},
      {"postwatch_http_not_modified_total", "counter"},
      {"postwatch_rate_limited_total", "counter"},
      {"postwatch_breaker_open", "gauge"},
      {"postwatch_posts_seen_total", "counter"},
      {"postwatch_post_interval_seconds", "histogram"},
      {"postwatch_links_seen_total", "counter"},
      {"postwatch_flagged_link_shares_total", "counter"},
      {"postwatch_flag_list_entries", "gauge"},
      {"postwatch_flag_list_last_reload_timestamp_seconds", "gauge"},
      {"postwatch_store_write_duration_seconds", "histogram"},
      {"postwatch_store_write_failures_total", "counter"},
      {"postwatch_store_size_bytes", "gauge"},
      {"postwatch_account_last_success_timestamp_seconds", "gauge"},
      {"postwatch_metrics_per_account_truncated", "gauge"},
      // Beyond the DESIGN table: store health and activity from the store.
      {"postwatch_store_degraded", "gauge"},
      {"postwatch_store_filesystem_avail_bytes", "gauge"},
      {"postwatch_store_filesystem_size_bytes", "gauge"},
      {"postwatch_posts_published", "gauge"},
  };
  for (const auto& [name, type] : families) {
    const std::string family = name;
    EXPECT_NE(text.find("# TYPE " + family + " " + type + "\n"), std::string::npos) << name;
    EXPECT_NE(text.find("# HELP " + family + " "), std::string::npos) << name;
  }
}

TEST(MetricsCatalogueTest, KnownLabelCombinationsStartAtZero) {
  Metrics m("1.2.3", "abc");
  m.AddPlugin("web", "1.0.0", true, true);
  m.SetFlagList("scam", 10, 1.7e9);
  const std::string text = m.Render();
  for (const char* series : {
           R"(postwatch_poll_failures_total{plugin="web",reason="rate_limited"})",
           R"(postwatch_http_requests_total{code_class="5xx",plugin="web"})",
           R"(postwatch_accounts{plugin="web",state="failing"})",
           R"(postwatch_posts_seen_total{plugin="web"})",
           R"(postwatch_flagged_link_shares_total{list="scam",plugin="web"})",
           R"(postwatch_posts_published{plugin="web",window="30d"})",
           R"(postwatch_store_write_failures_total{op="poll_batch"})",
           R"(postwatch_breaker_open{plugin="web"})",
           R"(postwatch_metrics_per_account_truncated)",
       }) {
    EXPECT_EQ(SampleValue(text, series), 0.0) << series;
  }
}

TEST(MetricsCatalogueTest, DefaultScrapeSizeDoesNotGrowWithTheFleet) {
  const size_t small = SeriesCount({}, 100);
  const size_t large = SeriesCount({}, 20000);
  std::cout << "default mode: " << small << " series at 100 accounts, " << large << " at 20,000\n";
  EXPECT_EQ(small, large);
}

TEST(MetricsCatalogueTest, GroupLabelScrapeSizeIsBoundedByTopN) {
  MetricsOptions grouped{.group_label_top_n = 10};
  const size_t small = SeriesCount(grouped, 1000);   // 25 groups
  const size_t large = SeriesCount(grouped, 20000);  // 500 groups
  std::cout << "group_label_top_n=10: " << small << " series at 1,000 accounts, " << large
            << " at 20,000\n";
  EXPECT_EQ(small, large);
  EXPECT_GT(small, SeriesCount({}, 1000));
}

TEST(MetricsCatalogueTest, GroupLabelNamesTopGroupsAndFoldsTheRestIntoOther) {
  Metrics m("1.2.3", "abc");
  m.Configure({.group_label_top_n = 1});
  m.AddPlugin("web", "1.0.0", true, true);
  m.SetFlagList("scam", 10, 1.7e9);
  m.SetGroupSizes({{"city/big", 10}, {"city/small", 2}});
  m.PostsCommitted("web", "city/big", 3, 0, {"scam"});
  m.PostsCommitted("web", "city/small", 2, 0, {"scam", "scam"});
  m.PostsCommitted("web", "unknown", 1, 0, {});
  const std::string text = m.Render();
  EXPECT_EQ(SampleValue(text, R"(postwatch_posts_seen_total{group="city/big",plugin="web"})"), 3);
  EXPECT_EQ(SampleValue(text, R"(postwatch_posts_seen_total{group="other",plugin="web"})"), 3);
  EXPECT_EQ(
      SampleValue(text,
                  R"(postwatch_flagged_link_shares_total{group="other",list="scam",plugin="web"})"),
      2);
  EXPECT_EQ(SampleValue(text, R"(postwatch_posts_seen_total{plugin="web"})"), std::nullopt);
  EXPECT_EQ(text.find("city/small"), std::string::npos);
}

TEST(MetricsCatalogueTest, SwitchingTheGroupLabelOffDropsGroupedSeries) {
  Metrics m("1.2.3", "abc");
  m.Configure({.group_label_top_n = 3});
  m.AddPlugin("web", "1.0.0", true, true);
  m.SetGroupSizes({{"city/a", 10}});
  m.PostsCommitted("web", "city/a", 3, 0, {});
  m.Configure({});
  m.PostsCommitted("web", "city/a", 2, 0, {});
  const std::string text = m.Render();
  EXPECT_EQ(text.find("group="), std::string::npos);
  EXPECT_EQ(SampleValue(text, R"(postwatch_posts_seen_total{plugin="web"})"), 2);
}

TEST(MetricsCatalogueTest, PostingActivitySumsRowsAndDropsMissingOnesToZero) {
  Metrics m("1.2.3", "abc");
  m.AddPlugin("web", "1.0.0", true, true);
  m.AddPlugin("youtube", "1.0.0", true, true);
  PostingActivity a{"web", "city/a", {5, 20, 40}};
  PostingActivity b{"web", "city/b", {1, 2, 3}};
  PostingActivity c{"youtube", "city/a", {7, 7, 7}};
  m.SetPostingActivity({a, b, c});
  std::string text = m.Render();
  EXPECT_EQ(SampleValue(text, R"(postwatch_posts_published{plugin="web",window="24h"})"), 6);
  EXPECT_EQ(SampleValue(text, R"(postwatch_posts_published{plugin="web",window="30d"})"), 43);
  EXPECT_EQ(SampleValue(text, R"(postwatch_posts_published{plugin="youtube",window="7d"})"), 7);
  m.SetPostingActivity({a});
  text = m.Render();
  EXPECT_EQ(SampleValue(text, R"(postwatch_posts_published{plugin="web",window="24h"})"), 5);
  EXPECT_EQ(SampleValue(text, R"(postwatch_posts_published{plugin="youtube",window="7d"})"), 0);
}

TEST(MetricsCatalogueTest, PerAccountSeriesAreCappedAndReportTruncation) {
  Metrics m("1.2.3", "abc");
  m.Configure({.per_account = true, .per_account_cap = 2});
  m.AddPlugin("web", "1.0.0", true, true);
  m.SetAccountSuccess({{"web", "c", 3000}, {"web", "a", 1500}, {"web", "b", 0}});
  std::string text = m.Render();
  const std::string name = kAccountLastSuccessMetric;
  EXPECT_EQ(SampleValue(text, name + R"({plugin="web",account="a"})"), 1.5);
  EXPECT_EQ(SampleValue(text, name + R"({plugin="web",account="b"})"), 0);
  EXPECT_EQ(SampleValue(text, name + R"({plugin="web",account="c"})"), std::nullopt);
  EXPECT_EQ(SampleValue(text, "postwatch_metrics_per_account_truncated"), 1);

  m.SetAccountSuccess({{"web", "a", 1500}});
  EXPECT_EQ(SampleValue(m.Render(), "postwatch_metrics_per_account_truncated"), 0);
}

TEST(MetricsCatalogueTest, PerAccountSeriesAreAbsentUnlessEnabled) {
  Metrics m("1.2.3", "abc");
  m.AddPlugin("web", "1.0.0", true, true);
  m.SetAccountSuccess({{"web", "a", 1500}});
  EXPECT_EQ(m.Render().find(kAccountLastSuccessMetric), std::string::npos);
}

TEST(MetricsCatalogueTest, PerAccountLabelValuesAreEscaped) {
  std::string out;
  AppendAccountLastSuccess({{"web", "a\"b\\c\nd", 1'700'000'000'250}}, out);
  EXPECT_NE(out.find(R"({plugin="web",account="a\"b\\c\nd"} 1700000000.250)"), std::string::npos)
      << out;
}

// Not a timing assertion: prints the render cost for the report and the bench notes.
TEST(MetricsCatalogueTest, RenderAt20000AccountsWithAndWithoutPerAccountSeries) {
  for (bool per_account : {false, true}) {
    Metrics m("1.2.3", "abc");
    m.Configure({.per_account = per_account, .per_account_cap = 20000});
    FeedFleet(m, 20000);
    std::string text;
    const int rounds = 20;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < rounds; ++i) text = m.Render();
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count() /
                rounds;
    size_t series = SampleLines(text).size();
    std::cout << "20,000 accounts, per_account=" << per_account << ": " << series << " series, "
              << text.size() << " bytes, render " << ms << " ms\n";
    EXPECT_EQ(series > 20000, per_account);
  }
}

}  // namespace
}  // namespace postwatch
