// The store end to end on a real SQLite file: opening, the writer, commit results, queries.
#include "store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store_test_util.h"

namespace postwatch {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { options_.path = dir_.File("pw.db"); }

  // Opens the store and registers accounts "a" and "b".
  void Open() {
    Result<std::unique_ptr<Store>> store = Store::Open(options_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    store_->SetCommitCallback([this](const std::vector<CommitResult>& results) {
      std::lock_guard lock(mu_);
      results_.insert(results_.end(), results.begin(), results.end());
    });
    Result<int64_t> a = store_->AddAccount(Spec("web", "https://a.example"));
    Result<int64_t> b = store_->AddAccount(Spec("web", "https://b.example"));
    ASSERT_TRUE(a.ok() && b.ok());
    a_ = *a;
    b_ = *b;
  }

  std::vector<CommitResult> Results() {
    std::lock_guard lock(mu_);
    return results_;
  }

  Account Get(int64_t id) {
    Result<Account> account = store_->GetAccount(id);
    EXPECT_TRUE(account.ok()) << account.status().ToString();
    return account.ok() ? *account : Account{};
  }

  TempDir dir_;
  StoreOptions options_;
  std::unique_ptr<Store> store_;
  int64_t a_ = 0;
  int64_t b_ = 0;
  std::mutex mu_;
  std::vector<CommitResult> results_;
};

TEST_F(StoreTest, DatabaseFromANewerPostwatchdIsRefused) {
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(options_.path.c_str(), &raw), SQLITE_OK);
    SqliteHandle db(raw);
    ASSERT_EQ(sqlite3_exec(raw, "PRAGMA user_version = 1000", nullptr, nullptr, nullptr),
              SQLITE_OK);
  }

  Result<std::unique_ptr<Store>> store = Store::Open(options_);

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(store.status().message().find("newer"), std::string::npos) << store.status().ToString();
}

TEST_F(StoreTest, OpeningInAMissingDirectoryFailsWithTheFileName) {
  options_.path = dir_.File("no/such/dir/pw.db");
  Result<std::unique_ptr<Store>> store = Store::Open(options_);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("no/such/dir/pw.db"), std::string::npos)
      << store.status().ToString();
}

TEST_F(StoreTest, DuplicatePostIdsAcrossSubmitsCountOnce) {
  Open();
  store_->Start();
  ASSERT_TRUE(store_->Submit(SuccessRecord(a_, {MakePost("1", 100), MakePost("2", 200)})).ok());
  ASSERT_TRUE(store_->Submit(SuccessRecord(a_, {MakePost("1", 100), MakePost("2", 200)})).ok());
  // The same post id on another account is another post.
  ASSERT_TRUE(store_->Submit(SuccessRecord(b_, {MakePost("1", 100)})).ok());
  store_->Stop();

  std::vector<CommitResult> results = Results();
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].new_posts, 2);
  EXPECT_EQ(results[0].new_published_at, (std::vector<int64_t>{100, 200}));
  EXPECT_EQ(results[1].new_posts, 0);
  EXPECT_TRUE(results[1].new_published_at.empty());
  EXPECT_EQ(results[2].new_posts, 1);
  EXPECT_EQ(*store_->CountPosts(a_), 2);
  EXPECT_EQ(*store_->CountPosts(), 3);
}

TEST_F(StoreTest, LinksAndFlagHitsAreStoredOnlyForNewPosts) {
  Open();
  store_->Start();
  ASSERT_TRUE(
      store_->Submit(SuccessRecord(a_, {MakePost("1", 100, {"https://bad.test/x"}, "scam")})).ok());
  // Re-polled: same post, now with an extra link and hit; then a genuinely new post.
  ASSERT_TRUE(store_
                  ->Submit(SuccessRecord(
                      a_, {MakePost("1", 100, {"https://bad.test/x", "https://bad.test/y"}, "scam"),
                           MakePost("2", 300, {"https://bad.test/z"}, "spam")}))
                  .ok());
  store_->Stop();

  std::vector<CommitResult> results = Results();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].new_links, 1);
  EXPECT_EQ(results[0].flagged_lists, std::vector<std::string>{"scam"});
  EXPECT_EQ(results[1].new_posts, 1);
  EXPECT_EQ(results[1].new_links, 1);
  EXPECT_EQ(results[1].flagged_lists, std::vector<std::string>{"spam"});
  EXPECT_EQ(CountRows(options_.path, "links"), 2);
  EXPECT_EQ(*store_->CountFlagHitsByList(),
            (std::map<std::string, int64_t>{{"scam", 1}, {"spam", 1}}));
}

TEST_F(StoreTest, CursorAndValidatorsAreCommittedWithThePosts) {
  Open();
  PollRecord first = SuccessRecord(a_, {MakePost("1", 500)});
  first.cursor = "page-2";
  first.etag = "\"e1\"";
  first.canonical_id = "feed:a";
  first.finished_ms = 5'000;
  first.next_due_ms = 905'000;
  PollRecord second = SuccessRecord(a_, {MakePost("0", 400)});  // older post, cursor unset
  second.etag = "\"e2\"";
  second.last_modified = "Mon, 12 Feb 2024 12:45:08 GMT";
  second.finished_ms = 6'000;
  second.next_due_ms = 906'000;
  store_->Start();
  ASSERT_TRUE(store_->Submit(first).ok());
  ASSERT_TRUE(store_->Submit(second).ok());
  store_->Stop();

  Account account = Get(a_);
  EXPECT_EQ(account.cursor, "page-2");  // an unset optional leaves the stored value
  EXPECT_EQ(account.etag, "\"e2\"");
  EXPECT_EQ(account.last_modified, "Mon, 12 Feb 2024 12:45:08 GMT");
  EXPECT_EQ(account.canonical_id, "feed:a");
  EXPECT_EQ(account.last_published_at, 500);  // the maximum, not the latest record's
  EXPECT_EQ(account.last_poll_ms, 6'000);
  EXPECT_EQ(account.last_success_ms, 6'000);
  EXPECT_EQ(account.next_due_ms, 906'000);
  EXPECT_EQ(account.consecutive_failures, 0);
  EXPECT_EQ(CountRows(options_.path, "poll_history"), 2);
}

TEST_F(StoreTest, FailedPollUpdatesSchedulingAndKeepsLastSuccess) {
  Open();
  PollRecord ok = SuccessRecord(a_);
  ok.finished_ms = 1'000;
  PollRecord failed = SuccessRecord(a_);
  failed.success = false;
  failed.failure_reason = "timeout";
  failed.http_status = 0;
  failed.finished_ms = 2'000;
  failed.status = AccountStatus::kBackoff;
  failed.consecutive_failures = 3;
  failed.last_error = "timed out after 30 s";
  failed.next_due_ms = 123'456;
  store_->Start();
  ASSERT_TRUE(store_->Submit(ok).ok());
  ASSERT_TRUE(store_->Submit(failed).ok());
  store_->Stop();

  Account account = Get(a_);
  EXPECT_EQ(account.status, AccountStatus::kBackoff);
  EXPECT_EQ(account.consecutive_failures, 3);
  EXPECT_EQ(account.last_error, "timed out after 30 s");
  EXPECT_EQ(account.next_due_ms, 123'456);
  EXPECT_EQ(account.last_poll_ms, 2'000);
  EXPECT_EQ(account.last_success_ms, 1'000);
  EXPECT_EQ(CountRows(options_.path, "poll_history WHERE success = 0 AND reason = 'timeout'"), 1);
}

TEST_F(StoreTest, NotModifiedOnlyTouchesTheAccountRow) {
  Open();
  PollRecord not_modified = SuccessRecord(a_);
  not_modified.not_modified = true;
  not_modified.http_status = 304;
  not_modified.finished_ms = 9'000;
  not_modified.next_due_ms = 42'000;
  store_->Start();
  ASSERT_TRUE(store_->Submit(not_modified).ok());
  store_->Stop();

  Account account = Get(a_);
  EXPECT_EQ(account.next_due_ms, 42'000);
  EXPECT_EQ(account.last_success_ms, 9'000);
  EXPECT_EQ(CountRows(options_.path, "poll_history"), 0);
  ASSERT_EQ(Results().size(), 1u);
  EXPECT_EQ(Results()[0].new_posts, 0);
}

TEST_F(StoreTest, QueuedRecordsShareOneTransaction) {
  Open();
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(store_->Submit(SuccessRecord(a_, {MakePost(std::to_string(i), i)})).ok());
  }
  EXPECT_EQ(store_->queue_depth(), 100u);

  store_->Start();
  store_->Stop();

  EXPECT_EQ(store_->writer_stats().batches_committed, 1u);
  EXPECT_EQ(store_->writer_stats().records_committed, 100u);
  EXPECT_EQ(*store_->CountPosts(a_), 100);
}

TEST_F(StoreTest, BatchesAreCappedAtBatchMaxRecords) {
  options_.batch_max_records = 10;
  Open();
  for (int i = 0; i < 95; ++i) {
    ASSERT_TRUE(store_->Submit(SuccessRecord(a_, {MakePost(std::to_string(i), i)})).ok());
  }
  store_->Start();
  store_->Stop();

  EXPECT_EQ(store_->writer_stats().batches_committed, 10u);
  EXPECT_EQ(*store_->CountPosts(a_), 95);
}

TEST_F(StoreTest, StopDrainsEverythingSubmittedByConcurrentProducers) {
  options_.queue_capacity = 16;
  options_.batch_max_records = 8;
  Open();
  store_->Start();
  std::vector<std::thread> producers;
  for (int64_t account : {a_, b_}) {
    producers.emplace_back([this, account] {
      for (int i = 0; i < 250; ++i) {
        EXPECT_TRUE(store_->Submit(SuccessRecord(account, {MakePost(std::to_string(i), i)})).ok());
      }
    });
  }
  for (std::thread& t : producers) t.join();
  store_->Stop();

  EXPECT_EQ(store_->queue_depth(), 0u);
  EXPECT_EQ(*store_->CountPosts(), 500);
  EXPECT_EQ(Results().size(), 500u);
  EXPECT_EQ(store_->Submit(SuccessRecord(a_)).code(), Status::Code::kUnavailable);
}

TEST_F(StoreTest, SubmitBlocksWhenTheQueueIsFullAndNothingIsDropped) {
  options_.queue_capacity = 2;
  Open();
  ASSERT_TRUE(store_->Submit(SuccessRecord(a_, {MakePost("1", 1)})).ok());
  ASSERT_TRUE(store_->Submit(SuccessRecord(a_, {MakePost("2", 2)})).ok());
  std::atomic<bool> third_returned = false;
  std::thread producer([&] {
    EXPECT_TRUE(store_->Submit(SuccessRecord(a_, {MakePost("3", 3)})).ok());
    third_returned = true;
  });

  ASSERT_TRUE(WaitUntil([&] { return store_->blocked_submitters() == 1; }));
  EXPECT_FALSE(third_returned);
  EXPECT_EQ(store_->queue_depth(), 2u);

  store_->Start();  // the writer frees space; the blocked Submit goes through
  producer.join();
  store_->Stop();

  EXPECT_TRUE(third_returned);
  EXPECT_EQ(*store_->CountPosts(a_), 3);
}

TEST_F(StoreTest, RecordOfARemovedAccountIsDiscardedWithoutBlockingOthers) {
  Open();
  ASSERT_TRUE(store_->Submit(SuccessRecord(a_, {MakePost("1", 1, {"https://x.test"}, "l")})).ok());
  ASSERT_TRUE(store_->Submit(SuccessRecord(b_, {MakePost("1", 1)})).ok());
  ASSERT_TRUE(store_->RemoveAccount(a_).ok());  // while its poll waits in the queue

  store_->Start();
  store_->Stop();

  EXPECT_FALSE(store_->degraded());
  EXPECT_EQ(store_->writer_stats().records_rejected, 0u);
  std::vector<CommitResult> results = Results();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].new_posts, 0);
  EXPECT_TRUE(results[0].flagged_lists.empty());
  EXPECT_EQ(results[1].new_posts, 1);
  EXPECT_EQ(*store_->CountPosts(), 1);
}

TEST_F(StoreTest, LockedDatabaseDegradesThenRecoversWithoutLosingRecords) {
  options_.busy_timeout_ms = 10;
  options_.retry_initial_ms = 5;
  options_.retry_max_ms = 20;
  Open();
  // Another process holds the write lock.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(options_.path.c_str(), &raw), SQLITE_OK);
  SqliteHandle other(raw);
  ASSERT_EQ(sqlite3_exec(raw, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

  store_->Start();
  ASSERT_TRUE(store_->Submit(SuccessRecord(a_, {MakePost("1", 1)})).ok());
  ASSERT_TRUE(WaitUntil([&] { return store_->degraded(); }));
  EXPECT_EQ(store_->last_error().code(), Status::Code::kUnavailable);
  EXPECT_EQ(store_->queue_depth(), 1u);
  EXPECT_EQ(*store_->CountPosts(), 0);

  ASSERT_EQ(sqlite3_exec(raw, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_TRUE(WaitUntil([&] { return store_->queue_depth() == 0; }));
  store_->Stop();

  EXPECT_FALSE(store_->degraded());
  EXPECT_EQ(*store_->CountPosts(), 1);
  EXPECT_GE(store_->writer_stats().failed_attempts, 1u);
}

TEST_F(StoreTest, WriteObserverSeesCommitsAndRegistryWrites) {
  std::mutex mu;
  std::vector<std::pair<std::string, bool>> seen;
  Open();
  store_->SetWriteObserver([&](std::string_view op, double seconds, bool ok) {
    EXPECT_GE(seconds, 0.0);
    std::lock_guard lock(mu);
    seen.emplace_back(std::string(op), ok);
  });
  ASSERT_TRUE(store_->SyncAccounts({Spec("web", "https://a.example")}).ok());
  store_->Start();
  ASSERT_TRUE(store_->Submit(SuccessRecord(a_, {MakePost("1", 1)})).ok());
  store_->Stop();

  std::lock_guard lock(mu);
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, bool>>{{"sync_accounts", true},
                                                             {"poll_batch", true}}));
}

TEST_F(StoreTest, DatabaseSizeGrowsWithStoredPosts) {
  Open();
  Result<int64_t> before = store_->DatabaseSizeBytes();
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_GT(*before, 0);
  std::vector<StoredPost> posts;
  for (int i = 0; i < 2000; ++i) {
    posts.push_back(MakePost("post-" + std::to_string(i), i,
                             {"https://example.net/long/" + std::string(200, 'x')}));
  }
  store_->Start();
  ASSERT_TRUE(store_->Submit(SuccessRecord(a_, std::move(posts))).ok());
  store_->Stop();

  Result<int64_t> after = store_->DatabaseSizeBytes();
  ASSERT_TRUE(after.ok());
  EXPECT_GT(*after, *before + 2000 * 200);
}

}  // namespace
}  // namespace postwatch
