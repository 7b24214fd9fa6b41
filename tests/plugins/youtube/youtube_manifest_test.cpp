// The youtube plugin as the daemon sees it: the built .so loads through the plugin host,
// replays a fixture like `postwatchctl plugins replay`, and its schemas and config parsing
// accept good configs and refuse bad ones with a readable message.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/schema.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "youtube/youtube_config.h"
#include "youtube_test_support.h"

namespace postwatch::youtube {
namespace {

using testing::AccountFor;
using testing::Fixture;
using testing::ResponseOf;

TEST(YoutubeModuleTest, BuiltModuleLoadsThroughThePluginHostAndReplaysAFeed) {
  auto loaded = Plugin::Load(PW_YOUTUBE_PLUGIN_PATH, /*check_permissions=*/false);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  Plugin& plugin = **loaded;
  ASSERT_TRUE(plugin.Init("{}").ok());
  EXPECT_EQ(plugin.manifest().name, "youtube");
  EXPECT_EQ(plugin.manifest().platform, "youtube");
  EXPECT_TRUE(plugin.manifest().has_resolve);
  EXPECT_TRUE(plugin.EgressAllowed("www.youtube.com"));
  EXPECT_TRUE(plugin.EgressAllowed("www.googleapis.com"));
  EXPECT_FALSE(plugin.EgressAllowed("evil.example.com"));
  PluginCallResult r = plugin.Parse(
      AccountFor("UCq7QmYg2Vx0KdPw9b1Lz3aA", "UCq7QmYg2Vx0KdPw9b1Lz3aA"),
      ResponseOf(200, Fixture("feed_channel.xml"), "feed",
                 "https://www.youtube.com/feeds/videos.xml?channel_id=UCq7QmYg2Vx0KdPw9b1Lz3aA"));
  ASSERT_EQ(r.code, PW_DONE) << r.error;
  ASSERT_EQ(r.posts.size(), 3u);
  EXPECT_EQ(r.posts[1].id, "Zx9-Ty7Uq2w");
  EXPECT_EQ(r.posts[1].links.size(), 4u);
}

struct SchemaCase {
  const char* name;
  bool config;  // true: config schema and ParseYoutubeConfig; false: account ref schema
  const char* json;
  bool valid;
  const char* error_part;  // for invalid configs: what ParseYoutubeConfig says
};

class YoutubeSchemaTest : public ::testing::TestWithParam<SchemaCase> {};

TEST_P(YoutubeSchemaTest, SchemaAndParserAgree) {
  const SchemaCase& c = GetParam();
  rapidjson::Document schema_json;
  schema_json.Parse(c.config ? kYoutubeConfigSchema : kYoutubeAccountSchema);
  ASSERT_FALSE(schema_json.HasParseError());
  rapidjson::SchemaDocument schema(schema_json);
  rapidjson::Document document;
  document.Parse(c.json);
  ASSERT_FALSE(document.HasParseError()) << c.json;
  rapidjson::SchemaValidator validator(schema);
  EXPECT_EQ(document.Accept(validator), c.valid) << c.json;
  if (c.config) {
    YoutubeConfigParse parsed = ParseYoutubeConfig(c.json);
    EXPECT_EQ(parsed.error.empty(), c.valid) << parsed.error;
    if (!c.valid) {
      EXPECT_NE(parsed.error.find(c.error_part), std::string::npos) << parsed.error;
    }
  } else if (std::string_view(c.name) != "unknown_ref_key") {
    // Unknown ref keys are the schema's job; the plugin rechecks the channel id itself.
    EXPECT_EQ(ChannelIdFromRef(c.json).error.empty(), c.valid);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Documents, YoutubeSchemaTest,
    ::testing::Values(
        SchemaCase{"empty_config", true, "{}", true, ""},
        SchemaCase{
            "full_config", true,
            R"({"mode":"data_api","max_pages":5,"base_url":"http://127.0.0.1:8080/youtube"})", true,
            ""},
        SchemaCase{"misspelled_key", true, R"({"max_page": 5})", false, "unknown config key"},
        SchemaCase{"unknown_mode", true, R"({"mode": "scrape"})", false, "mode must be"},
        SchemaCase{"zero_pages", true, R"({"max_pages": 0})", false, "max_pages"},
        SchemaCase{"string_pages", true, R"({"max_pages": "3"})", false, "max_pages"},
        SchemaCase{"schemeless_base", true, R"({"base_url": "127.0.0.1:8080"})", false, "base_url"},
        SchemaCase{"empty_ref", false, "{}", true, ""},
        SchemaCase{"channel_ref", false, R"({"channel_id":"UCq7QmYg2Vx0KdPw9b1Lz3aA"})", true, ""},
        SchemaCase{"short_channel_ref", false, R"({"channel_id":"UCq7"})", false, ""},
        SchemaCase{"unknown_ref_key", false, R"({"handle":"@x"})", false, ""}),
    [](const ::testing::TestParamInfo<SchemaCase>& param_info) { return param_info.param.name; });

// The real captures in ../shared/platform-samples/youtube, read in place.
std::filesystem::path SamplesDir() {
  if (const char* env = std::getenv("POSTWATCH_PLATFORM_SAMPLES_DIR"); env != nullptr && *env) {
    return std::filesystem::path(env) / "youtube";
  }
  return std::filesystem::path(PW_PLATFORM_SAMPLES_DIR) / "youtube";
}

std::string ReadSample(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

TEST(YoutubePlatformSampleTest, RealFeedYieldsFifteenDatedVideosWithLinks) {
  std::filesystem::path path = SamplesDir() / "videos.xml_user_Kurzgesagt.xml";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present";
  auto plugin = testing::LoadYoutube();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(AccountFor("https://www.youtube.com/user/Kurzgesagt"),
                                     ResponseOf(200, ReadSample(path), "feed"));
  ASSERT_EQ(r.code, PW_DONE) << r.error;
  EXPECT_EQ(r.posts.size(), 15u);
  EXPECT_EQ(r.account_id.value_or("<none>"), "UCsXVk37bltHxD1rDPwtNM8Q");
  EXPECT_TRUE(std::all_of(r.posts.begin(), r.posts.end(),
                          [](const Post& p) { return p.published_at > 0 && p.id.size() == 11; }));
  EXPECT_TRUE(std::any_of(r.posts.begin(), r.posts.end(), [](const Post& p) {
    return p.url.find("/shorts/") != std::string::npos;
  }));
  EXPECT_TRUE(std::any_of(r.posts.begin(), r.posts.end(), [](const Post& p) {
    return std::find(p.links.begin(), p.links.end(), "https://kgs.link/patreon") != p.links.end();
  }));
}

TEST(YoutubePlatformSampleTest, RealNotFoundPageIsGone) {
  std::filesystem::path path = SamplesDir() / "videos.xml_404.html";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present";
  auto plugin = testing::LoadYoutube();
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r = plugin->Parse(AccountFor("UCTGjY2I-ZUGnwVoWAGRd7XQ"),
                                     ResponseOf(404, ReadSample(path), "feed"));
  EXPECT_EQ(r.code, PW_E_GONE);
}

TEST(YoutubePlatformSampleTest, RealPermissionDeniedErrorIsAuth) {
  std::filesystem::path path = SamplesDir() / "dataapi_error_permission_resp.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present";
  auto plugin = testing::LoadYoutube(R"({"mode":"data_api"})");
  ASSERT_NE(plugin, nullptr);
  PluginCallResult r =
      plugin->Parse(AccountFor("UCq7QmYg2Vx0KdPw9b1Lz3aA"),
                    ResponseOf(403, ReadSample(path), "api:1:UUq7QmYg2Vx0KdPw9b1Lz3aA"), "key");
  EXPECT_EQ(r.code, PW_E_AUTH) << r.error;
}

}  // namespace
}  // namespace postwatch::youtube
