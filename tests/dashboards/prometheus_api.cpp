#include "prometheus_api.h"

#include <rapidjson/document.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "harness.h"

namespace postwatch::dashboards {

namespace {

using testing::HttpGet;

// Parses an API reply; returns the error (from HTTP or the API), empty on success.
std::string ParseReply(const testing::HttpResult& r, rapidjson::Document& doc) {
  if (!r.error.empty()) return r.error;
  doc.Parse(r.body.c_str());
  if (doc.HasParseError() || !doc.IsObject())
    return "HTTP " + std::to_string(r.status) + ": " + r.body;
  if (!doc.HasMember("status") || std::string(doc["status"].GetString()) != "success") {
    std::string e =
        doc.HasMember("error") && doc["error"].IsString() ? doc["error"].GetString() : r.body;
    return "HTTP " + std::to_string(r.status) + ": " + e;
  }
  return "";
}

double SampleValue(const rapidjson::Value& pair) {
  if (!pair.IsArray() || pair.Size() != 2 || !pair[1].IsString()) return NAN;
  return std::strtod(pair[1].GetString(), nullptr);  // "NaN", "+Inf" parse too
}

}  // namespace

std::string UrlEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof(buf), "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

QueryOutcome InstantQuery(const std::string& base, const std::string& promql) {
  QueryOutcome out;
  rapidjson::Document doc;
  out.error = ParseReply(HttpGet(base + "/api/v1/query?query=" + UrlEncode(promql)), doc);
  if (!out.error.empty()) return out;
  const rapidjson::Value& data = doc["data"];
  out.result_type = data["resultType"].GetString();
  const rapidjson::Value& result = data["result"];
  if (out.result_type == "scalar") {
    out.values.push_back(SampleValue(result));
  } else if (out.result_type == "vector") {
    for (const auto& s : result.GetArray()) out.values.push_back(SampleValue(s["value"]));
  } else if (out.result_type == "matrix") {
    for (const auto& s : result.GetArray()) {
      for (const auto& v : s["values"].GetArray()) out.values.push_back(SampleValue(v));
    }
  }
  out.series = out.values.size();
  for (double v : out.values) out.numeric += std::isnan(v) ? 0 : 1;
  return out;
}

std::vector<std::string> LabelValues(const std::string& base, const std::string& label,
                                     const std::string& selector, std::string& error) {
  std::string url = base + "/api/v1/label/" + label + "/values";
  if (!selector.empty()) url += "?match[]=" + UrlEncode(selector);
  rapidjson::Document doc;
  error = ParseReply(HttpGet(url), doc);
  std::vector<std::string> values;
  if (!error.empty()) return values;
  for (const auto& v : doc["data"].GetArray()) values.push_back(v.GetString());
  return values;
}

std::vector<std::string> UnhealthyRules(const std::string& base, size_t& rules) {
  rules = 0;
  rapidjson::Document doc;
  std::string error = ParseReply(HttpGet(base + "/api/v1/rules"), doc);
  if (!error.empty()) return {error};
  std::vector<std::string> bad;
  for (const auto& group : doc["data"]["groups"].GetArray()) {
    for (const auto& rule : group["rules"].GetArray()) {
      ++rules;
      std::string health = rule["health"].GetString();
      if (health != "ok") {
        std::string last = rule.HasMember("lastError") ? rule["lastError"].GetString() : "";
        bad.push_back(std::string(group["name"].GetString()) + "/" + rule["name"].GetString() +
                      ": " + health + " " + last);
      }
    }
  }
  return bad;
}

std::vector<std::string> UnhealthyTargets(const std::string& base, size_t& targets) {
  targets = 0;
  rapidjson::Document doc;
  std::string error = ParseReply(HttpGet(base + "/api/v1/targets"), doc);
  if (!error.empty()) return {error};
  std::vector<std::string> bad;
  for (const auto& t : doc["data"]["activeTargets"].GetArray()) {
    ++targets;
    std::string health = t["health"].GetString();
    if (health != "up") {
      bad.push_back(std::string(t["scrapeUrl"].GetString()) + ": " + health + " " +
                    t["lastError"].GetString());
    }
  }
  return bad;
}

}  // namespace postwatch::dashboards
