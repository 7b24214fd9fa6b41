// Measures FindLinks against linkify-it's fixtures and twitter-text's `urls` extraction
// cases. Prints the pass counts; a failing case must be listed, with the reason, in
// linkifier_divergences.txt (next to this file), or the test fails.
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "conformance_dir.h"
#include "links/linkifier.h"

namespace postwatch {
namespace {

namespace fs = std::filesystem;
using testing::ConformanceDir;
using testing::ReadWholeFile;

std::vector<std::string> Lines(const std::string& content) {
  std::vector<std::string> lines;
  std::istringstream in(content);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// linkify-it fixtures: "%" starts a comment line, " % text" a trailing comment.
std::string StripComment(const std::string& line) {
  if (!line.empty() && line[0] == '%') return "";
  const size_t comment = line.find(" %");
  std::string out = comment == std::string::npos ? line : line.substr(0, comment);
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
  return out;
}

std::string FirstLink(const std::string& text) {
  const auto links = FindLinks(text);
  return links.empty() ? std::string() : links.front().text;
}

// Decodes a YAML double-quoted scalar (the subset twitter-text uses).
std::string YamlString(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out.push_back(s[i]);
      continue;
    }
    const char e = s[++i];
    if (e == 'n') {
      out.push_back('\n');
    } else if (e == 't') {
      out.push_back('\t');
    } else if (e == 'u' && i + 4 < s.size()) {
      const auto cp =
          static_cast<uint32_t>(std::stoul(std::string(s.substr(i + 1, 4)), nullptr, 16));
      i += 4;
      if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
      } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      } else {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
      }
    } else {
      out.push_back(e);
    }
  }
  return out;
}

// The quoted strings of a YAML flow sequence: ["a", "b"].
std::vector<std::string> YamlList(std::string_view s) {
  std::vector<std::string> items;
  size_t i = 0;
  while ((i = s.find('"', i)) != std::string_view::npos) {
    size_t j = i + 1;
    while (j < s.size() && s[j] != '"') j += s[j] == '\\' ? 2 : 1;
    items.push_back(YamlString(s.substr(i + 1, j - i - 1)));
    i = j + 1;
  }
  return items;
}

std::string Quoted(std::string_view line, std::string_view key) {
  const size_t at = line.find(key);
  std::string_view rest = line.substr(at + key.size());
  const size_t open = rest.find('"');
  const size_t close = rest.rfind('"');
  if (open == std::string_view::npos || close <= open) return std::string(rest);
  return YamlString(rest.substr(open + 1, close - open - 1));
}

class LinkifierConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    divergences_ =
        testing::ReadDivergences(fs::path(PW_LINKS_TEST_DIR) / "linkifier_divergences.txt");
  }
  // Records one case; a failure not listed as a divergence fails the test.
  void Check(const std::string& id, bool passed, const std::string& detail) {
    if (passed) {
      ++passed_;
      if (divergences_.count(id) != 0) stale_.push_back(id);
      return;
    }
    if (divergences_.count(id) == 0)
      ADD_FAILURE() << "unlisted divergence: " << id << " -> " << detail;
  }
  std::set<std::string> divergences_;
  int passed_ = 0;
  std::vector<std::string> stale_;
};

TEST_F(LinkifierConformanceTest, LinkifyItLinksAndNotLinks) {
  const fs::path dir = ConformanceDir() / "linkify-it";
  if (!fs::exists(dir / "links.txt")) GTEST_SKIP() << "no conformance data at " << dir;
  const std::vector<std::string> lines = Lines(ReadWholeFile(dir / "links.txt"));
  int total = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string line = StripComment(lines[i]);
    if (line.empty()) continue;
    const std::string next = i + 1 < lines.size() ? StripComment(lines[i + 1]) : "";
    const std::string expected = next.empty() ? line : next;
    if (!next.empty()) ++i;
    ++total;
    const std::string found = FirstLink(line);
    Check("links.txt:" + line, found == expected, "found '" + found + "'");
  }
  const int links_passed = passed_;
  const std::vector<std::string> not_lines = Lines(ReadWholeFile(dir / "not_links.txt"));
  int not_total = 0;
  for (const std::string& raw : not_lines) {
    const std::string line = StripComment(raw);
    if (line.empty()) continue;
    ++not_total;
    const std::string found = FirstLink(line);
    Check("not_links.txt:" + line, found.empty(), "found '" + found + "'");
  }
  std::cout << "linkify-it links.txt: " << links_passed << "/" << total << " pass\n"
            << "linkify-it not_links.txt: " << passed_ - links_passed << "/" << not_total
            << " pass\n";
  for (const std::string& id : stale_) std::cout << "divergence now passes: " << id << "\n";
  EXPECT_GT(passed_, 0);
}

TEST_F(LinkifierConformanceTest, TwitterTextUrls) {
  const fs::path file = ConformanceDir() / "twitter-text" / "extract.yml";
  if (!fs::exists(file)) GTEST_SKIP() << "no conformance data at " << file;
  const std::vector<std::string> lines = Lines(ReadWholeFile(file));
  bool in_urls = false;
  std::string text;
  int total = 0;
  for (const std::string& line : lines) {
    if (line.rfind("  ", 0) == 0 && line.size() > 2 && line[2] != ' ') {
      in_urls = line == "  urls:";
      continue;
    }
    if (!in_urls) continue;
    if (line.find("      text:") == 0) text = Quoted(line, "text:");
    if (line.find("      expected:") == 0) {
      const std::vector<std::string> expected = YamlList(line.substr(line.find(':') + 1));
      std::vector<std::string> found;
      for (const FoundLink& link : FindLinks(text)) found.push_back(link.text);
      ++total;
      std::string detail;
      for (const std::string& f : found) detail += "'" + f + "' ";
      Check("extract.yml:" + text, found == expected, "found " + detail);
    }
  }
  std::cout << "twitter-text extract.yml urls: " << passed_ << "/" << total << " pass\n";
  for (const std::string& id : stale_) std::cout << "divergence now passes: " << id << "\n";
  EXPECT_GT(total, 0);
}

}  // namespace
}  // namespace postwatch
