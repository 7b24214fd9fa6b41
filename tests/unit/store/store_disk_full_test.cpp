// The store on a real full filesystem (a small tmpfs): SQLITE_FULL degrades it, the record
// is kept, and it is committed by itself once space is freed.
#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"
#include "store_test_util.h"

namespace postwatch {
namespace {

// Writes to `path` until the filesystem is full; returns the bytes written.
size_t FillDisk(const std::string& path) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return 0;
  const std::string chunk(4096, 'x');
  size_t written = 0;
  for (ssize_t n = 0; (n = write(fd, chunk.data(), chunk.size())) > 0;) {
    written += static_cast<size_t>(n);
  }
  close(fd);
  return written;
}

class StoreDiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(fs_);
    if (mount("tmpfs", fs_.c_str(), "tmpfs", 0, "size=1m,mode=0700") != 0) {
      GTEST_SKIP() << "cannot mount a small tmpfs (needs root): " << strerror(errno);
    }
    mounted_ = true;
  }
  void TearDown() override {
    store_.reset();
    if (mounted_) umount2(fs_.c_str(), MNT_DETACH);
  }

  TempDir dir_;
  const std::string fs_ = dir_.File("fs");
  bool mounted_ = false;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreDiskFullTest, FullDiskKeepsTheRecordAndCommitsItOnceSpaceIsFreed) {
  StoreOptions options;
  options.path = fs_ + "/pw.db";
  options.retry_initial_ms = 5;
  options.retry_max_ms = 20;
  Result<std::unique_ptr<Store>> store = Store::Open(options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  store_ = std::move(*store);
  std::mutex mu;
  std::vector<std::string> reasons;
  store_->SetFailureObserver([&](std::string_view, std::string_view reason) {
    std::lock_guard lock(mu);
    reasons.emplace_back(reason);
  });
  Result<int64_t> account = store_->AddAccount(Spec("web", "https://a.example"));
  ASSERT_TRUE(account.ok()) << account.status().ToString();
  store_->Start();

  const std::string ballast = fs_ + "/ballast";
  ASSERT_GT(FillDisk(ballast), 0u);
  std::vector<StoredPost> posts;
  for (int i = 0; i < 500; ++i) {
    posts.push_back(MakePost("post-" + std::to_string(i), i,
                             {"https://example.net/" + std::string(200, 'x')}, "scam"));
  }
  PollRecord record = SuccessRecord(*account, std::move(posts));
  record.cursor = "after-500";
  ASSERT_TRUE(store_->Submit(std::move(record)).ok());

  ASSERT_TRUE(WaitUntil([&] { return store_->degraded(); }));
  EXPECT_EQ(store_->degraded_reason(), "full") << store_->last_error().ToString();
  EXPECT_EQ(store_->queue_depth(), 1u);  // kept for a retry
  EXPECT_EQ(*store_->CountPosts(), 0);
  EXPECT_EQ(store_->GetAccount(*account)->cursor, "");  // the cursor did not move either

  ASSERT_TRUE(std::filesystem::remove(ballast));
  ASSERT_TRUE(WaitUntil([&] { return store_->queue_depth() == 0; }));

  EXPECT_FALSE(store_->degraded());
  EXPECT_EQ(store_->degraded_reason(), "");
  EXPECT_EQ(*store_->CountPosts(), 500);
  EXPECT_EQ(store_->GetAccount(*account)->cursor, "after-500");
  EXPECT_EQ(store_->writer_stats().records_rejected, 0u);
  {
    std::lock_guard lock(mu);
    ASSERT_FALSE(reasons.empty());
    EXPECT_EQ(reasons.front(), "full");
  }
  store_->Stop();
  store_.reset();
  Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(options.path, {});
  ASSERT_TRUE(db.ok());
  Result<Statement> check = (*db)->Prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check.ok());
  ASSERT_TRUE(*check->Step());
  EXPECT_EQ(check->ColumnText(0), "ok");
}

}  // namespace
}  // namespace postwatch
