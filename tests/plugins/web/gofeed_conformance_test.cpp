// Runs every input of the gofeed test suite (../shared/conformance/gofeed/testdata) through
// the web plugin. Every file must be handled without a crash or an internal error; where
// gofeed ships the expected parse, the item count, ids, times and links must agree, except
// for the deliberate divergences listed below.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "recording_host.h"
#include "support/feed_date.h"
#include "support/json_fields.h"
#include "support/url_ref.h"
#include "web/web_plugin.h"

namespace postwatch::web {
namespace {

namespace fs = std::filesystem;
using testing::PluginInstance;
using testing::ReadFileOrFail;
using testing::RecordingHost;

// Files (relative to testdata/) where the plugin deliberately differs from gofeed, and why:
// gofeed_divergences.txt, "<path>\t<why>" per line, '#' comments.
const std::map<std::string, std::string>& Divergences() {
  static const std::map<std::string, std::string> kDivergences = [] {
    std::map<std::string, std::string> divergences;
    std::istringstream lines(ReadFileOrFail(PW_WEB_GOFEED_DIVERGENCES));
    for (std::string line; std::getline(lines, line);) {
      if (line.empty() || line.front() == '#') continue;
      size_t tab = line.find('\t');
      EXPECT_NE(tab, std::string::npos) << "no tab in divergence line: " << line;
      if (tab == std::string::npos) continue;
      divergences[line.substr(0, tab)] = line.substr(tab + 1);
    }
    return divergences;
  }();
  return kDivergences;
}

fs::path ConformanceDir() {
  if (const char* env = std::getenv("POSTWATCH_CONFORMANCE_DIR"); env != nullptr && *env) {
    return env;
  }
  return PW_CONFORMANCE_DIR;
}

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct Input {
  fs::path path;
  fs::path expected;  // empty when gofeed ships no expected output
};

std::vector<Input> CollectInputs(const fs::path& root) {
  std::vector<Input> inputs;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const fs::path& path = entry.path();
    std::string name = path.filename().string();
    if (EndsWith(name, "_expected.json")) continue;
    fs::path stem = path.parent_path() / path.stem();
    if (path.extension() == ".xml") {
      fs::path expected = stem.string() + ".json";
      inputs.push_back({path, fs::exists(expected) ? expected : fs::path()});
    } else if (path.extension() == ".json") {
      fs::path expected = stem.string() + "_expected.json";
      if (fs::exists(expected)) {
        inputs.push_back({path, expected});
      } else if (!fs::exists(stem.string() + ".xml")) {
        inputs.push_back({path, fs::path()});
      }
    }
  }
  std::sort(inputs.begin(), inputs.end(),
            [](const Input& a, const Input& b) { return a.path < b.path; });
  return inputs;
}

std::string Member(const rapidjson::Value& object, const char* key) {
  return std::string(plugin::JsonString(object, key).value_or(""));
}

std::string Trim(std::string text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// gofeed's item id, in whichever shape this expected file uses.
std::string ExpectedId(const rapidjson::Value& item) {
  if (const rapidjson::Value* guid = plugin::JsonMember(item, "guid")) {
    if (guid->IsString()) return Trim(guid->GetString());
    if (guid->IsObject()) return Trim(Member(*guid, "value"));
  }
  if (auto id = plugin::JsonScalarText(item, "id")) return Trim(*id);
  return "";
}

std::optional<int64_t> ExpectedTime(const rapidjson::Value& item) {
  for (const char* key :
       {"publishedParsed", "pubDateParsed", "date_published", "updatedParsed", "date_modified"}) {
    std::string text = Member(item, key);
    if (!text.empty()) return plugin::ParseFeedDate(text);
  }
  return std::nullopt;
}

std::string ExpectedUrl(const rapidjson::Value& item) {
  for (const char* key : {"link", "url"}) {
    std::string link = Trim(Member(item, key));
    if (!link.empty()) return link;
  }
  if (const rapidjson::Value* links = plugin::JsonMember(item, "links")) {
    if (links->IsArray()) {
      for (const rapidjson::Value& link : links->GetArray()) {
        std::string rel = Member(link, "rel");
        if (link.IsObject() && (rel.empty() || rel == "alternate")) return Member(link, "href");
      }
    }
  }
  return "";
}

// Compares the plugin's result with gofeed's; returns the differences, empty when they agree.
std::vector<std::string> Compare(const RecordingHost& host, pw_status status,
                                 const fs::path& expected_path) {
  std::vector<std::string> diffs;
  plugin::JsonParse expected = plugin::ParseJson(ReadFileOrFail(expected_path.string()));
  if (!expected.ok()) return {"expected output unreadable: " + expected.error};
  const rapidjson::Value* items = plugin::JsonMember(expected.doc, "items");
  if (items == nullptr) items = plugin::JsonMember(expected.doc, "entries");
  size_t want_count = items != nullptr && items->IsArray() ? items->Size() : 0;
  if (status != PW_DONE) {
    diffs.push_back("status " + std::to_string(status) + ": " +
                    (host.errors.empty() ? "" : host.errors.front()));
    return diffs;
  }
  if (host.posts.size() != want_count) {
    diffs.push_back("item count " + std::to_string(host.posts.size()) + ", gofeed " +
                    std::to_string(want_count));
    return diffs;
  }
  for (size_t i = 0; i < want_count; ++i) {
    const rapidjson::Value& want = (*items)[static_cast<rapidjson::SizeType>(i)];
    const testing::RecordedPost& got = host.posts[i];
    std::string prefix = "item " + std::to_string(i) + ": ";
    if (std::string id = ExpectedId(want); !id.empty() && id != got.id) {
      diffs.push_back(prefix + "id \"" + got.id + "\", gofeed \"" + id + "\"");
    }
    if (auto time = ExpectedTime(want); time && *time != got.published_at) {
      diffs.push_back(prefix + "published_at " + std::to_string(got.published_at) + ", gofeed " +
                      std::to_string(*time));
    }
    if (std::string url = ExpectedUrl(want); plugin::IsHttpUrl(url) && url != got.url) {
      diffs.push_back(prefix + "url \"" + got.url + "\", gofeed \"" + url + "\"");
    }
  }
  return diffs;
}

TEST(GofeedConformanceTest, EveryInputIsHandledAndAgreesWithGofeed) {
  fs::path root = ConformanceDir() / "gofeed" / "testdata";
  if (!fs::is_directory(root)) {
    GTEST_SKIP() << "gofeed conformance data not found at " << root
                 << " (set POSTWATCH_CONFORMANCE_DIR)";
  }
  PluginInstance plugin(WebPlugin(), "{\"max_items\": 1000}");
  ASSERT_EQ(plugin.init_status(), PW_OK);
  std::vector<Input> inputs = CollectInputs(root);
  ASSERT_GT(inputs.size(), 500u) << "the gofeed test data looks incomplete";
  size_t compared = 0;
  size_t agreed = 0;
  size_t diverged = 0;
  for (const Input& input : inputs) {
    std::string relative = fs::relative(input.path, root).string();
    SCOPED_TRACE(relative);
    RecordingHost host;
    pw_status status = plugin.Parse(host, 200, ReadFileOrFail(input.path.string()),
                                    "https://conformance.example/feed");
    // Any bytes: a feed, or a typed error with a message. Never an internal error.
    EXPECT_TRUE(status == PW_DONE || status == PW_E_PARSE || status == PW_E_LAYOUT)
        << "status " << status;
    if (status != PW_DONE) {
      EXPECT_EQ(host.errors.size(), 1u);
    }
    for (const testing::RecordedPost& post : host.posts) EXPECT_FALSE(post.id.empty());
    if (input.expected.empty()) continue;
    ++compared;
    std::vector<std::string> diffs = Compare(host, status, input.expected);
    auto divergence = Divergences().find(relative);
    if (divergence != Divergences().end()) {
      ++diverged;
      EXPECT_FALSE(diffs.empty()) << "listed as a divergence but now agrees with gofeed; "
                                     "remove it from Divergences()";
      continue;
    }
    if (diffs.empty()) {
      ++agreed;
      continue;
    }
    std::string all;
    for (const std::string& diff : diffs) all += "\n  " + diff;
    ADD_FAILURE() << relative << all;
  }
  std::cout << "[ gofeed   ] " << inputs.size() << " inputs handled; " << compared
            << " with expected output: " << agreed << " agree, " << diverged
            << " listed divergences, " << compared - agreed - diverged << " fail\n";
}

struct IllFormedCase {
  const char* file;  // relative to testdata/; xmllint rejects every one of them
  pw_status want;
  std::vector<std::string> texts;  // the posts' texts
};

// gofeed's ill-formed inputs: read in recover mode, with what a reader would see.
class GofeedIllFormedTest : public ::testing::TestWithParam<IllFormedCase> {};

TEST_P(GofeedIllFormedTest, IllFormedInputIsReadInRecoverMode) {
  fs::path path = ConformanceDir() / "gofeed" / "testdata" / GetParam().file;
  if (!fs::exists(path)) GTEST_SKIP() << path << " not found (set POSTWATCH_CONFORMANCE_DIR)";
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  EXPECT_EQ(plugin.Parse(host, 200, ReadFileOrFail(path.string())), GetParam().want)
      << (host.errors.empty() ? "" : host.errors.front());
  std::vector<std::string> texts;
  for (const testing::RecordedPost& post : host.posts) texts.push_back(post.text);
  EXPECT_EQ(texts, GetParam().texts);
}

INSTANTIATE_TEST_SUITE_P(
    IllFormed, GofeedIllFormedTest,
    ::testing::Values(
        IllFormedCase{"parser/atom/atom10_feed_entry_source_logo.xml", PW_DONE, {""}},
        IllFormedCase{
            "parser/atom/atom10_feed_entry_source_title_html_escaped_markup.xml", PW_DONE, {""}},
        IllFormedCase{"parser/atom/atom10_feed_entry_source_title_text.xml", PW_DONE, {""}},
        IllFormedCase{"parser/atom/atom10_feed_title_xhtml_escaped_markup.xml", PW_DONE, {}},
        IllFormedCase{"parser/atom/atom10_feed_title_xhtml_inline_markup.xml", PW_DONE, {}},
        IllFormedCase{"parser/rss/issue_305_bare_ampersand.xml", PW_DONE, {}},
        IllFormedCase{"parser/rss/issue_320_legacy_entity_prefix.xml", PW_DONE, {}},
        IllFormedCase{"parser/rss/rss_channel_item_illegal_char.xml", PW_DONE, {"abcd"}},
        IllFormedCase{"parser/rss/rss_channel_language.xml", PW_DONE, {}},
        IllFormedCase{"parser/universal/empty_feed.xml", PW_E_PARSE, {}}));

struct SniffCase {
  const char* file;  // relative to testdata/
  pw_status want;
};

// gofeed's format-detection inputs, which ship without expected output. The json*_feed and
// sample inputs use version "1.0" (see kJsonVersion above), so they are not JSON Feeds to us.
class GofeedSniffTest : public ::testing::TestWithParam<SniffCase> {};

TEST_P(GofeedSniffTest, FormatDetectionGivesTheExpectedResult) {
  fs::path path = ConformanceDir() / "gofeed" / "testdata" / GetParam().file;
  if (!fs::exists(path)) GTEST_SKIP() << path << " not found (set POSTWATCH_CONFORMANCE_DIR)";
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  EXPECT_EQ(plugin.Parse(host, 200, ReadFileOrFail(path.string())), GetParam().want)
      << (host.errors.empty() ? "" : host.errors.front());
}

INSTANTIATE_TEST_SUITE_P(
    Universal, GofeedSniffTest,
    ::testing::Values(SniffCase{"parser/universal/atom03_feed.xml", PW_DONE},
                      SniffCase{"parser/universal/atom10_feed.xml", PW_DONE},
                      SniffCase{"parser/universal/rdf_feed.xml", PW_DONE},
                      SniffCase{"parser/universal/rss_feed.xml", PW_DONE},
                      SniffCase{"parser/universal/rss_feed_bom.xml", PW_DONE},
                      SniffCase{"parser/universal/rss_feed_leading_spaces.xml", PW_DONE},
                      SniffCase{"parser/universal/empty_feed.xml", PW_E_PARSE},
                      SniffCase{"parser/universal/unknown_feed.xml", PW_E_LAYOUT},
                      SniffCase{"parser/universal/invalid.json", PW_E_PARSE},
                      SniffCase{"parser/universal/json10_feed.json", PW_E_LAYOUT},
                      SniffCase{"parser/universal/json11_feed.json", PW_E_LAYOUT},
                      SniffCase{"parser/universal/sample.json", PW_E_LAYOUT},
                      SniffCase{"parser/json/invalid/invalid.json", PW_E_PARSE}));

}  // namespace
}  // namespace postwatch::web
