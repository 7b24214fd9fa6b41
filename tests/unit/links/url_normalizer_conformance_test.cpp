// Measures NormalizeUrl against the absolute http/https cases of WHATWG urltestdata.json.
// The expected href is first put in our canonical form (documented in url_normalizer.h):
// no user info, no fragment, no empty query, no trailing dot in the host, and canonical
// percent-encoding. Prints the pass count; a failing case must be listed, with the reason,
// in url_normalizer_divergences.txt (next to this file), or the test fails.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <iostream>
#include <string>

#include "conformance_dir.h"
#include "links/percent_encoding.h"
#include "links/url_normalizer.h"

namespace postwatch {
namespace {

namespace fs = std::filesystem;

std::string Member(const rapidjson::Value& test, const char* name) {
  const auto it = test.FindMember(name);
  if (it == test.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return s;
}

// An absolute http(s) input: "http:" or "https:" then two slashes (either way round), after
// the leading C0 controls and spaces browsers strip; or any http(s) input without a base.
bool IsAbsoluteHttpCase(const rapidjson::Value& test, const std::string& input) {
  size_t i = 0;
  while (i < input.size() && static_cast<unsigned char>(input[i]) <= 0x20) ++i;
  const std::string rest = Lower(input.substr(i, 8));
  size_t after = 0;
  if (rest.rfind("https:", 0) == 0) after = i + 6;
  if (rest.rfind("http:", 0) == 0) after = i + 5;
  if (after == 0) return false;
  const auto base = test.FindMember("base");
  const bool no_base = base == test.MemberEnd() || base->value.IsNull();
  const auto slash = [&](size_t k) {
    return k < input.size() && (input[k] == '/' || input[k] == '\\');
  };
  return no_base || (slash(after) && slash(after + 1));
}

std::string ExpectedCanonical(const rapidjson::Value& test) {
  std::string host = Member(test, "hostname");
  if (!host.empty() && host.back() == '.') host.pop_back();
  std::string out = Member(test, "protocol") + "//" + host;
  const std::string port = Member(test, "port");
  if (!port.empty()) out += ":" + port;
  out += NormalizePercentEncoding(Member(test, "pathname"), UrlComponent::kPath);
  const std::string search = Member(test, "search");
  if (search.size() > 1) {
    out += "?" + NormalizePercentEncoding(search.substr(1), UrlComponent::kQuery);
  }
  return out;
}

TEST(UrlNormalizerConformanceTest, WhatwgUrlTestDataHttpCases) {
  const fs::path file = testing::ConformanceDir() / "whatwg-url" / "urltestdata.json";
  if (!fs::exists(file)) GTEST_SKIP() << "no conformance data at " << file;
  const std::set<std::string> divergences =
      testing::ReadDivergences(fs::path(PW_LINKS_TEST_DIR) / "url_normalizer_divergences.txt");
  rapidjson::Document doc;
  const std::string json = testing::ReadWholeFile(file);
  doc.Parse(json.c_str(), json.size());
  ASSERT_FALSE(doc.HasParseError());
  ASSERT_TRUE(doc.IsArray());
  int total = 0;
  int passed = 0;
  int failures_expected = 0;
  for (const auto& test : doc.GetArray()) {
    if (!test.IsObject()) continue;
    const std::string input = Member(test, "input");
    if (!IsAbsoluteHttpCase(test, input)) continue;
    const bool should_fail = test.HasMember("failure");
    if (!should_fail) {
      const std::string protocol = Member(test, "protocol");
      if (protocol != "http:" && protocol != "https:") continue;
    }
    ++total;
    failures_expected += should_fail ? 1 : 0;
    auto result = NormalizeUrl(input);
    std::string detail;
    bool ok;
    if (should_fail) {
      ok = !result.ok();
      detail = ok ? "" : "accepted as " + *result;
    } else {
      const std::string expected = ExpectedCanonical(test);
      ok = result.ok() && *result == expected;
      detail = "expected " + expected + ", got " +
               (result.ok() ? *result : "error: " + result.status().message());
    }
    // The input is printed with its controls escaped so that the divergence list is text.
    std::string id;
    for (const unsigned char c : input) {
      if (c < 0x20 || c == 0x7F) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\x%02X", c);
        id += buffer;
      } else {
        id.push_back(static_cast<char>(c));
      }
    }
    if (ok) {
      ++passed;
      if (divergences.count(id) != 0) std::cout << "divergence now passes: " << id << "\n";
    } else if (divergences.count(id) == 0) {
      ADD_FAILURE() << "unlisted divergence: " << id << " -> " << detail;
    }
  }
  std::cout << "whatwg urltestdata.json http(s): " << passed << "/" << total << " pass ("
            << failures_expected << " of the cases expect a failure)\n";
  EXPECT_GT(total, 0);
}

}  // namespace
}  // namespace postwatch
