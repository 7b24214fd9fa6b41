// Posting activity from the store: window counts by published time, per platform and group,
// exported as gauges by the ActivityExporter.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "metrics/activity_exporter.h"
#include "metrics/metrics.h"
#include "metrics_text.h"
#include "store/activity_queries.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace postwatch {
namespace {

constexpr int64_t kNow = 1'750'000'000;  // pinned clock, Unix seconds
constexpr int64_t kDay = 86400;

class ActivityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "pw_activity.XXXXXX");
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    db_path_ = dir_ + "/postwatch.db";
    StoreOptions options;
    options.path = db_path_;
    auto store = Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    std::vector<AccountSpec> specs;
    auto spec = [](std::string platform, std::string registered, std::string group) {
      AccountSpec s;
      s.platform = std::move(platform);
      s.registered = std::move(registered);
      s.group = std::move(group);
      return s;
    };
    specs.push_back(spec("web", "https://a.example/feed", "city/a"));  // id 1
    specs.push_back(spec("web", "https://b.example/feed", "city/a"));  // id 2
    specs.push_back(spec("web", "https://c.example/feed", "city/b"));  // id 3
    specs.push_back(spec("youtube", "UC-d", "city/b"));                // id 4
    specs.push_back(spec("youtube", "UC-e", "city/b"));                // id 5, never posts
    ASSERT_TRUE((*store)->SyncAccounts(specs).ok());
  }

  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Inserts posts of the account registered as `registered`, published `ages` seconds
  // before kNow (a negative age is a future date, 0 an unknown one).
  void AddPosts(const std::string& registered, const std::vector<int64_t>& ages) {
    auto db = SqliteDb::Open(db_path_, {});
    ASSERT_TRUE(db.ok());
    for (int64_t age : ages) {
      std::string published = age == 0 ? "0" : std::to_string(kNow - age);
      std::string id = registered + "#" + std::to_string(next_post_++);
      ASSERT_TRUE((*db)
                      ->Exec("INSERT INTO posts (account_id, post_id, published_at, first_seen_ms) "
                             "SELECT id, '" +
                             id + "', " + published + ", 0 FROM accounts WHERE registered = '" +
                             registered + "'")
                      .ok());
    }
  }

  std::string dir_;
  std::string db_path_;
  int next_post_ = 0;
};

TEST_F(ActivityTest, CountsPostsPerPlatformAndGroupByPublishedTime) {
  AddPosts("https://a.example/feed", {3600, 2 * kDay, 10 * kDay, 40 * kDay});
  AddPosts("https://b.example/feed", {60, 0, -3600});  // unknown and future dates not counted
  AddPosts("https://c.example/feed", {6 * kDay});
  AddPosts("UC-d", {29 * kDay});
  auto queries = ActivityQueries::Open(db_path_);
  ASSERT_TRUE(queries.ok()) << queries.status().ToString();
  auto rows = (*queries)->PostsPublished({kNow - kDay, kNow - 7 * kDay, kNow - 30 * kDay}, kNow);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].platform, "web");
  EXPECT_EQ((*rows)[0].group, "city/a");
  EXPECT_EQ((*rows)[0].posts, (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ((*rows)[1].group, "city/b");
  EXPECT_EQ((*rows)[1].posts, (std::vector<int64_t>{0, 1, 1}));
  EXPECT_EQ((*rows)[2].platform, "youtube");
  EXPECT_EQ((*rows)[2].posts, (std::vector<int64_t>{0, 0, 1}));
}

TEST_F(ActivityTest, PostsPublishedWalksThePostsIndexNotTheWholeTable) {
  auto queries = ActivityQueries::Open(db_path_);
  ASSERT_TRUE(queries.ok());
  auto plan = (*queries)->PostsPublishedPlan();
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  bool index_range = false;
  for (const std::string& step : *plan) {
    EXPECT_EQ(step.find("SCAN p"), std::string::npos) << step;
    if (step.find("posts_by_account_published") != std::string::npos &&
        step.find("published_at>?") != std::string::npos) {
      index_range = true;
    }
  }
  std::string text;
  for (const std::string& step : *plan) text += step + "\n";
  EXPECT_TRUE(index_range) << "plan does not use posts(account_id, published_at):\n" << text;
}

TEST_F(ActivityTest, AccountsPerGroupCountsEveryAccount) {
  auto queries = ActivityQueries::Open(db_path_);
  ASSERT_TRUE(queries.ok());
  auto groups = (*queries)->AccountsPerGroup();
  ASSERT_TRUE(groups.ok());
  EXPECT_EQ(*groups, (std::map<std::string, int64_t>{{"city/a", 2}, {"city/b", 3}}));
}

TEST_F(ActivityTest, ExporterPublishesWindowGaugesWithGroupLabels) {
  AddPosts("https://a.example/feed", {3600, 2 * kDay});
  AddPosts("https://c.example/feed", {3600});
  AddPosts("UC-d", {3 * kDay});
  Metrics metrics("1.2.3", "abc");
  metrics.Configure({.group_label_top_n = 1});
  metrics.AddPlugin("web", "1", true, true);
  metrics.AddPlugin("youtube", "1", true, true);
  ActivityExporter exporter({db_path_, dir_, std::chrono::hours(1), [] { return kNow; }}, metrics);
  ASSERT_TRUE(exporter.Start().ok());
  exporter.Stop();
  const std::string text = metrics.Render();
  // city/b has 3 accounts, city/a 2: only city/b keeps its name.
  EXPECT_EQ(
      SampleValue(text, R"(postwatch_posts_published{group="other",plugin="web",window="24h"})"),
      1);
  EXPECT_EQ(
      SampleValue(text, R"(postwatch_posts_published{group="other",plugin="web",window="7d"})"), 2);
  EXPECT_EQ(
      SampleValue(text, R"(postwatch_posts_published{group="city/b",plugin="web",window="24h"})"),
      1);
  EXPECT_EQ(SampleValue(
                text, R"(postwatch_posts_published{group="city/b",plugin="youtube",window="7d"})"),
            1);
  EXPECT_EQ(SampleValue(
                text, R"(postwatch_posts_published{group="city/b",plugin="youtube",window="24h"})"),
            0);
  EXPECT_GT(SampleValue(text, "postwatch_store_filesystem_size_bytes").value_or(0), 0);
  EXPECT_EQ(metrics.GroupLabel("city/b"), "city/b");
}

TEST(ActivityExporterTest, MissingDatabaseFailsWithoutCrashing) {
  Metrics metrics("1.2.3", "abc");
  ActivityExporter exporter({"/nonexistent/postwatch.db", "", std::chrono::hours(1), nullptr},
                            metrics);
  EXPECT_FALSE(exporter.Start().ok());
  exporter.Stop();
}

}  // namespace
}  // namespace postwatch
