// The retention job deletes history older than retention_days, batch by batch, and keeps
// everything newer.
#include "admin/retention_job.h"

#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <sstream>

#include "admin/stewardship_metrics.h"
#include "base/time_format.h"
#include "store_test_util.h"

namespace postwatch {
namespace {

constexpr int64_t kDay = 24 * 3600;
constexpr int64_t kNow = 1'750'000'000;  // Unix seconds

class RetentionJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.path = dir_.File("pw.db");
    options.batch_max_delay_ms = 0;
    Result<std::unique_ptr<Store>> store = Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    Result<int64_t> id = store_->AddAccount(Spec("web", "https://a.example"));
    ASSERT_TRUE(id.ok());
    account_ = *id;
  }

  // Commits one poll, started `age_days` ago, with `posts` posts published that long ago,
  // each with one flagged link.
  void AddPoll(int age_days, int posts, const std::string& prefix) {
    std::vector<StoredPost> stored;
    for (int i = 0; i < posts; ++i) {
      stored.push_back(MakePost(prefix + std::to_string(i), kNow - age_days * kDay,
                                {"https://flagged.example/" + prefix}, "demo"));
    }
    PollRecord record = SuccessRecord(account_, std::move(stored));
    record.started_ms = (kNow - age_days * kDay) * 1000;
    record.finished_ms = record.started_ms + 100;
    ASSERT_TRUE(store_->Submit(std::move(record)).ok());
  }

  std::string MetricsText() {
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, registry_.Collect());
    return out.str();
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  int64_t account_ = 0;
  prometheus::Registry registry_;
};

TEST_F(RetentionJobTest, HistoryOlderThanTheRetentionAgeIsDeletedAndNewerIsKept) {
  store_->Start();
  AddPoll(500, 7, "old");
  AddPoll(401, 1, "edge");
  AddPoll(399, 2, "recent");
  AddPoll(1, 3, "new");
  ASSERT_TRUE(WaitUntil([&] { return store_->CountPosts().ok() && *store_->CountPosts() == 13; }));

  StewardshipMetrics metrics(registry_);
  RetentionOptions options;
  options.retention_days = 400;
  options.batch_rows = 3;  // several batches
  options.pause_between_batches = std::chrono::milliseconds(0);
  RetentionJob job(options, *store_, &metrics);
  Result<RetentionRun> run = job.RunOnce(kNow * 1000);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->deleted.posts, 8);
  EXPECT_EQ(run->deleted.links, 8);
  EXPECT_EQ(run->deleted.flag_hits, 8);
  EXPECT_EQ(run->deleted.poll_history, 2);
  EXPECT_GE(run->batches, 3);
  store_->Stop();

  EXPECT_EQ(CountRows(dir_.File("pw.db"), "posts"), 5);
  EXPECT_EQ(CountRows(dir_.File("pw.db"), "links"), 5);
  EXPECT_EQ(CountRows(dir_.File("pw.db"), "flag_hits"), 5);
  EXPECT_EQ(CountRows(dir_.File("pw.db"), "poll_history"), 2);
  std::string text = MetricsText();
  EXPECT_NE(text.find("postwatch_retention_deleted_total{table=\"posts\"} 8"), std::string::npos)
      << text;
  EXPECT_NE(text.find("postwatch_retention_runs_total{result=\"ok\"} 1"), std::string::npos);

  Result<RetentionRun> again = job.RunOnce(kNow * 1000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->deleted.posts, 0) << "a second run finds nothing more";
}

TEST_F(RetentionJobTest, ZeroDaysKeepsEverything) {
  store_->Start();
  AddPoll(5000, 2, "ancient");
  ASSERT_TRUE(WaitUntil([&] { return store_->CountPosts().ok() && *store_->CountPosts() == 2; }));
  RetentionOptions options;
  options.retention_days = 0;
  RetentionJob job(options, *store_, nullptr);
  Result<RetentionRun> run = job.RunOnce(kNow * 1000);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->deleted.posts, 0);
  EXPECT_EQ(*store_->CountPosts(), 2);
  job.SetRetentionDays(30);
  run = job.RunOnce(kNow * 1000);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->deleted.posts, 2) << "a reload can switch retention on";
}

TEST_F(RetentionJobTest, PostsWithoutAPublishedTimeAgeFromWhenTheyWereFirstSeen) {
  store_->Start();
  std::vector<StoredPost> undated = {MakePost("undated", 0)};
  ASSERT_TRUE(store_->Submit(SuccessRecord(account_, undated)).ok());
  ASSERT_TRUE(WaitUntil([&] { return store_->CountPosts().ok() && *store_->CountPosts() == 1; }));
  RetentionOptions options;
  options.retention_days = 10;
  RetentionJob job(options, *store_, nullptr);
  // First seen now: kept today, deleted when judged 11 days from now.
  ASSERT_TRUE(job.RunOnce(UnixNowMs()).ok());
  EXPECT_EQ(*store_->CountPosts(), 1);
  ASSERT_TRUE(job.RunOnce(UnixNowMs() + 11 * kDay * 1000).ok());
  EXPECT_EQ(*store_->CountPosts(), 0);
}

}  // namespace
}  // namespace postwatch
