// postwatchd with its state directory on a small tmpfs that fills up: it keeps polling and
// serving /metrics, reports the full store in /metrics and /healthz, and once space is
// freed it writes everything it had not written yet, each post exactly once.
#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "daemon_fixture.h"

namespace postwatch::testing {
namespace {

constexpr size_t kTmpfsBytes = 8 << 20;

// Mounts a tmpfs of `bytes` on `dir`: directly when this process may mount (root), else in
// a new user and mount namespace, which the daemon started later inherits. Returns why it
// could not, or nullopt on success.
std::optional<std::string> MountSmallTmpfs(const std::string& dir, size_t bytes) {
  const std::string options = "size=" + std::to_string(bytes) + ",mode=0700";
  if (mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0) return std::nullopt;
  const std::string as_is = std::string("mount: ") + strerror(errno);
  const uid_t uid = getuid();
  const gid_t gid = getgid();
  if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) {
    return as_is + "; unshare(CLONE_NEWUSER | CLONE_NEWNS): " + strerror(errno);
  }
  WriteFile("/proc/self/setgroups", "deny");
  WriteFile("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1");
  WriteFile("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1");
  if (mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
      mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) != 0) {
    return as_is + "; in a user namespace: " + strerror(errno);
  }
  return std::nullopt;
}

// Writes to `path` until the filesystem is full; returns the bytes written.
size_t FillDisk(const std::string& path) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return 0;
  const std::string chunk(4096, 'x');
  size_t written = 0;
  while (true) {
    ssize_t n = write(fd, chunk.data(), chunk.size());
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  close(fd);
  return written;
}

// Unmounts (lazily: the daemon may still hold files open) when the test ends, before the
// EndToEnd fixture removes its temp dir.
class Unmount {
 public:
  explicit Unmount(std::string dir) : dir_(std::move(dir)) {}
  ~Unmount() { umount2(dir_.c_str(), MNT_DETACH); }
  Unmount(const Unmount&) = delete;
  Unmount& operator=(const Unmount&) = delete;

 private:
  std::string dir_;
};

TEST(DiskFullTest, DaemonKeepsPollingWhileTheDiskIsFullAndStoresEveryPostOnceSpaceReturns) {
  SimOptions so;
  so.accounts = 12;
  so.post_interval_s = 1;
  so.initial_posts = 5;
  EndToEnd e2e(so);
  const std::string state_dir = e2e.tmp().File("state");
  std::filesystem::create_directories(state_dir);
  if (std::optional<std::string> why = MountSmallTmpfs(state_dir, kTmpfsBytes)) {
    GTEST_SKIP() << "cannot mount a small tmpfs for the state directory: " << *why;
  }
  Unmount unmount(state_dir);
  ASSERT_TRUE(e2e.StartSim());
  ASSERT_TRUE(e2e.StartDaemon()) << e2e.DaemonLog();
  const std::string listen = ReadFile(e2e.tmp().File("listen.json"));
  const std::string healthz =
      "http://127.0.0.1:" + std::to_string(std::stoi(listen.substr(listen.rfind(':') + 1))) +
      "/healthz";
  auto metric = [&](const std::string& name, const std::map<std::string, std::string>& labels) {
    return MetricValue(e2e.MetricsText(), name, labels);
  };
  ASSERT_TRUE(WaitFor([&] { return metric("postwatch_posts_seen_total", {}) > 0; },
                      std::chrono::seconds(60)))
      << e2e.DaemonLog();
  ASSERT_EQ(HttpGet(healthz).status, 200);

  // Fill the disk. New posts keep arriving, so the database must grow and cannot.
  const std::string ballast = state_dir + "/ballast";
  ASSERT_GT(FillDisk(ballast), 0u);
  ASSERT_TRUE(WaitFor([&] { return metric("postwatch_store_degraded", {}) == 1; },
                      std::chrono::seconds(90)))
      << e2e.DaemonLog();
  HttpResult health = HttpGet(healthz);
  EXPECT_EQ(health.status, 503);
  EXPECT_NE(health.body.find("store full"), std::string::npos) << health.body;
  const double full_failures =
      metric("postwatch_store_write_failures_by_reason_total", {{"reason", "full"}});
  EXPECT_GT(full_failures, 0);
  EXPECT_GT(metric("postwatch_store_write_failures_total", {{"op", "poll_batch"}}), 0);

  // Still polling, still serving /metrics, still degraded; posts served meanwhile must not
  // be lost.
  auto served_count = [&] {
    size_t n = 0;
    for (const auto& [slug, posts] : e2e.SimServed()) n += posts.size();
    return n;
  };
  const double polls = metric("postwatch_polls_total", {{"plugin", "web"}});
  const size_t served_when_degraded = served_count();
  ASSERT_TRUE(WaitFor(
      [&] {
        return metric("postwatch_polls_total", {{"plugin", "web"}}) >= polls + 2 * so.accounts &&
               served_count() >= served_when_degraded + so.accounts;
      },
      std::chrono::seconds(60)));
  EXPECT_EQ(metric("postwatch_store_degraded", {}), 1);
  EXPECT_EQ(HttpGet(healthz).status, 503);

  // Free the space: the daemon resumes by itself.
  ASSERT_TRUE(std::filesystem::remove(ballast));
  ASSERT_TRUE(WaitFor([&] { return metric("postwatch_store_degraded", {}) == 0; },
                      std::chrono::seconds(90)))
      << e2e.DaemonLog();
  EXPECT_EQ(HttpGet(healthz).status, 200);

  // No new posts from now on: once the store has everything served, it must be exactly that.
  ASSERT_TRUE(e2e.FreezeSim());
  auto stored_matches_served = [&] {
    auto served = e2e.SimServed();
    auto stored = e2e.StoredPosts();
    if (served.empty()) return false;
    for (const auto& [slug, posts] : served) {
      std::vector<std::string> want;
      for (const auto& [id, flagged] : posts) want.push_back(id);
      std::vector<std::string> got = stored[slug];
      std::sort(got.begin(), got.end());
      if (got != want) return false;
    }
    return true;
  };
  EXPECT_TRUE(WaitFor(stored_matches_served, std::chrono::seconds(60))) << e2e.DaemonLog();
  size_t served_posts = 0;
  for (const auto& [slug, posts] : e2e.SimServed()) served_posts += posts.size();
  auto total = Query(e2e.DbPath(),
                     "SELECT COUNT(*), COUNT(DISTINCT account_id || ' ' || post_id) FROM posts");
  ASSERT_EQ(total.size(), 1u);
  EXPECT_EQ(std::stoul(total[0][0]), served_posts);
  EXPECT_EQ(total[0][0], total[0][1]) << "a post is stored twice";
  std::cout << served_posts << " posts served and stored, " << served_posts - served_when_degraded
            << " of them after the disk filled up; " << full_failures
            << " commits had failed on the full disk\n";
  auto integrity = Query(e2e.DbPath(), "PRAGMA integrity_check");
  ASSERT_EQ(integrity.size(), 1u);
  EXPECT_EQ(integrity[0][0], "ok");

  const std::string log = e2e.DaemonLog();
  EXPECT_NE(log.find("writes failing, will retry"), std::string::npos) << log;
  EXPECT_NE(log.find("writes recovered"), std::string::npos) << log;
  EXPECT_EQ(log.find("dropping poll record"), std::string::npos) << log;
  int status = e2e.StopDaemon(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << e2e.DaemonLog();
  EXPECT_EQ(WEXITSTATUS(status), 0) << e2e.DaemonLog();
}

}  // namespace
}  // namespace postwatch::testing
