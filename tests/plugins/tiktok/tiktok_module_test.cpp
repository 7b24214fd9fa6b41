// The tiktok plugin as the daemon sees it: the built .so exports one entry point with the
// ABI 1.1 grant functions, its schemas accept good configs and refuse bad ones, and
// `postwatchctl plugins replay` prints what the plugin found in a fixture.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/schema.h>

#include <memory>
#include <string>

#include "postwatch/plugin_api.h"
#include "replay_runner.h"
#include "tiktok/tiktok_plugin.h"

namespace postwatch::tiktok {
namespace {

struct DlDeleter {
  void operator()(void* handle) const noexcept { dlclose(handle); }
};

TEST(TikTokPluginModuleTest, SharedObjectExportsTheEntryPointWithItsGrantFunctions) {
  std::unique_ptr<void, DlDeleter> handle(dlopen(PW_TIKTOK_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL));
  ASSERT_NE(handle, nullptr) << dlerror();
  auto entry = reinterpret_cast<pw_plugin_entry_fn>(dlsym(handle.get(), PW_PLUGIN_ENTRY_SYMBOL));
  ASSERT_NE(entry, nullptr) << dlerror();
  const pw_plugin* plugin = entry(PW_ABI_MAJOR, PW_ABI_MINOR);
  ASSERT_NE(plugin, nullptr);
  EXPECT_STREQ(plugin->name, "tiktok");
  EXPECT_STREQ(plugin->platform, "tiktok");
  EXPECT_EQ(plugin->abi_minor, 1u);
  ASSERT_GE(plugin->egress_host_count, 1u);
  EXPECT_STREQ(plugin->egress_hosts[0], "open.tiktokapis.com");
  EXPECT_NE(plugin->resolve, nullptr);
  EXPECT_NE(plugin->refresh_credentials, nullptr);
  EXPECT_NE(plugin->authorize, nullptr);
  EXPECT_EQ(entry(PW_ABI_MAJOR + 1, 0), nullptr);
  EXPECT_EQ(dlsym(handle.get(), "_ZN9postwatch6tiktok12TikTokPluginEv"), nullptr);
}

struct SchemaCase {
  const char* name;
  bool config;
  const char* json;
  bool valid;
};

class TikTokSchemaTest : public ::testing::TestWithParam<SchemaCase> {};

TEST_P(TikTokSchemaTest, SchemaAcceptsOrRefusesTheDocument) {
  const SchemaCase& c = GetParam();
  rapidjson::Document schema_json;
  schema_json.Parse(c.config ? TikTokPlugin()->config_schema : TikTokPlugin()->account_schema);
  ASSERT_FALSE(schema_json.HasParseError());
  rapidjson::SchemaDocument schema(schema_json);
  rapidjson::Document document;
  document.Parse(c.json);
  ASSERT_FALSE(document.HasParseError()) << c.json;
  rapidjson::SchemaValidator validator(schema);
  EXPECT_EQ(document.Accept(validator), c.valid) << c.json;
}

INSTANTIATE_TEST_SUITE_P(
    Documents, TikTokSchemaTest,
    ::testing::Values(SchemaCase{"empty_config", true, "{}", true},
                      SchemaCase{"sim_config", true,
                                 R"({"api_base_url": "http://127.0.0.1:8080/tiktok",
                       "auth_base_url": "http://127.0.0.1:8080/tiktok",
                       "page_size": 20, "max_pages": 9})",
                                 true},
                      SchemaCase{"page_size_too_big", true, R"({"page_size": 21})", false},
                      SchemaCase{"max_pages_zero", true, R"({"max_pages": 0})", false},
                      SchemaCase{"schemeless_api_base", true,
                                 R"({"api_base_url": "open.tiktokapis.com"})", false},
                      SchemaCase{"token_in_config", true, R"({"access_token": "act.x"})", false},
                      SchemaCase{"empty_ref", false, "{}", true},
                      SchemaCase{"unknown_ref_key", false, R"({"open_id": "x"})", false}),
    [](const ::testing::TestParamInfo<SchemaCase>& param_info) { return param_info.param.name; });

TEST(TikTokReplayTest, PostwatchctlReplayPrintsVideosCursorAndNextPage) {
  testing::ReplayRun run = testing::RunReplay(
      PW_POSTWATCHCTL_PATH,
      {"tiktok", std::string(PW_TIKTOK_FIXTURES_DIR) + "/videos_page1.json", "--plugin-dir",
       PW_PLUGIN_BUILD_DIR, "--no-permission-check", "--account",
       R"({"registered": "@river.city.news", "cursor": "1717236400:7375487936871582984"})",
       "--credential", "act.replay", "--tag", "videos"});
  EXPECT_EQ(run.exit_code, 0);
  ASSERT_EQ(run.lines.size(), 3u) << ::testing::PrintToString(run.lines);
  EXPECT_EQ(
      run.lines[0],
      R"({"type":"post","id":"7375518452019105067","url":"https://www.tiktok.com/@river.city.news/video/7375518452019105067","published_at":"2024-06-01T12:05:00Z","kind":"video","links":["https://news.example.org/2024/06/flood-map?src=tt","http://www.city.example/shelters"]})");
  EXPECT_EQ(
      run.lines[1],
      R"({"type":"post","id":"7375503399152209195","url":"https://www.tiktok.com/@river.city.news/video/7375503399152209195","published_at":"2024-06-01T11:06:40Z","kind":"video","links":["https://flagged-one.example/story/42"]})");
  EXPECT_EQ(run.lines[2], R"({"type":"cursor","cursor":"1717243500:7375518452019105067"})");
}

TEST(TikTokReplayTest, PostwatchctlReplayReportsAnExpiredTokenAsAuth) {
  testing::ReplayRun run = testing::RunReplay(
      PW_POSTWATCHCTL_PATH,
      {"tiktok", std::string(PW_TIKTOK_FIXTURES_DIR) + "/error_access_token_invalid.json",
       "--plugin-dir", PW_PLUGIN_BUILD_DIR, "--no-permission-check", "--account",
       R"({"registered": "@river.city.news"})", "--credential", "act.replay", "--tag", "videos",
       "--status", "401"});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 1u) << ::testing::PrintToString(run.lines);
  EXPECT_NE(run.lines[0].find(R"("code":"PW_E_AUTH")"), std::string::npos) << run.lines[0];
  EXPECT_NE(run.lines[0].find("access_token_invalid"), std::string::npos) << run.lines[0];
  EXPECT_EQ(run.lines[0].find("act.replay"), std::string::npos) << run.lines[0];
}

}  // namespace
}  // namespace postwatch::tiktok
