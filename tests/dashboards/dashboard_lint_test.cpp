// Static lint of the dashboards in dashboards/: the conventions of DESIGN.md "Dashboards
// and alerts" (from grafana/dashboard-linter), checked without Grafana or Prometheus.
#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <set>

#include "dashboard_model.h"
#include "promql_lint.h"

namespace postwatch::dashboards {
namespace {

// The uids are an interface (links, bookmarks, provisioning): they must never change.
const std::map<std::string, std::string> kExpectedUids = {
    {"postwatch-overview.json", "postwatch-overview"},
    {"postwatch-posting-activity.json", "postwatch-activity"},
    {"postwatch-platform-storage.json", "postwatch-platform-storage"},
};

class DashboardLintTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dashboards_ = new std::vector<Dashboard>(LoadDashboards(DashboardsDir()));
  }
  static void TearDownTestSuite() {
    delete dashboards_;
    dashboards_ = nullptr;
  }
  static const std::vector<Dashboard>& dashboards() { return *dashboards_; }

 private:
  static std::vector<Dashboard>* dashboards_;
};

std::vector<Dashboard>* DashboardLintTest::dashboards_ = nullptr;

TEST_F(DashboardLintTest, TheThreeDashboardsHaveTheirStableUids) {
  std::map<std::string, std::string> uids;
  for (const Dashboard& d : dashboards()) uids[d.file] = d.uid;
  EXPECT_EQ(uids, kExpectedUids);
}

TEST_F(DashboardLintTest, PanelIdsAreUniqueWithinEachDashboard) {
  for (const Dashboard& d : dashboards()) {
    std::set<int> ids;
    for (const Panel& p : d.panels) {
      EXPECT_GT(p.id, 0) << d.file << ": " << p.title;
      EXPECT_TRUE(ids.insert(p.id).second) << d.file << ": duplicate panel id " << p.id;
    }
  }
}

TEST_F(DashboardLintTest, EveryPanelHasAUnitADescriptionAndAQuery) {
  for (const Dashboard& d : dashboards()) {
    EXPECT_FALSE(d.panels.empty()) << d.file;
    for (const Panel& p : d.panels) {
      EXPECT_FALSE(p.title.empty()) << d.file << ": panel " << p.id;
      EXPECT_FALSE(p.unit.empty()) << d.file << ": " << p.title << " has no unit";
      EXPECT_GE(p.description.size(), 20u) << d.file << ": " << p.title << " has no description";
      EXPECT_FALSE(p.queries.empty()) << d.file << ": " << p.title << " has no query";
      for (const PanelQuery& q : p.queries) {
        EXPECT_FALSE(q.expr.empty()) << d.file << ": " << p.title << " " << q.ref_id;
      }
    }
  }
}

TEST_F(DashboardLintTest, OneDatasourceVariableFeedsEveryPanelAndVariable) {
  for (const Dashboard& d : dashboards()) {
    int datasource_vars = 0;
    for (const Variable& v : d.variables) {
      if (v.type == "datasource") {
        ++datasource_vars;
        EXPECT_EQ(v.name, "datasource") << d.file;
        EXPECT_EQ(v.query, "prometheus") << d.file;
      } else {
        EXPECT_EQ(v.datasource_uid, "${datasource}") << d.file << ": $" << v.name;
      }
    }
    EXPECT_EQ(datasource_vars, 1) << d.file;
    for (const Panel& p : d.panels) {
      EXPECT_EQ(p.datasource_uid, "${datasource}") << d.file << ": " << p.title;
      for (const PanelQuery& q : p.queries) {
        EXPECT_EQ(q.datasource_uid, "${datasource}") << d.file << ": " << p.title;
      }
    }
  }
}

TEST_F(DashboardLintTest, JobInstanceAndPluginVariablesAreMultiWithAllValue) {
  for (const Dashboard& d : dashboards()) {
    for (const char* name : {"job", "instance", "plugin"}) {
      const Variable* v = d.FindVariable(name);
      ASSERT_NE(v, nullptr) << d.file << ": no $" << name;
      EXPECT_EQ(v->type, "query") << d.file << ": $" << name;
      EXPECT_TRUE(v->multi) << d.file << ": $" << name;
      EXPECT_TRUE(v->include_all) << d.file << ": $" << name;
      EXPECT_EQ(v->all_value, ".+") << d.file << ": $" << name;
      EXPECT_EQ(ParseLabelValues(v->query).label, name) << d.file << ": " << v->query;
    }
  }
}

TEST_F(DashboardLintTest, ActivityDashboardHasAGroupVariableFromLabelValues) {
  for (const Dashboard& d : dashboards()) {
    if (d.uid != "postwatch-activity") continue;
    const Variable* v = d.FindVariable("group");
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(ParseLabelValues(v->query).label, "group");
    // ".*" so "All" also matches the unlabelled series when the group label is off.
    EXPECT_EQ(v->all_value, ".*");
    return;
  }
  FAIL() << "no postwatch-activity dashboard";
}

TEST_F(DashboardLintTest, CountersAppearOnlyInsideRateOrIncrease) {
  for (const Dashboard& d : dashboards()) {
    for (const Panel& p : d.panels) {
      for (const PanelQuery& q : p.queries) {
        EXPECT_EQ(CountersOutsideRate(q.expr), std::vector<std::string>{})
            << d.file << ": " << p.title << ": " << q.expr;
      }
    }
  }
}

TEST_F(DashboardLintTest, RatesUseRateInterval) {
  for (const Dashboard& d : dashboards()) {
    for (const Panel& p : d.panels) {
      for (const PanelQuery& q : p.queries) {
        EXPECT_EQ(RatesWithoutRateInterval(q.expr), std::vector<std::string>{})
            << d.file << ": " << p.title << ": " << q.expr;
      }
    }
  }
}

TEST_F(DashboardLintTest, EverySelectorHonoursJobAndInstance) {
  for (const Dashboard& d : dashboards()) {
    for (const Panel& p : d.panels) {
      for (const PanelQuery& q : p.queries) {
        EXPECT_EQ(SelectorsWithoutJobAndInstance(q.expr), std::vector<std::string>{})
            << d.file << ": " << p.title << ": " << q.expr;
      }
    }
  }
}

// The lint itself, on expressions it must accept and reject.
struct CounterCase {
  std::string expr;
  std::vector<std::string> offenders;
};

void PrintTo(const CounterCase& c, std::ostream* os) { *os << c.expr; }

class CountersOutsideRateTest : public ::testing::TestWithParam<CounterCase> {};

TEST_P(CountersOutsideRateTest, FindsRawCounters) {
  EXPECT_EQ(CountersOutsideRate(GetParam().expr), GetParam().offenders) << GetParam().expr;
}

INSTANTIATE_TEST_SUITE_P(
    Table, CountersOutsideRateTest,
    ::testing::Values(CounterCase{"sum(postwatch_polls_total)", {"postwatch_polls_total"}},
                      CounterCase{"sum by (plugin) (rate(postwatch_polls_total{a=\"b\"}[5m]))", {}},
                      CounterCase{"histogram_quantile(0.9, sum by (le) (rate(x_bucket[1m])))", {}},
                      CounterCase{"sum(increase(x_total[1h])) / sum(x_count)", {"x_count"}},
                      CounterCase{"x_sum / x_count", {"x_sum", "x_count"}},
                      CounterCase{"rate((x_total)[5m:])", {"x_total"}},
                      CounterCase{"max by (plugin) (postwatch_plugin_up)", {}},
                      CounterCase{"count_over_time(x_total[5m])", {"x_total"}},
                      CounterCase{"x{le=\"a_total\"}", {}},
                      CounterCase{"topk(10, sum without (list) (increase(x_total[1d])))", {}}));

TEST(PromqlLintTest, RateWithAFixedRangeIsReported) {
  EXPECT_EQ(RatesWithoutRateInterval("rate(x_total[5m]) + increase(y_total[1h])"),
            std::vector<std::string>{"rate[5m]"});
  EXPECT_EQ(RatesWithoutRateInterval("irate(x_total[$__rate_interval])"),
            std::vector<std::string>{});
}

TEST(PromqlLintTest, SelectorWithoutInstanceIsReported) {
  EXPECT_EQ(SelectorsWithoutJobAndInstance(R"(sum(postwatch_accounts{job=~"$job"}))"),
            std::vector<std::string>{"postwatch_accounts"});
  EXPECT_EQ(
      SelectorsWithoutJobAndInstance(R"(time() - postwatch_x{job=~"$job", instance=~"$instance"})"),
      std::vector<std::string>{});
  EXPECT_EQ(SelectorsWithoutJobAndInstance("up"), std::vector<std::string>{"up"});
}

TEST(DashboardModelTest, SubstitutesVariablesWithTheirAllValue) {
  Dashboard d;
  d.variables = {{"job", "query", "", "", ".+", true, true},
                 {"group", "query", "", "", ".*", true, true},
                 {"plugin", "query", "", "", "", true, true}};
  EXPECT_EQ(SubstituteVariables(
                R"(rate(x{job=~"$job",group=~"${group}",plugin=~"$plugin"}[$__rate_interval]))", d,
                "20s"),
            R"(rate(x{job=~".+",group=~".*",plugin=~".+"}[20s]))");
}

TEST(DashboardModelTest, ParsesLabelValuesQueries) {
  LabelValuesQuery q = ParseLabelValues(R"(label_values(x{a=~"b,c"}, plugin))");
  EXPECT_EQ(q.selector, R"(x{a=~"b,c"})");
  EXPECT_EQ(q.label, "plugin");
  EXPECT_EQ(ParseLabelValues("label_values(job)").label, "job");
  EXPECT_EQ(ParseLabelValues("query_result(up)").label, "");
}

}  // namespace
}  // namespace postwatch::dashboards
