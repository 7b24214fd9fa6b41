// Circuit breakers in the running daemon: a host that keeps failing is suspended (and shown
// in postwatch_breaker_open_hosts), probed once after the breaker's delay, and resumed when
// the probe succeeds; accounts on other hosts keep their schedules throughout.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon_fixture.h"

namespace postwatch::testing {
namespace {

// A loopback port nothing listens on (bound, read, released).
int UnusedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
  socklen_t size = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
  ::close(fd);
  return ntohs(addr.sin_port);
}

int64_t PostsOfDownAccounts(EndToEnd& e2e) {
  auto rows = Query(e2e.DbPath(),
                    "SELECT COUNT(*) FROM posts p JOIN accounts a ON a.id = p.account_id "
                    "WHERE a.member_ref LIKE 'down%'");
  return rows.empty() ? 0 : std::stoll(rows[0][0]);
}

TEST(BreakerTest, AFailingHostIsSuspendedProbedAndResumedWhileOtherHostsKeepTheirSchedule) {
  SimOptions so;
  so.accounts = 10;
  EndToEnd e2e(so);
  ASSERT_TRUE(e2e.StartSim());

  // Three more web accounts on a host that refuses connections: "localhost" on a port where
  // nothing listens yet. The ten sim accounts stay on 127.0.0.1, another host.
  const int down_port = UnusedPort();
  ASSERT_GT(down_port, 0);
  rapidjson::Document registry;
  registry.Parse(ReadFile(e2e.RegistryPath()).c_str());
  ASSERT_TRUE(registry.IsObject());
  auto& alloc = registry.GetAllocator();
  for (int k = 0; k < 3; ++k) {
    rapidjson::Value account(rapidjson::kObjectType);
    std::string member = "down" + std::to_string(k);
    std::string url =
        "http://localhost:" + std::to_string(down_port) + "/acct-" + std::to_string(k) + "/feed";
    account.AddMember("member_ref", rapidjson::Value(member.c_str(), alloc), alloc);
    account.AddMember("display_name", rapidjson::Value(member.c_str(), alloc), alloc);
    account.AddMember("group", "down", alloc);
    account.AddMember("platform", "web", alloc);
    account.AddMember("registered", rapidjson::Value(url.c_str(), alloc), alloc);
    registry["accounts"].PushBack(account, alloc);
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  registry.Accept(writer);
  WriteFile(e2e.RegistryPath(), buffer.GetString());

  e2e.AllowHost("localhost:" + std::to_string(down_port));
  e2e.set_scheduler_extra(
      R"(, "breaker_failures": 3, "breaker_base_delay_s": 4, "breaker_max_delay_s": 4)");
  ASSERT_TRUE(e2e.StartDaemon()) << e2e.DaemonLog();

  // The breaker of the failing host opens; its accounts' polls wait instead of going out.
  ASSERT_TRUE(WaitFor(
      [&] {
        return MetricValue(e2e.MetricsText(), "postwatch_breaker_open_hosts",
                           {{"plugin", "web"}}) == 1;
      },
      std::chrono::seconds(30)))
      << e2e.DaemonLog();
  auto at_open = e2e.SimRequestsPerAccount();
  // Meanwhile every account of the healthy host is polled on schedule (1 s interval).
  ASSERT_TRUE(WaitFor(
      [&] {
        auto now = e2e.SimRequestsPerAccount();
        for (int i = 0; i < so.accounts; ++i) {
          std::string slug = "acct-" + std::to_string(i);
          if (now[slug] < at_open[slug] + 2) return false;
        }
        return true;
      },
      std::chrono::seconds(20)))
      << e2e.DaemonLog();
  std::string metrics = e2e.MetricsText();
  EXPECT_GT(MetricValue(metrics, "postwatch_polls_deferred_total",
                        {{"plugin", "web"}, {"reason", "breaker"}}),
            0);
  EXPECT_EQ(PostsOfDownAccounts(e2e), 0);

  // The host comes back: a simulator starts on its port. The next probe succeeds, the
  // breaker closes, and the suspended accounts are polled and stored.
  TempDir second_dir;
  Process second({SimPath(), "--accounts", "10", "--seed", std::to_string(so.seed), "--port",
                  std::to_string(down_port), "--platforms", "web"},
                 second_dir.File("sim.log"));
  ASSERT_TRUE(WaitFor(
      [&] {
        return MetricValue(e2e.MetricsText(), "postwatch_breaker_open_hosts",
                           {{"plugin", "web"}}) == 0 &&
               PostsOfDownAccounts(e2e) > 0;
      },
      std::chrono::seconds(40)))
      << e2e.DaemonLog();
  EXPECT_NE(e2e.DaemonLog().find("circuit breaker closed"), std::string::npos);
  int status = e2e.StopDaemon(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << e2e.DaemonLog();
}

}  // namespace
}  // namespace postwatch::testing
