// The writer's queue, batching and failure handling, with an injected commit function
// (the Store tests cover the same paths against real SQLite).
#include "store/store_writer.h"

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store_test_util.h"

namespace postwatch {
namespace {

PollRecord Record(int64_t account_id) {
  PollRecord r;
  r.account_id = account_id;
  r.success = true;
  return r;
}

// A commit function that records what it committed and fails on demand.
class FakeDatabase {
 public:
  StoreWriter::CommitFn Fn() {
    return [this](std::span<const PollRecord> records) -> Result<std::vector<CommitResult>> {
      std::lock_guard lock(mu_);
      batch_sizes_.push_back(records.size());
      if (transient_failures_left_ > 0) {
        --transient_failures_left_;
        return Status::Unavailable("database or disk is full");
      }
      if (unknown_failures_left_ > 0) {
        --unknown_failures_left_;
        return Status::IoError("commit: unable to open database file");
      }
      std::vector<CommitResult> results;
      for (const PollRecord& r : records) {
        if (r.account_id == refused_account_) return Status::InvalidArgument("CHECK failed");
        CommitResult result;
        result.account_id = r.account_id;
        results.push_back(result);
      }
      for (const PollRecord& r : records) committed_.push_back(r.account_id);
      return results;
    };
  }

  std::mutex mu_;
  int transient_failures_left_ = 0;
  int unknown_failures_left_ = 0;  // failures the writer cannot classify
  int64_t refused_account_ = -1;
  std::vector<size_t> batch_sizes_;
  std::vector<int64_t> committed_;
};

StoreWriterOptions FastRetries() {
  StoreWriterOptions options;
  options.retry_initial_ms = 1;
  options.retry_max_ms = 2;
  return options;
}

TEST(StoreWriterTest, BatchesNeverExceedTheLimit) {
  FakeDatabase db;
  StoreWriterOptions options = FastRetries();
  options.batch_max_records = 4;
  StoreWriter writer(options, db.Fn());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(writer.Submit(Record(i)).ok());

  writer.Start();
  writer.Stop();

  EXPECT_EQ(db.batch_sizes_, (std::vector<size_t>{4, 4, 2}));
  EXPECT_EQ(db.committed_, (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(StoreWriterTest, TransientFailureKeepsTheBatchAndRetriesIt) {
  FakeDatabase db;
  db.transient_failures_left_ = 2;
  StoreWriter writer(FastRetries(), db.Fn());
  std::vector<CommitResult> reported;
  writer.SetCommitCallback([&](const std::vector<CommitResult>& results) {
    reported.insert(reported.end(), results.begin(), results.end());
  });
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(writer.Submit(Record(i)).ok());

  writer.Start();
  writer.Stop();

  EXPECT_EQ(db.committed_, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(reported.size(), 3u);
  EXPECT_EQ(writer.stats().failed_attempts, 2u);
  EXPECT_FALSE(writer.degraded());
  EXPECT_EQ(writer.last_error().message(), "database or disk is full");
}

TEST(StoreWriterTest, RefusedRecordIsIsolatedAndTheOthersAreCommitted) {
  FakeDatabase db;
  db.refused_account_ = 13;
  StoreWriter writer(FastRetries(), db.Fn());
  for (int64_t id : {1, 13, 2}) ASSERT_TRUE(writer.Submit(Record(id)).ok());

  writer.Start();
  writer.Stop();

  EXPECT_EQ(db.committed_, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(writer.stats().records_rejected, 1u);
  EXPECT_EQ(writer.stats().records_committed, 2u);
  EXPECT_EQ(writer.last_error().code(), Status::Code::kInvalidArgument);
}

TEST(StoreWriterTest, StopGivesUpOnABatchThatNeverCommitsAndCountsIt) {
  FakeDatabase db;
  db.transient_failures_left_ = 1'000'000;
  StoreWriterOptions options = FastRetries();
  options.stop_retries = 3;
  StoreWriter writer(options, db.Fn());
  ASSERT_TRUE(writer.Submit(Record(1)).ok());
  ASSERT_TRUE(writer.Submit(Record(2)).ok());

  writer.Stop();  // never started: drains on this thread

  EXPECT_TRUE(db.committed_.empty());
  EXPECT_EQ(writer.stats().records_abandoned, 2u);
  EXPECT_EQ(db.batch_sizes_.size(), 4u);  // the first attempt and three retries
  EXPECT_TRUE(writer.degraded());
}

TEST(StoreWriterTest, StopWithoutStartCommitsWhatWasQueued) {
  FakeDatabase db;
  StoreWriter writer(FastRetries(), db.Fn());
  ASSERT_TRUE(writer.Submit(Record(7)).ok());

  writer.Stop();
  writer.Stop();  // twice is fine

  EXPECT_EQ(db.committed_, std::vector<int64_t>{7});
  EXPECT_EQ(writer.queue_depth(), 0u);
  writer.Start();  // after Stop: no thread, no effect
  EXPECT_EQ(writer.Submit(Record(8)).code(), Status::Code::kUnavailable);
}

TEST(StoreWriterTest, ThrowingCallbackDoesNotStopTheWriter) {
  FakeDatabase db;
  StoreWriterOptions options = FastRetries();
  options.batch_max_records = 1;
  StoreWriter writer(options, db.Fn());
  writer.SetCommitCallback(
      [](const std::vector<CommitResult>&) { throw std::runtime_error("metrics bug"); });
  ASSERT_TRUE(writer.Submit(Record(1)).ok());
  ASSERT_TRUE(writer.Submit(Record(2)).ok());

  writer.Start();
  writer.Stop();

  EXPECT_EQ(db.committed_, (std::vector<int64_t>{1, 2}));
}

TEST(StoreWriterTest, UnrecognisedFailureIsRetriedAndNoRecordIsDropped) {
  FakeDatabase db;
  db.unknown_failures_left_ = 3;
  StoreWriter writer(FastRetries(), db.Fn());
  for (int64_t id : {1, 2, 3}) ASSERT_TRUE(writer.Submit(Record(id)).ok());

  writer.Start();
  writer.Stop();

  EXPECT_EQ(db.committed_, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(writer.stats().records_rejected, 0u);
  EXPECT_EQ(writer.stats().failed_attempts, 3u);
  EXPECT_FALSE(writer.degraded());
}

TEST(StoreWriterTest, FailureObserverHearsTheReasonOfEachFailedAttempt) {
  FakeDatabase db;
  db.transient_failures_left_ = 2;
  StoreWriter writer(FastRetries(), db.Fn());
  std::vector<std::string> reasons;
  writer.SetFailureObserver([&](std::string_view op, std::string_view reason) {
    EXPECT_EQ(op, StoreWriter::kObserverOp);
    reasons.emplace_back(reason);
  });
  ASSERT_TRUE(writer.Submit(Record(1)).ok());

  writer.Start();
  writer.Stop();

  EXPECT_EQ(reasons, (std::vector<std::string>{"full", "full"}));
  EXPECT_EQ(db.committed_, std::vector<int64_t>{1});
}

TEST(StoreWriterTest, DegradedWhileFailingAndRecoversByItself) {
  FakeDatabase db;
  {
    std::lock_guard lock(db.mu_);
    db.transient_failures_left_ = 1'000'000;
  }
  StoreWriter writer(FastRetries(), db.Fn());
  writer.Start();
  ASSERT_TRUE(writer.Submit(Record(1)).ok());
  ASSERT_TRUE(writer.Submit(Record(2)).ok());

  ASSERT_TRUE(WaitUntil([&] { return writer.degraded(); }));
  EXPECT_EQ(writer.queue_depth(), 2u);  // kept, not dropped
  {
    std::lock_guard lock(db.mu_);
    db.transient_failures_left_ = 0;  // space freed
  }
  ASSERT_TRUE(WaitUntil([&] { return writer.queue_depth() == 0; }));

  EXPECT_FALSE(writer.degraded());
  writer.Stop();
  std::lock_guard lock(db.mu_);
  EXPECT_EQ(db.committed_, (std::vector<int64_t>{1, 2}));
}

TEST(StoreWriterTest, BeginStopReleasesAProducerBlockedOnAFullQueue) {
  FakeDatabase db;
  {
    std::lock_guard lock(db.mu_);
    db.transient_failures_left_ = 1'000'000;  // the disk stays full
  }
  StoreWriterOptions options = FastRetries();
  options.queue_capacity = 2;
  options.stop_retries = 1;
  StoreWriter writer(options, db.Fn());
  writer.Start();
  ASSERT_TRUE(writer.Submit(Record(1)).ok());
  ASSERT_TRUE(writer.Submit(Record(2)).ok());
  Status third;
  std::thread producer([&] { third = writer.Submit(Record(3)); });
  ASSERT_TRUE(WaitUntil([&] { return writer.blocked_submitters() == 1; }));

  writer.BeginStop();
  producer.join();

  EXPECT_EQ(third.code(), Status::Code::kUnavailable);
  EXPECT_NE(third.message().find("full queue"), std::string::npos) << third.ToString();
  writer.Stop();
  EXPECT_EQ(writer.stats().records_abandoned, 2u);
}

TEST(StoreWriterTest, AfterBeginStopRecordsThatFitAreStillCommitted) {
  FakeDatabase db;
  StoreWriter writer(FastRetries(), db.Fn());
  writer.BeginStop();

  ASSERT_TRUE(writer.Submit(Record(4)).ok());
  writer.Stop();

  EXPECT_EQ(db.committed_, std::vector<int64_t>{4});
}

}  // namespace
}  // namespace postwatch
