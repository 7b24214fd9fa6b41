// The dashboards against a real Prometheus: postwatch-sim feeds postwatchd, the Debian
// `prometheus` binary scrapes it every second on loopback with a temporary TSDB, and every
// panel query and variable query of every dashboard must return data — no errors, no empty
// results, not all NaN. promtool checks the scrape, the example config and the rules.
//
// Skips with a message when prometheus or promtool is missing (scripts/install-deps
// installs the `prometheus` package).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "daemon_fixture.h"
#include "dashboard_model.h"
#include "harness.h"
#include "prometheus_api.h"

namespace postwatch::dashboards {
namespace {

using testing::EndToEnd;
using testing::Process;
using testing::ReadFile;
using testing::RunCommand;
using testing::SimOptions;
using testing::WaitFor;
using testing::WriteFile;

std::string Tool(const char* env, const char* fallback) {
  const char* v = std::getenv(env);
  return v && *v ? v : fallback;
}
std::string PrometheusPath() { return Tool("POSTWATCH_PROMETHEUS", "/usr/bin/prometheus"); }
std::string PromtoolPath() { return Tool("POSTWATCH_PROMTOOL", "/usr/bin/promtool"); }
bool Executable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

// A free loopback port: bound, read back, released. Prometheus cannot report the port it
// bound, so the test picks one; a lost race shows up as Prometheus failing to start.
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

void Replace(std::string& s, const std::string& from, const std::string& to) {
  auto pos = s.find(from);
  ASSERT_NE(pos, std::string::npos) << "prometheus.yml no longer contains '" << from << "'";
  s.replace(pos, from.size(), to);
}

// The rate windows a panel query is evaluated with: Grafana's $__rate_interval for a 1 s
// scrape at short ranges, and a wider one.
const char* const kRateIntervals[] = {"20s", "1m"};

class PrometheusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!Executable(PrometheusPath()) || !Executable(PromtoolPath())) {
      skip_reason_ = new std::string(PrometheusPath() + " or " + PromtoolPath() +
                                     " is missing; install the Debian `prometheus` package "
                                     "(scripts/install-deps) to run the dashboard tests");
      return;
    }
    e2e_ = new EndToEnd(
        SimOptions{.accounts = 40, .seed = 11, .post_interval_s = 2, .initial_posts = 5});
    ASSERT_TRUE(e2e_->StartSim());
    ASSERT_TRUE(e2e_->StartDaemon(
        R"(, "metrics": { "group_label_top_n": 3, "per_account": true, "per_account_cap": 1000 })"))
        << e2e_->DaemonLog();
    std::string listen = ReadFile(e2e_->tmp().File("listen.json"));
    auto colon = listen.rfind(':');
    ASSERT_NE(colon, std::string::npos) << listen;
    daemon_target_ = "127.0.0.1:" + std::to_string(std::stoi(listen.substr(colon + 1)));

    // The example scrape config, tightened to a 1 s scrape of this daemon.
    std::string config = ReadFile(DashboardsDir() + "/prometheus.yml");
    Replace(config, "scrape_interval: 15s\n  evaluation_interval: 15s",
            "scrape_interval: 1s\n  evaluation_interval: 1s");
    Replace(config, "scrape_interval: 15s\n    scrape_timeout: 10s",
            "scrape_interval: 1s\n    scrape_timeout: 1s");
    Replace(config, "- rules/*.yml", "- " + DashboardsDir() + "/rules/*.yml");
    Replace(config, "127.0.0.1:9464", daemon_target_);
    WriteFile(e2e_->tmp().File("prometheus.yml"), config);

    for (int attempt = 0; attempt < 3 && base_url_ == nullptr; ++attempt) {
      int port = FreePort();
      std::string tsdb = e2e_->tmp().File("tsdb-" + std::to_string(attempt));
      prometheus_ = new Process(
          {PrometheusPath(), "--config.file=" + e2e_->tmp().File("prometheus.yml"),
           "--storage.tsdb.path=" + tsdb, "--web.listen-address=127.0.0.1:" + std::to_string(port),
           "--log.level=warn"},
          e2e_->tmp().File("prometheus.log"));
      std::string base = "http://127.0.0.1:" + std::to_string(port);
      if (WaitFor(
              [&] {
                return testing::HttpGet(base + "/-/ready").status == 200 || !prometheus_->running();
              },
              std::chrono::seconds(20)) &&
          prometheus_->running()) {
        base_url_ = new std::string(base);
      } else {
        delete prometheus_;
        prometheus_ = nullptr;
      }
    }
    ASSERT_NE(base_url_, nullptr) << ReadFile(e2e_->tmp().File("prometheus.log"));

    // Enough samples for every rate window: 20 scrapes, posts and flagged shares seen.
    bool ready = WaitFor(
        [&] {
          auto scrapes = InstantQuery(*base_url_, "count_over_time(postwatch_build_info[1m])");
          auto flagged = InstantQuery(*base_url_, "sum(postwatch_flagged_link_shares_total)");
          return scrapes.numeric > 0 && scrapes.values[0] >= 20 && flagged.numeric > 0 &&
                 flagged.values[0] > 0;
        },
        std::chrono::seconds(60));
    ASSERT_TRUE(ready) << "Prometheus did not collect 20 scrapes with posts in 60 s\n"
                       << ReadFile(e2e_->tmp().File("prometheus.log")) << e2e_->DaemonLog();
  }

  static void TearDownTestSuite() {
    delete prometheus_;  // SIGKILL; its TSDB goes with the temp dir
    delete e2e_;
    delete base_url_;
    delete skip_reason_;
    prometheus_ = nullptr;
    e2e_ = nullptr;
    base_url_ = nullptr;
    skip_reason_ = nullptr;
  }

  void SetUp() override {
    if (skip_reason_) GTEST_SKIP() << *skip_reason_;
    ASSERT_NE(base_url_, nullptr) << "the suite set-up failed";
  }

  static std::string base() { return *base_url_; }

  static std::string* skip_reason_;
  static EndToEnd* e2e_;
  static Process* prometheus_;
  static std::string* base_url_;
  static std::string daemon_target_;
};

std::string* PrometheusTest::skip_reason_ = nullptr;
EndToEnd* PrometheusTest::e2e_ = nullptr;
Process* PrometheusTest::prometheus_ = nullptr;
std::string* PrometheusTest::base_url_ = nullptr;
std::string PrometheusTest::daemon_target_;

TEST_F(PrometheusTest, EveryPanelQueryOfEveryDashboardReturnsData) {
  std::vector<Dashboard> dashboards = LoadDashboards(DashboardsDir());
  ASSERT_EQ(dashboards.size(), 3u);
  size_t panels = 0, queries = 0;
  for (const Dashboard& d : dashboards) {
    for (const Panel& p : d.panels) {
      ++panels;
      for (const PanelQuery& q : p.queries) {
        for (const char* interval : kRateIntervals) {
          std::string promql = SubstituteVariables(q.expr, d, interval);
          QueryOutcome r = InstantQuery(base(), promql);
          ++queries;
          SCOPED_TRACE(d.file + ": " + p.title + " [" + q.ref_id + "]: " + promql);
          EXPECT_EQ(r.error, "");
          EXPECT_GT(r.series, 0u) << "empty result";
          EXPECT_GT(r.numeric, 0u) << "only NaN";
        }
      }
    }
  }
  std::cout << "checked " << panels << " panels, " << queries << " panel query evaluations in "
            << dashboards.size() << " dashboards\n";
  RecordProperty("panels", static_cast<int>(panels));
  RecordProperty("panel_query_evaluations", static_cast<int>(queries));
}

TEST_F(PrometheusTest, EveryVariableQueryReturnsValues) {
  size_t variables = 0;
  for (const Dashboard& d : LoadDashboards(DashboardsDir())) {
    for (const Variable& v : d.variables) {
      if (v.type != "query") continue;
      ++variables;
      LabelValuesQuery q = ParseLabelValues(v.query);
      SCOPED_TRACE(d.file + ": $" + v.name + " = " + v.query);
      ASSERT_FALSE(q.label.empty()) << "not a label_values() query";
      std::string error;
      std::vector<std::string> values =
          LabelValues(base(), q.label, SubstituteVariables(q.selector, d, "1m"), error);
      EXPECT_EQ(error, "");
      EXPECT_FALSE(values.empty());
      if (v.name == "plugin") {
        EXPECT_NE(std::find(values.begin(), values.end(), "web"), values.end());
      }
      if (v.name == "group") {
        EXPECT_NE(std::find(values.begin(), values.end(), "other"), values.end());
      }
    }
  }
  std::cout << "checked " << variables << " variable queries\n";
}

TEST_F(PrometheusTest, ScrapeTargetIsUpWithinTheExampleLimits) {
  size_t targets = 0;
  EXPECT_EQ(UnhealthyTargets(base(), targets), std::vector<std::string>{});
  EXPECT_EQ(targets, 1u);
}

TEST_F(PrometheusTest, AlertAndRecordingRulesEvaluateWithoutErrors) {
  size_t rules = 0;
  EXPECT_EQ(UnhealthyRules(base(), rules), std::vector<std::string>{});
  EXPECT_EQ(rules, 11u);
  // A healthy test daemon fires nothing that pages.
  QueryOutcome firing = InstantQuery(base(), R"(ALERTS{alertstate="firing",severity="critical"})");
  EXPECT_EQ(firing.error, "");
  EXPECT_EQ(firing.series, 0u);
}

TEST_F(PrometheusTest, ScrapePassesPromtoolCheckMetrics) {
  std::string scrape = e2e_->MetricsText();
  ASSERT_NE(scrape.find("postwatch_account_last_success_timestamp_seconds{"), std::string::npos);
  std::string file = e2e_->tmp().File("scrape.txt");
  WriteFile(file, scrape);
  auto r = RunCommand({"/bin/sh", "-c", PromtoolPath() + " check metrics < '" + file + "'"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(PrometheusTest, ExampleConfigAndRulesPassPromtool) {
  auto config =
      RunCommand({PromtoolPath(), "check", "config", DashboardsDir() + "/prometheus.yml"});
  EXPECT_EQ(config.exit_code, 0) << config.output;
  std::vector<std::string> rule_files, test_files;
  for (const auto& e : std::filesystem::directory_iterator(DashboardsDir() + "/rules")) {
    if (e.path().extension() == ".yml") rule_files.push_back(e.path().string());
  }
  for (const auto& e : std::filesystem::directory_iterator(DashboardsDir() + "/rules/tests")) {
    if (e.path().extension() == ".yml") test_files.push_back(e.path().string());
  }
  ASSERT_FALSE(rule_files.empty());
  ASSERT_FALSE(test_files.empty());
  std::vector<std::string> check = {PromtoolPath(), "check", "rules"};
  check.insert(check.end(), rule_files.begin(), rule_files.end());
  auto rules = RunCommand(check);
  EXPECT_EQ(rules.exit_code, 0) << rules.output;
  std::vector<std::string> test = {PromtoolPath(), "test", "rules"};
  test.insert(test.end(), test_files.begin(), test_files.end());
  auto tests = RunCommand(test);
  EXPECT_EQ(tests.exit_code, 0) << tests.output;
}

}  // namespace
}  // namespace postwatch::dashboards
