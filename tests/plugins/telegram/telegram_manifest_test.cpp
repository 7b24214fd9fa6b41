// The telegram plugin as the daemon sees it: the built .so loads through the plugin host and
// replays a fixture like `postwatchctl plugins replay`; its config parsing refuses mistakes
// with a readable message; and the real sample page in ../shared/platform-samples reads.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/schema.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "telegram/telegram_config.h"
#include "telegram_test_support.h"

namespace postwatch::telegram {
namespace {

using testing::AccountFor;
using testing::Fixture;
using testing::PageOf;

TEST(TelegramModuleTest, BuiltModuleLoadsThroughThePluginHostAndReplaysAPage) {
  auto loaded = Plugin::Load(PW_TELEGRAM_PLUGIN_PATH, /*check_permissions=*/false);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  Plugin& plugin = **loaded;
  ASSERT_TRUE(plugin.Init("{}").ok());
  EXPECT_EQ(plugin.manifest().name, "telegram");
  EXPECT_EQ(plugin.manifest().platform, "telegram");
  EXPECT_EQ(plugin.manifest().flags & PW_PLUGIN_READS_WEB_PAGES, PW_PLUGIN_READS_WEB_PAGES);
  EXPECT_TRUE(plugin.EgressAllowed("t.me"));
  EXPECT_FALSE(plugin.EgressAllowed("telegram.org"));
  PluginCallResult r =
      plugin.Parse(AccountFor("@ward7news"), PageOf(200, Fixture("channel_page.html")));
  ASSERT_EQ(r.code, PW_DONE) << r.error;
  EXPECT_EQ(r.posts.size(), 5u);
  EXPECT_EQ(r.cursor.value_or("<none>"), "106");
}

struct ConfigCase {
  const char* name;
  const char* json;
  bool valid;
  const char* error_part;
};

class TelegramConfigTest : public ::testing::TestWithParam<ConfigCase> {};

TEST_P(TelegramConfigTest, SchemaAndParserAgree) {
  const ConfigCase& c = GetParam();
  rapidjson::Document schema_json;
  schema_json.Parse(kTelegramConfigSchema);
  ASSERT_FALSE(schema_json.HasParseError());
  rapidjson::SchemaDocument schema(schema_json);
  rapidjson::Document document;
  document.Parse(c.json);
  ASSERT_FALSE(document.HasParseError()) << c.json;
  rapidjson::SchemaValidator validator(schema);
  EXPECT_EQ(document.Accept(validator), c.valid) << c.json;
  TelegramConfigParse parsed = ParseTelegramConfig(c.json);
  EXPECT_EQ(parsed.error.empty(), c.valid) << parsed.error;
  EXPECT_NE(parsed.error.find(c.error_part), std::string::npos) << parsed.error;
}

INSTANTIATE_TEST_SUITE_P(
    Configs, TelegramConfigTest,
    ::testing::Values(
        ConfigCase{"empty", "{}", true, ""},
        ConfigCase{"full", R"({"max_pages": 10, "base_url": "http://127.0.0.1:9000/telegram"})",
                   true, ""},
        ConfigCase{"misspelled_key", R"({"max_page": 3})", false,
                   "unknown config key \"max_page\""},
        ConfigCase{"too_many_pages", R"({"max_pages": 51})", false, "from 1 to 50"},
        ConfigCase{"base_without_scheme", R"({"base_url": "t.me"})", false, "base_url"}),
    [](const ::testing::TestParamInfo<ConfigCase>& param_info) { return param_info.param.name; });

TEST(TelegramPlatformSampleTest, RealPreviewMarkupYieldsItsMessages) {
  const char* env = std::getenv("POSTWATCH_PLATFORM_SAMPLES_DIR");
  std::filesystem::path dir = env != nullptr && *env
                                  ? std::filesystem::path(env)
                                  : std::filesystem::path(PW_PLATFORM_SAMPLES_DIR);
  std::filesystem::path path = dir / "telegram" / "tme_s_channel_kvartiry_almaty.html";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present";
  std::ifstream in(path, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  auto plugin = testing::LoadTelegram();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r =
      plugin->Parse(AccountFor("kvartiry_almaty", "300"),
                    PageOf(200, body.str(), "page:1", "https://t.me/s/kvartiry_almaty"));
  ASSERT_EQ(r.code, PW_OK) << r.error;
  // 363 is a service message; the others are listings with dates.
  ASSERT_EQ(r.posts.size(), 4u);
  EXPECT_EQ(r.posts[0].id, "368");
  EXPECT_EQ(r.posts[0].url, "https://t.me/kvartiry_almaty/368");
  EXPECT_GT(r.posts[0].published_at, 0);
  EXPECT_EQ(r.cursor.value_or("<none>"), "377");
  // The page's "older messages" link says data-before=363, and the cursor is older.
  ASSERT_EQ(r.requests.size(), 1u);
  EXPECT_EQ(r.requests[0].url, "https://t.me/s/kvartiry_almaty?before=363");
}

}  // namespace
}  // namespace postwatch::telegram
