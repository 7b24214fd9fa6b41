// The facebook plugin as the daemon sees it: the built .so exports one entry point with its
// manifest and grant flow, its schemas accept good configs and refuse bad ones, and
// `postwatchctl plugins replay` prints what the plugin found in a fixture.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/schema.h>

#include <memory>
#include <string>

#include "facebook/facebook_plugin.h"
#include "postwatch/plugin_api.h"
#include "replay_runner.h"

namespace postwatch::facebook {
namespace {

struct DlDeleter {
  void operator()(void* handle) const noexcept { dlclose(handle); }
};

TEST(FacebookPluginModuleTest, SharedObjectExportsTheEntryPointWithItsManifest) {
  std::unique_ptr<void, DlDeleter> handle(dlopen(PW_FACEBOOK_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL));
  ASSERT_NE(handle, nullptr) << dlerror();
  auto entry = reinterpret_cast<pw_plugin_entry_fn>(dlsym(handle.get(), PW_PLUGIN_ENTRY_SYMBOL));
  ASSERT_NE(entry, nullptr) << dlerror();
  const pw_plugin* plugin = entry(PW_ABI_MAJOR, PW_ABI_MINOR);
  ASSERT_NE(plugin, nullptr);
  EXPECT_STREQ(plugin->name, "facebook");
  EXPECT_STREQ(plugin->platform, "facebook");
  EXPECT_EQ(plugin->abi_minor, 1u);
  ASSERT_EQ(plugin->egress_host_count, 4u);
  EXPECT_STREQ(plugin->egress_hosts[0], "graph.facebook.com");
  EXPECT_STREQ(plugin->egress_hosts[1], "www.facebook.com");
  EXPECT_STREQ(plugin->egress_hosts[2], "127.0.0.1");
  EXPECT_STREQ(plugin->egress_hosts[3], "localhost");
  EXPECT_NE(plugin->resolve, nullptr);
  EXPECT_NE(plugin->authorize, nullptr);
  EXPECT_EQ(plugin->refresh_credentials, nullptr);
  EXPECT_EQ(entry(PW_ABI_MAJOR + 1, 0), nullptr);
  EXPECT_EQ(dlsym(handle.get(), "_ZN9postwatch8facebook14FacebookPluginEv"), nullptr);
}

struct SchemaCase {
  const char* name;
  bool config;
  const char* json;
  bool valid;
};

class FacebookSchemaTest : public ::testing::TestWithParam<SchemaCase> {};

TEST_P(FacebookSchemaTest, SchemaAcceptsOrRefusesTheDocument) {
  const SchemaCase& c = GetParam();
  rapidjson::Document schema_json;
  schema_json.Parse(c.config ? FacebookPlugin()->config_schema : FacebookPlugin()->account_schema);
  ASSERT_FALSE(schema_json.HasParseError());
  rapidjson::SchemaDocument schema(schema_json);
  rapidjson::Document document;
  document.Parse(c.json);
  ASSERT_FALSE(document.HasParseError()) << c.json;
  rapidjson::SchemaValidator validator(schema);
  EXPECT_EQ(document.Accept(validator), c.valid) << c.json;
}

INSTANTIATE_TEST_SUITE_P(
    Documents, FacebookSchemaTest,
    ::testing::Values(SchemaCase{"empty_config", true, "{}", true},
                      SchemaCase{"sim_config", true,
                                 R"({"base_url": "http://127.0.0.1:8080/facebook/graph",
                       "dialog_base_url": "http://127.0.0.1:8080/facebook/www",
                       "api_version": "v19.0", "page_limit": 100, "max_pages": 9})",
                                 true},
                      SchemaCase{"page_limit_too_big", true, R"({"page_limit": 101})", false},
                      SchemaCase{"bad_version", true, R"({"api_version": "latest"})", false},
                      SchemaCase{"token_in_config", true, R"({"access_token": "EAAG"})", false},
                      SchemaCase{"schemeless_base", true, R"({"base_url": "graph.facebook.com"})",
                                 false},
                      SchemaCase{"empty_ref", false, "{}", true},
                      SchemaCase{"unknown_ref_key", false, R"({"page": "x"})", false}),
    [](const ::testing::TestParamInfo<SchemaCase>& param_info) { return param_info.param.name; });

TEST(FacebookReplayTest, PostwatchctlReplayPrintsPostsNextPageAndCursor) {
  testing::ReplayRun run = testing::RunReplay(
      PW_POSTWATCHCTL_PATH,
      {"facebook", std::string(PW_FACEBOOK_FIXTURES_DIR) + "/posts_page1.json", "--plugin-dir",
       PW_PLUGIN_BUILD_DIR, "--no-permission-check", "--account",
       R"({"registered": "https://www.facebook.com/examplepage", "id": "104512345678901",
           "cursor": "1707600000:104512345678901_7000000001"})",
       "--credential", R"({"access_token": "EAAGsecretpagetoken"})"});
  EXPECT_EQ(run.exit_code, 0);
  ASSERT_EQ(run.lines.size(), 5u) << ::testing::PrintToString(run.lines);
  EXPECT_EQ(
      run.lines[0],
      R"({"type":"post","id":"104512345678901_7000000012","url":"https://www.facebook.com/examplepage/posts/pfbid02AbCdEf","published_at":"2024-02-12T12:45:08Z","kind":"post","links":["https://news.example.org/2024/02/budget?id=7","http://www.city-hall.example/vote","https://explainer.example.net/budget-2024"]})");
  EXPECT_EQ(
      run.lines[1],
      R"({"type":"post","id":"104512345678901_7000000011","url":"https://www.facebook.com/examplepage/posts/pfbid0XyZ","published_at":"2024-02-12T09:10:00Z","kind":"post","links":["https://l.facebook.com/l.php?u=https%3A%2F%2Fflagged-one.example%2Fstory%2F42&h=AT2q&s=1"]})");
  EXPECT_NE(run.lines[3].find(R"("type":"request","method":"GET")"), std::string::npos);
  EXPECT_NE(run.lines[3].find(R"("tag":"posts:2")"), std::string::npos);
  EXPECT_EQ(run.lines[3].find("EAAGsecretpagetoken"), std::string::npos) << run.lines[3];
  EXPECT_EQ(run.lines[4], R"({"type":"cursor","cursor":"1707741908:104512345678901_7000000012"})");
}

TEST(FacebookReplayTest, PostwatchctlReplayReportsAnExpiredTokenAsAuth) {
  testing::ReplayRun run = testing::RunReplay(
      PW_POSTWATCHCTL_PATH,
      {"facebook", std::string(PW_FACEBOOK_FIXTURES_DIR) + "/error_expired.json", "--plugin-dir",
       PW_PLUGIN_BUILD_DIR, "--no-permission-check", "--account",
       R"({"registered": "https://www.facebook.com/examplepage", "id": "104512345678901"})",
       "--credential", "EAAGsecretpagetoken", "--status", "400"});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 1u) << ::testing::PrintToString(run.lines);
  EXPECT_NE(run.lines[0].find(R"("code":"PW_E_AUTH")"), std::string::npos) << run.lines[0];
  EXPECT_NE(run.lines[0].find("reconnect"), std::string::npos) << run.lines[0];
}

}  // namespace
}  // namespace postwatch::facebook
