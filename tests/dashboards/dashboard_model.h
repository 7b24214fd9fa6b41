// The parts of a Grafana dashboard JSON the dashboard tests check: panels with their unit,
// description and queries, and the template variables.
#pragma once

#include <string>
#include <vector>

namespace postwatch::dashboards {

struct PanelQuery {
  std::string ref_id;
  std::string expr;
  std::string datasource_uid;
};

struct Panel {
  int id = 0;
  std::string type;
  std::string title;
  std::string description;
  std::string unit;
  std::string datasource_uid;
  std::vector<PanelQuery> queries;
};

struct Variable {
  std::string name;
  std::string type;   // "datasource", "query", ...
  std::string query;  // label_values(...) for query variables, the plugin id for datasources
  std::string datasource_uid;
  std::string all_value;
  bool multi = false;
  bool include_all = false;
};

struct Dashboard {
  std::string file;
  std::string uid;
  std::string title;
  std::vector<Panel> panels;  // rows are flattened: their panels are listed, the rows not
  std::vector<Variable> variables;

  const Variable* FindVariable(const std::string& name) const;
};

// The dashboards folder of the source tree (PW_DASHBOARDS_DIR, overridable with the
// POSTWATCH_DASHBOARDS_DIR environment variable).
std::string DashboardsDir();

// Loads every *.json file of `dir`, sorted by name. A file that does not parse is reported
// with ADD_FAILURE() and skipped.
std::vector<Dashboard> LoadDashboards(const std::string& dir);

// Replaces template variables the way Grafana does for "All": $name and ${name} become the
// variable's allValue (".+" when it has none); $__rate_interval becomes `rate_interval`,
// $__interval "5s" and $__range "1m".
std::string SubstituteVariables(const std::string& expr, const Dashboard& dashboard,
                                const std::string& rate_interval);

// A label_values() variable query split into its selector ("" for none) and label name.
struct LabelValuesQuery {
  std::string selector;
  std::string label;
};
// Fails (returns an empty label) when `query` is not label_values(...).
LabelValuesQuery ParseLabelValues(const std::string& query);

}  // namespace postwatch::dashboards
