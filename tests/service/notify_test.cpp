// postwatchd talks to systemd through sd_notify: READY, WATCHDOG from the main loop,
// RELOADING/READY around SIGHUP, STOPPING. A NotifySocket plays systemd's part.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <regex>

#include "harness.h"
#include "notify_socket.h"
#include "service_daemon.h"

namespace postwatch::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int64_t kWatchdogUsec = 2'000'000;  // pings expected every 1 s (half of it)

std::map<std::string, std::string> NotifyEnv(const NotifySocket& socket) {
  return {{"NOTIFY_SOCKET", socket.path()}, {"WATCHDOG_USEC", std::to_string(kWatchdogUsec)}};
}

// Seconds between consecutive WATCHDOG=1 messages among the next `count` pings.
std::vector<double> WatchdogIntervals(NotifySocket& socket, int count) {
  std::vector<std::chrono::steady_clock::time_point> pings;
  while (static_cast<int>(pings.size()) < count) {
    auto m = socket.WaitFor("WATCHDOG=1", seconds(30));
    if (!m) break;
    pings.push_back(m->at);
  }
  std::vector<double> intervals;
  for (size_t i = 1; i < pings.size(); ++i) {
    intervals.push_back(std::chrono::duration<double>(pings[i] - pings[i - 1]).count());
  }
  return intervals;
}

TEST(NotifyTest, DaemonReportsReadyPingsTheWatchdogReloadsAndStops) {
  TempDir dir;
  NotifySocket socket(dir.File("notify.sock"));
  ASSERT_TRUE(socket.ok());
  ServiceDaemonOptions options;
  options.env = NotifyEnv(socket);
  ServiceDaemon daemon(dir, options);
  ASSERT_TRUE(daemon.Start(false));

  auto ready = socket.WaitFor("READY=1", seconds(60));
  ASSERT_TRUE(ready) << daemon.Log();
  EXPECT_NE(ready->text.find("STATUS="), std::string::npos) << ready->text;

  // WATCHDOG_USEC=2s: a ping about every second. Loose bounds (0.3x..1.5x of the expected
  // interval, on the median of several) keep this meaningful on a loaded machine.
  std::vector<double> intervals = WatchdogIntervals(socket, 7);
  ASSERT_EQ(intervals.size(), 6u) << daemon.Log();
  std::sort(intervals.begin(), intervals.end());
  const double median = intervals[intervals.size() / 2];
  const double expected = kWatchdogUsec / 2 / 1e6;
  EXPECT_GE(median, 0.3 * expected);
  EXPECT_LE(median, 1.5 * expected);

  ASSERT_EQ(::kill(daemon.process()->pid(), SIGHUP), 0);
  std::vector<NotifyMessage> seen;
  ASSERT_TRUE(socket.WaitFor("RELOADING=1", seconds(30), &seen)) << daemon.Log();
  ASSERT_TRUE(socket.WaitFor("READY=1", seconds(30))) << daemon.Log();

  auto status = daemon.process()->Signal(SIGTERM, seconds(60));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << daemon.Log();
  bool stopping = false;
  while (auto m = socket.Receive(milliseconds(500))) stopping = stopping || m->Has("STOPPING=1");
  EXPECT_TRUE(stopping) << daemon.Log();
}

TEST(NotifyTest, StalledMainLoopStopsTheWatchdogPings) {
  TempDir dir;
  NotifySocket socket(dir.File("notify.sock"));
  ASSERT_TRUE(socket.ok());
  ServiceDaemonOptions options;
  options.env = NotifyEnv(socket);
  options.env["POSTWATCH_TEST_STALL_LOOP_AFTER_S"] = "3";
  ServiceDaemon daemon(dir, options);
  ASSERT_TRUE(daemon.Start(false));
  ASSERT_TRUE(socket.WaitFor("READY=1", seconds(60))) << daemon.Log();
  ASSERT_TRUE(socket.WaitFor("WATCHDOG=1", seconds(30))) << "pings before the stall";

  ASSERT_TRUE(
      WaitFor([&] { return daemon.Log().find("stalling the main loop") != std::string::npos; },
              seconds(60)))
      << daemon.Log();
  // Drain what was sent before the stall, then expect silence for five ping intervals:
  // systemd would now kill and restart the service.
  while (socket.Receive(milliseconds(200))) {
  }
  EXPECT_FALSE(socket.WaitFor("WATCHDOG=1", seconds(5)));
  EXPECT_TRUE(daemon.process()->running());
}

TEST(NotifyTest, WithoutNotifySocketTheDaemonRunsAndLogsWithSyslogPrefixes) {
  TempDir dir;
  ServiceDaemonOptions options;
  options.env = {{"NOTIFY_SOCKET", ""}, {"WATCHDOG_USEC", ""}};
  ServiceDaemon daemon(dir, options);
  ASSERT_TRUE(daemon.Start()) << daemon.Log();
  auto status = daemon.process()->Signal(SIGTERM, seconds(60));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0);
  // journald reads the level from the "<N>" prefix: info lines are <6>, one record a line.
  std::string log = daemon.Log();
  EXPECT_TRUE(std::regex_search(log, std::regex("(^|\n)<6>postwatchd: ready: "))) << log;
  EXPECT_TRUE(std::regex_search(log, std::regex("(^|\n)<6>postwatchd: received SIGTERM\n"))) << log;
}

}  // namespace
}  // namespace postwatch::testing
