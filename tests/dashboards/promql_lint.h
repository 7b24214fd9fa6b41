// Static checks of the PromQL in dashboard panels (the conventions of
// grafana/dashboard-linter that matter for postwatch). Each returns the offending metric
// names or ranges; empty means clean. They read PromQL with a small lexer, enough for the
// expressions dashboards use; they do not validate syntax (Prometheus does that).
#pragma once

#include <string>
#include <vector>

namespace postwatch::dashboards {

// Counter-like series (names ending in _total, _count, _sum or _bucket) whose innermost
// enclosing call is not rate(), irate() or increase(). A raw counter only grows and resets.
std::vector<std::string> CountersOutsideRate(const std::string& expr);

// Ranges of rate() and irate() that are not [$__rate_interval].
std::vector<std::string> RatesWithoutRateInterval(const std::string& expr);

// Selectors of postwatch_* metrics (and `up`) that do not filter on job=~"$job" and
// instance=~"$instance", so the job/instance variables would not apply to them.
std::vector<std::string> SelectorsWithoutJobAndInstance(const std::string& expr);

}  // namespace postwatch::dashboards
