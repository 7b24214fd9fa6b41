// The web plugin as the daemon sees it: the built .so exports one entry point, and the
// schemas in its manifest accept good configs and refuse bad ones.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/schema.h>

#include <memory>
#include <string>

#include "postwatch/plugin_api.h"
#include "web/web_plugin.h"

namespace postwatch::web {
namespace {

struct DlDeleter {
  void operator()(void* handle) const noexcept { dlclose(handle); }
};

TEST(WebPluginModuleTest, SharedObjectExportsTheEntryPointForAbiMajorOne) {
  std::unique_ptr<void, DlDeleter> handle(dlopen(PW_WEB_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL));
  ASSERT_NE(handle, nullptr) << dlerror();
  auto entry = reinterpret_cast<pw_plugin_entry_fn>(dlsym(handle.get(), PW_PLUGIN_ENTRY_SYMBOL));
  ASSERT_NE(entry, nullptr) << dlerror();
  const pw_plugin* plugin = entry(PW_ABI_MAJOR, PW_ABI_MINOR);
  ASSERT_NE(plugin, nullptr);
  EXPECT_STREQ(plugin->name, "web");
  EXPECT_EQ(entry(PW_ABI_MAJOR + 1, 0), nullptr);
  // Internal symbols stay hidden, so two plugins can never bind to each other's helpers.
  EXPECT_EQ(dlsym(handle.get(), "_ZN9postwatch3web9WebPluginEv"), nullptr);
}

struct SchemaCase {
  const char* name;
  bool config;  // true: config schema; false: account ref schema
  const char* json;
  bool valid;
};

class WebSchemaTest : public ::testing::TestWithParam<SchemaCase> {};

TEST_P(WebSchemaTest, SchemaAcceptsOrRefusesTheDocument) {
  const SchemaCase& c = GetParam();
  const pw_plugin* plugin = WebPlugin();
  rapidjson::Document schema_json;
  schema_json.Parse(c.config ? plugin->config_schema : plugin->account_schema);
  ASSERT_FALSE(schema_json.HasParseError());
  rapidjson::SchemaDocument schema(schema_json);
  rapidjson::Document document;
  document.Parse(c.json);
  ASSERT_FALSE(document.HasParseError()) << c.json;
  rapidjson::SchemaValidator validator(schema);
  EXPECT_EQ(document.Accept(validator), c.valid) << c.json;
}

INSTANTIATE_TEST_SUITE_P(
    Documents, WebSchemaTest,
    ::testing::Values(
        SchemaCase{"empty_config", true, "{}", true},
        SchemaCase{"full_config", true, R"({"max_items": 50, "base_url": "http://127.0.0.1:8080"})",
                   true},
        SchemaCase{"wordpress_page_size", true, R"({"wordpress_per_page": 25})", true},
        SchemaCase{"wordpress_page_too_big", true, R"({"wordpress_per_page": 101})", false},
        SchemaCase{"misspelled_key", true, R"({"max_item": 50})", false},
        SchemaCase{"zero_items", true, R"({"max_items": 0})", false},
        SchemaCase{"string_items", true, R"({"max_items": "50"})", false},
        SchemaCase{"schemeless_base", true, R"({"base_url": "127.0.0.1:8080"})", false},
        SchemaCase{"empty_ref", false, "{}", true},
        SchemaCase{"feed_url_ref", false, R"({"feed_url": "https://a.example/feed"})", true},
        SchemaCase{"ftp_feed_url", false, R"({"feed_url": "ftp://a.example/feed"})", false},
        SchemaCase{"wordpress_ref", false, R"({"kind": "wordpress"})", true},
        SchemaCase{"feed_kind_with_url", false,
                   R"({"kind": "feed", "feed_url": "https://a.example/x"})", true},
        SchemaCase{"unknown_kind", false, R"({"kind": "blogger"})", false},
        SchemaCase{"unknown_ref_key", false, R"({"channel": "x"})", false}),
    [](const ::testing::TestParamInfo<SchemaCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace postwatch::web
