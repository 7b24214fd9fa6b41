#include "dashboard_model.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace postwatch::dashboards {

namespace {

std::string String(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return "";
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

bool Bool(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

std::string DatasourceUid(const rapidjson::Value& object) {
  auto it = object.FindMember("datasource");
  if (it == object.MemberEnd()) return "";
  if (it->value.IsString()) return it->value.GetString();
  return String(it->value, "uid");
}

void AddPanels(const rapidjson::Value& panels, std::vector<Panel>& out) {
  if (!panels.IsArray()) return;
  for (const auto& p : panels.GetArray()) {
    if (String(p, "type") == "row") {
      if (p.HasMember("panels")) AddPanels(p["panels"], out);
      continue;
    }
    Panel panel;
    panel.id = p.HasMember("id") && p["id"].IsInt() ? p["id"].GetInt() : 0;
    panel.type = String(p, "type");
    panel.title = String(p, "title");
    panel.description = String(p, "description");
    panel.datasource_uid = DatasourceUid(p);
    if (p.HasMember("fieldConfig") && p["fieldConfig"].HasMember("defaults")) {
      panel.unit = String(p["fieldConfig"]["defaults"], "unit");
    }
    if (p.HasMember("targets") && p["targets"].IsArray()) {
      for (const auto& t : p["targets"].GetArray()) {
        panel.queries.push_back({String(t, "refId"), String(t, "expr"), DatasourceUid(t)});
      }
    }
    out.push_back(std::move(panel));
  }
}

Dashboard Parse(const std::string& file, const std::string& text) {
  Dashboard d;
  d.file = file;
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  if (doc.HasParseError() || !doc.IsObject()) {
    ADD_FAILURE() << file << ": not a JSON object";
    return d;
  }
  d.uid = String(doc, "uid");
  d.title = String(doc, "title");
  if (doc.HasMember("panels")) AddPanels(doc["panels"], d.panels);
  if (doc.HasMember("templating") && doc["templating"].HasMember("list") &&
      doc["templating"]["list"].IsArray()) {
    for (const auto& v : doc["templating"]["list"].GetArray()) {
      Variable var;
      var.name = String(v, "name");
      var.type = String(v, "type");
      var.query = String(v, "definition");
      if (var.query.empty()) {
        var.query = v.HasMember("query") && v["query"].IsObject() ? String(v["query"], "query")
                                                                  : String(v, "query");
      }
      var.datasource_uid = DatasourceUid(v);
      var.all_value = String(v, "allValue");
      var.multi = Bool(v, "multi");
      var.include_all = Bool(v, "includeAll");
      d.variables.push_back(std::move(var));
    }
  }
  return d;
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

std::string Trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\n"));
  s.erase(s.find_last_not_of(" \t\n") + 1);
  return s;
}

}  // namespace

const Variable* Dashboard::FindVariable(const std::string& name) const {
  for (const Variable& v : variables) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

std::string DashboardsDir() {
  const char* env = std::getenv("POSTWATCH_DASHBOARDS_DIR");
  return env && *env ? env : PW_DASHBOARDS_DIR;
}

std::vector<Dashboard> LoadDashboards(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<Dashboard> out;
  for (const std::string& file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    out.push_back(Parse(std::filesystem::path(file).filename().string(), text.str()));
  }
  return out;
}

std::string SubstituteVariables(const std::string& expr, const Dashboard& dashboard,
                                const std::string& rate_interval) {
  std::string out = expr;
  ReplaceAll(out, "$__rate_interval", rate_interval);
  ReplaceAll(out, "$__interval", "5s");
  ReplaceAll(out, "$__range", "1m");
  // Longest names first, so $group is not cut short by a variable named $g.
  std::vector<const Variable*> vars;
  for (const Variable& v : dashboard.variables) vars.push_back(&v);
  std::sort(vars.begin(), vars.end(),
            [](const Variable* a, const Variable* b) { return a->name.size() > b->name.size(); });
  for (const Variable* v : vars) {
    std::string value = v->all_value.empty() ? ".+" : v->all_value;
    ReplaceAll(out, "${" + v->name + "}", value);
    ReplaceAll(out, "$" + v->name, value);
  }
  return out;
}

LabelValuesQuery ParseLabelValues(const std::string& query) {
  std::string q = Trim(query);
  const std::string prefix = "label_values(";
  if (q.compare(0, prefix.size(), prefix) != 0 || q.back() != ')') return {};
  std::string inner = q.substr(prefix.size(), q.size() - prefix.size() - 1);
  // The label is after the last comma outside braces and quotes.
  int depth = 0;
  bool quoted = false;
  size_t split = std::string::npos;
  for (size_t i = 0; i < inner.size(); ++i) {
    char c = inner[i];
    if (c == '"' && (i == 0 || inner[i - 1] != '\\')) quoted = !quoted;
    if (quoted) continue;
    if (c == '{' || c == '(') ++depth;
    if (c == '}' || c == ')') --depth;
    if (c == ',' && depth == 0) split = i;
  }
  if (split == std::string::npos) return {"", Trim(inner)};
  return {Trim(inner.substr(0, split)), Trim(inner.substr(split + 1))};
}

}  // namespace postwatch::dashboards
