// The zalo plugin as the daemon sees it: the built .so exports one entry point with the
// grant and refresh steps, its schemas accept good configs and refuse bad ones, and
// `postwatchctl plugins replay` prints what the plugin found in a fixture.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/schema.h>

#include <memory>
#include <string>

#include "postwatch/plugin_api.h"
#include "replay_runner.h"
#include "zalo/zalo_plugin.h"

namespace postwatch::zalo {
namespace {

struct DlDeleter {
  void operator()(void* handle) const noexcept { dlclose(handle); }
};

TEST(ZaloPluginModuleTest, SharedObjectExportsTheEntryPointWithItsManifest) {
  std::unique_ptr<void, DlDeleter> handle(dlopen(PW_ZALO_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL));
  ASSERT_NE(handle, nullptr) << dlerror();
  auto entry = reinterpret_cast<pw_plugin_entry_fn>(dlsym(handle.get(), PW_PLUGIN_ENTRY_SYMBOL));
  ASSERT_NE(entry, nullptr) << dlerror();
  const pw_plugin* plugin = entry(PW_ABI_MAJOR, PW_ABI_MINOR);
  ASSERT_NE(plugin, nullptr);
  EXPECT_STREQ(plugin->name, "zalo");
  EXPECT_STREQ(plugin->platform, "zalo");
  EXPECT_EQ(plugin->abi_minor, 1u);
  ASSERT_EQ(plugin->egress_host_count, 4u);
  EXPECT_STREQ(plugin->egress_hosts[0], "openapi.zalo.me");
  EXPECT_STREQ(plugin->egress_hosts[1], "oauth.zaloapp.com");
  EXPECT_NE(plugin->resolve, nullptr);
  EXPECT_NE(plugin->refresh_credentials, nullptr);
  EXPECT_NE(plugin->authorize, nullptr);
  EXPECT_EQ(entry(PW_ABI_MAJOR + 1, 0), nullptr);
  EXPECT_EQ(dlsym(handle.get(), "_ZN9postwatch4zalo10ZaloPluginEv"), nullptr);
}

struct SchemaCase {
  const char* name;
  bool config;
  const char* json;
  bool valid;
};

class ZaloSchemaTest : public ::testing::TestWithParam<SchemaCase> {};

TEST_P(ZaloSchemaTest, SchemaAcceptsOrRefusesTheDocument) {
  const SchemaCase& c = GetParam();
  rapidjson::Document schema_json;
  schema_json.Parse(c.config ? ZaloPlugin()->config_schema : ZaloPlugin()->account_schema);
  ASSERT_FALSE(schema_json.HasParseError());
  rapidjson::SchemaDocument schema(schema_json);
  rapidjson::Document document;
  document.Parse(c.json);
  ASSERT_FALSE(document.HasParseError()) << c.json;
  rapidjson::SchemaValidator validator(schema);
  EXPECT_EQ(document.Accept(validator), c.valid) << c.json;
}

INSTANTIATE_TEST_SUITE_P(
    Documents, ZaloSchemaTest,
    ::testing::Values(
        SchemaCase{"empty_config", true, "{}", true},
        SchemaCase{"sim_config", true,
                   R"({"api_base_url": "http://127.0.0.1:8080/zalo",
                       "oauth_base_url": "http://127.0.0.1:8080/zalo/oauth",
                       "authorize_base_url": "http://127.0.0.1:8080/zalo/oauth",
                       "page_limit": 10, "max_pages": 5})",
                   true},
        SchemaCase{"page_limit_over_zalo_cap", true, R"({"page_limit": 11})", false},
        SchemaCase{"max_pages_too_big", true, R"({"max_pages": 6})", false},
        SchemaCase{"old_base_url_key", true, R"({"base_url": "http://127.0.0.1:8080"})", false},
        SchemaCase{"schemeless_api_base", true, R"({"api_base_url": "openapi.zalo.me"})", false},
        SchemaCase{"empty_ref", false, "{}", true},
        SchemaCase{"unknown_ref_key", false, R"({"oa_id": "1"})", false}),
    [](const ::testing::TestParamInfo<SchemaCase>& param_info) { return param_info.param.name; });

constexpr const char* kAccount = R"({"registered": "https://zalo.me/4368496045530239617",
                                     "cursor": "1709366400000:a3f9d8c7b6a5"})";

TEST(ZaloReplayTest, PostwatchctlReplayPrintsTheArticleAndTheCursor) {
  testing::ReplayRun run =
      testing::RunReplay(PW_POSTWATCHCTL_PATH,
                         {"zalo", std::string(PW_ZALO_FIXTURES_DIR) + "/detail_links.json",
                          "--plugin-dir", PW_PLUGIN_BUILD_DIR, "--no-permission-check", "--account",
                          kAccount, "--credential", R"({"access_token": "zat-SECRET-0001"})",
                          "--tag", "detail:1709374530000:a5c3f1e0b7d94e2a8f6c1d0b3e9a7c55"});
  EXPECT_EQ(run.exit_code, 0);
  ASSERT_EQ(run.lines.size(), 2u) << ::testing::PrintToString(run.lines);
  EXPECT_EQ(
      run.lines[0],
      R"({"type":"post","id":"a5c3f1e0b7d94e2a8f6c1d0b3e9a7c55","url":"https://zalo.me/s/4368496045530239617/a5c3f1e0","published_at":"2024-03-02T10:15:30Z","kind":"post","links":["https://news.example.org/story?id=7&src=oa","https://zalo.me/s/4368496045530239617/other","http://www.example.net/page","https://photos.example.com/credit","https://shop.example.com/item/3","https://flagged-one.example/promo","https://source.example.org/report","https://blog.example.com/post-42"]})");
  EXPECT_EQ(run.lines[1],
            R"({"type":"cursor","cursor":"1709374530000:a5c3f1e0b7d94e2a8f6c1d0b3e9a7c55"})");
}

TEST(ZaloReplayTest, PostwatchctlReplayReportsAnExpiredTokenWithoutShowingIt) {
  testing::ReplayRun run = testing::RunReplay(
      PW_POSTWATCHCTL_PATH, {"zalo", std::string(PW_ZALO_FIXTURES_DIR) + "/error_echo_token.json",
                             "--plugin-dir", PW_PLUGIN_BUILD_DIR, "--no-permission-check",
                             "--account", kAccount, "--credential", "zat-SECRET-0001"});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 1u) << ::testing::PrintToString(run.lines);
  EXPECT_NE(run.lines[0].find(R"("code":"PW_E_AUTH")"), std::string::npos) << run.lines[0];
  EXPECT_NE(run.lines[0].find("-216"), std::string::npos) << run.lines[0];
  EXPECT_EQ(run.lines[0].find("zat-SECRET-0001"), std::string::npos) << run.lines[0];
}

}  // namespace
}  // namespace postwatch::zalo
