// The mastodon plugin as the daemon sees it: the built .so exports one entry point, its
// schemas accept good configs and refuse bad ones, and `postwatchctl plugins replay` prints
// what the plugin found in a fixture.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/schema.h>

#include <memory>
#include <string>

#include "mastodon/mastodon_plugin.h"
#include "postwatch/plugin_api.h"
#include "replay_runner.h"

namespace postwatch::mastodon {
namespace {

struct DlDeleter {
  void operator()(void* handle) const noexcept { dlclose(handle); }
};

TEST(MastodonPluginModuleTest, SharedObjectExportsTheEntryPointWithItsManifest) {
  std::unique_ptr<void, DlDeleter> handle(dlopen(PW_MASTODON_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL));
  ASSERT_NE(handle, nullptr) << dlerror();
  auto entry = reinterpret_cast<pw_plugin_entry_fn>(dlsym(handle.get(), PW_PLUGIN_ENTRY_SYMBOL));
  ASSERT_NE(entry, nullptr) << dlerror();
  const pw_plugin* plugin = entry(PW_ABI_MAJOR, PW_ABI_MINOR);
  ASSERT_NE(plugin, nullptr);
  EXPECT_STREQ(plugin->name, "mastodon");
  EXPECT_STREQ(plugin->platform, "mastodon");
  ASSERT_EQ(plugin->egress_host_count, 1u);
  EXPECT_STREQ(plugin->egress_hosts[0], "*");
  EXPECT_NE(plugin->resolve, nullptr);
  EXPECT_EQ(entry(PW_ABI_MAJOR + 1, 0), nullptr);
  EXPECT_EQ(dlsym(handle.get(), "_ZN9postwatch8mastodon14MastodonPluginEv"), nullptr);
}

struct SchemaCase {
  const char* name;
  bool config;
  const char* json;
  bool valid;
};

class MastodonSchemaTest : public ::testing::TestWithParam<SchemaCase> {};

TEST_P(MastodonSchemaTest, SchemaAcceptsOrRefusesTheDocument) {
  const SchemaCase& c = GetParam();
  rapidjson::Document schema_json;
  schema_json.Parse(c.config ? MastodonPlugin()->config_schema : MastodonPlugin()->account_schema);
  ASSERT_FALSE(schema_json.HasParseError());
  rapidjson::SchemaDocument schema(schema_json);
  rapidjson::Document document;
  document.Parse(c.json);
  ASSERT_FALSE(document.HasParseError()) << c.json;
  rapidjson::SchemaValidator validator(schema);
  EXPECT_EQ(document.Accept(validator), c.valid) << c.json;
}

INSTANTIATE_TEST_SUITE_P(
    Documents, MastodonSchemaTest,
    ::testing::Values(SchemaCase{"empty_config", true, "{}", true},
                      SchemaCase{"full_config", true,
                                 R"({"base_url": "http://127.0.0.1:8080/mastodon", "page_limit": 40,
                       "max_pages": 9})",
                                 true},
                      SchemaCase{"page_limit_too_big", true, R"({"page_limit": 41})", false},
                      SchemaCase{"max_pages_too_big", true, R"({"max_pages": 10})", false},
                      SchemaCase{"misspelled_key", true, R"({"pagelimit": 5})", false},
                      SchemaCase{"schemeless_base", true, R"({"base_url": "127.0.0.1:8080"})",
                                 false},
                      SchemaCase{"empty_ref", false, "{}", true},
                      SchemaCase{"unknown_ref_key", false, R"({"instance": "x"})", false}),
    [](const ::testing::TestParamInfo<SchemaCase>& param_info) { return param_info.param.name; });

TEST(MastodonReplayTest, PostwatchctlReplayPrintsPostsCursorAndNextPage) {
  testing::ReplayRun run = testing::RunReplay(
      PW_POSTWATCHCTL_PATH,
      {"mastodon", std::string(PW_MASTODON_FIXTURES_DIR) + "/statuses_page1.json", "--plugin-dir",
       PW_PLUGIN_BUILD_DIR, "--no-permission-check", "--account",
       R"({"registered": "@alice@social.example", "id": "social.example/110000000000000001",
           "cursor": "111000000000000902"})",
       "--tag", "statuses", "--url",
       "https://social.example/api/v1/accounts/110000000000000001/statuses", "--header",
       "Link: <https://social.example/api/v1/accounts/110000000000000001/statuses?max_id=1>; "
       "rel=\"next\""});
  EXPECT_EQ(run.exit_code, 0);
  ASSERT_EQ(run.lines.size(), 4u) << ::testing::PrintToString(run.lines);
  EXPECT_EQ(
      run.lines[0],
      R"({"type":"post","id":"111000000000000905","url":"https://social.example/@alice/111000000000000905","published_at":"2024-03-02T10:15:30Z","kind":"post","links":["https://news.example.org/2024/03/a-very-long-article-title-about-the-city-budget?id=7"]})");
  EXPECT_EQ(
      run.lines[1],
      R"({"type":"post","id":"111000000000000904","url":"https://remote.example/@carol/111000000000000500","published_at":"2024-03-02T09:00:00Z","kind":"share","links":["https://flagged-one.example/story/42"],"shared_url":"https://remote.example/@carol/111000000000000500"})");
  EXPECT_EQ(
      run.lines[2],
      R"({"type":"post","id":"111000000000000903","url":"https://social.example/@alice/111000000000000903","published_at":"2024-03-02T08:30:00Z","kind":"reply","links":["http://example.net/"]})");
  EXPECT_EQ(run.lines[3], R"({"type":"cursor","cursor":"111000000000000905"})");
}

TEST(MastodonReplayTest, PostwatchctlReplayReportsGoneForAnUnknownAccount) {
  testing::ReplayRun run = testing::RunReplay(
      PW_POSTWATCHCTL_PATH,
      {"mastodon", std::string(PW_MASTODON_FIXTURES_DIR) + "/lookup_404.json", "--plugin-dir",
       PW_PLUGIN_BUILD_DIR, "--no-permission-check", "--account",
       R"({"registered": "@nobody@social.example"})", "--tag", "lookup", "--status", "404"});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 1u) << ::testing::PrintToString(run.lines);
  EXPECT_NE(run.lines[0].find(R"("code":"PW_E_GONE")"), std::string::npos) << run.lines[0];
  EXPECT_NE(run.lines[0].find("Record not found"), std::string::npos) << run.lines[0];
}

}  // namespace
}  // namespace postwatch::mastodon
