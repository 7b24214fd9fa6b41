// A small client of Prometheus's HTTP API (v1) for the dashboard tests.
#pragma once

#include <string>
#include <vector>

namespace postwatch::dashboards {

// What an instant query returned.
struct QueryOutcome {
  std::string error;           // non-empty when the request or the query failed
  std::string result_type;     // "vector", "scalar", "matrix", "string"
  size_t series = 0;           // samples in the result (1 for a scalar)
  size_t numeric = 0;          // of which are not NaN
  std::vector<double> values;  // the sample values
};

std::string UrlEncode(const std::string& text);

// GET /api/v1/query?query=...; `base` is "http://127.0.0.1:PORT".
QueryOutcome InstantQuery(const std::string& base, const std::string& promql);

// GET /api/v1/label/<label>/values, restricted to `selector` when it is not empty.
// Sets `error` on failure.
std::vector<std::string> LabelValues(const std::string& base, const std::string& label,
                                     const std::string& selector, std::string& error);

// GET /api/v1/rules: "group/rule: health lastError" for every rule whose health is not
// "ok", and the number of rules seen.
std::vector<std::string> UnhealthyRules(const std::string& base, size_t& rules);

// GET /api/v1/targets: "scrapeUrl: health lastError" for every active target not "up".
std::vector<std::string> UnhealthyTargets(const std::string& base, size_t& targets);

}  // namespace postwatch::dashboards
