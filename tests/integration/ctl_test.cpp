// postwatchctl's offline subcommands, run as a user would run them.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <sstream>

#include "harness.h"

namespace postwatch::testing {
namespace {

TEST(CtlTest, CheckConfigAcceptsTheExampleConfig) {
  CommandResult r =
      RunCommand({PostwatchctlPath(), "check-config", SourceDir() + "/examples/postwatch.json"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("ok"), std::string::npos) << r.output;
}

TEST(CtlTest, CheckConfigReportsEveryErrorWithLineColumnAndPointer) {
  TempDir tmp;
  WriteFile(tmp.File("bad.json"),
            "{\n  // a comment is fine\n  \"fetch\": {\"timeuot_ms\": 5,\n            "
            "\"max_redirects\": \"five\"},\n}\n");
  CommandResult r = RunCommand({PostwatchctlPath(), "check-config", tmp.File("bad.json")});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(
      r.output.find(tmp.File("bad.json") + ":3:13: /fetch/timeuot_ms: unknown key 'timeuot_ms'; "
                                           "did you mean 'timeout_ms'?"),
      std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find(":4:30: /fetch/max_redirects: expected integer"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("2 error(s)"), std::string::npos) << r.output;
}

TEST(CtlTest, PluginsReplayPrintsOneJsonObjectPerLine) {
  CommandResult r = RunCommand(
      {PostwatchctlPath(), "plugins", "replay", "web",
       SourceDir() + "/tests/plugins/web/fixtures/rss20_content_encoded.xml", "--plugin-dir",
       PluginDir(), "--account", R"({"registered":"https://blog.example/feed"})"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::istringstream lines(r.output);
  std::string line;
  int posts = 0, cursors = 0;
  while (std::getline(lines, line)) {
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    ASSERT_FALSE(doc.HasParseError()) << line;
    std::string type = doc["type"].GetString();
    if (type == "post") {
      ++posts;
      EXPECT_TRUE(doc["id"].IsString());
      EXPECT_TRUE(doc["links"].IsArray());
      EXPECT_TRUE(doc["published_at"].IsString() || doc["published_at"].IsNull());
    }
    if (type == "cursor") ++cursors;
  }
  EXPECT_GT(posts, 0) << r.output;
  EXPECT_EQ(cursors, 1) << r.output;
}

TEST(CtlTest, PluginsReplayReportsThePluginsErrorCode) {
  CommandResult r = RunCommand({PostwatchctlPath(), "plugins", "replay", "web",
                                SourceDir() + "/tests/plugins/web/fixtures/not_found.html",
                                "--plugin-dir", PluginDir(), "--status", "404", "--account",
                                R"({"registered":"https://blog.example/gone.xml"})"});
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("\"code\":\"PW_E_GONE\""), std::string::npos) << r.output;
}

TEST(CtlTest, LinksCheckShowsTheUnwrapChainAndTheMatchingRule) {
  TempDir tmp;
  WriteFile(tmp.File("watch.txt"), "flagged-one.example\n");
  CommandResult r = RunCommand(
      {PostwatchctlPath(), "links", "check", "--lists", tmp.path(),
       "https://l.facebook.com/l.php?u=https%3A%2F%2Fnews.flagged-one.example%2Fa%3Futm_source%3Dx",
       "https://notflagged-one.example/"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("-> https://news.flagged-one.example/a\n"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("flagged: list watch, rule flagged-one.example"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("no list matches"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace postwatch::testing
