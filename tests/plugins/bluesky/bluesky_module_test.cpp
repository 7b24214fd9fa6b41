// The bluesky plugin as the daemon sees it: the built .so exports one entry point, its schemas
// accept good configs and refuse bad ones, and `postwatchctl plugins replay` prints what the
// plugin found in a fixture.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/schema.h>

#include <memory>
#include <string>
#include <vector>

#include "bluesky/bluesky_plugin.h"
#include "postwatch/plugin_api.h"
#include "replay_runner.h"

namespace postwatch::bluesky {
namespace {

struct DlDeleter {
  void operator()(void* handle) const noexcept { dlclose(handle); }
};

TEST(BlueskyPluginModuleTest, SharedObjectExportsTheEntryPointWithItsManifest) {
  std::unique_ptr<void, DlDeleter> handle(dlopen(PW_BLUESKY_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL));
  ASSERT_NE(handle, nullptr) << dlerror();
  auto entry = reinterpret_cast<pw_plugin_entry_fn>(dlsym(handle.get(), PW_PLUGIN_ENTRY_SYMBOL));
  ASSERT_NE(entry, nullptr) << dlerror();
  const pw_plugin* plugin = entry(PW_ABI_MAJOR, PW_ABI_MINOR);
  ASSERT_NE(plugin, nullptr);
  EXPECT_STREQ(plugin->name, "bluesky");
  EXPECT_STREQ(plugin->platform, "bluesky");
  std::vector<std::string> hosts(plugin->egress_hosts,
                                 plugin->egress_hosts + plugin->egress_host_count);
  EXPECT_EQ(hosts, (std::vector<std::string>{"public.api.bsky.app", "bsky.social", "127.0.0.1",
                                             "localhost"}));
  EXPECT_NE(plugin->resolve, nullptr);
  EXPECT_EQ(entry(PW_ABI_MAJOR + 1, 0), nullptr);
}

struct SchemaCase {
  const char* name;
  bool config;
  const char* json;
  bool valid;
};

class BlueskySchemaTest : public ::testing::TestWithParam<SchemaCase> {};

TEST_P(BlueskySchemaTest, SchemaAcceptsOrRefusesTheDocument) {
  const SchemaCase& c = GetParam();
  rapidjson::Document schema_json;
  schema_json.Parse(c.config ? BlueskyPlugin()->config_schema : BlueskyPlugin()->account_schema);
  ASSERT_FALSE(schema_json.HasParseError());
  rapidjson::SchemaDocument schema(schema_json);
  rapidjson::Document document;
  document.Parse(c.json);
  ASSERT_FALSE(document.HasParseError()) << c.json;
  rapidjson::SchemaValidator validator(schema);
  EXPECT_EQ(document.Accept(validator), c.valid) << c.json;
}

INSTANTIATE_TEST_SUITE_P(
    Documents, BlueskySchemaTest,
    ::testing::Values(
        SchemaCase{"empty_config", true, "{}", true},
        SchemaCase{"full_config", true,
                   R"({"base_url": "http://127.0.0.1:8080", "page_limit": 100, "max_pages": 3})",
                   true},
        SchemaCase{"page_limit_too_big", true, R"({"page_limit": 101})", false},
        SchemaCase{"misspelled_key", true, R"({"maxpages": 2})", false},
        SchemaCase{"empty_ref", false, "{}", true},
        SchemaCase{"unknown_ref_key", false, R"({"did": "did:plc:x"})", false}),
    [](const ::testing::TestParamInfo<SchemaCase>& param_info) { return param_info.param.name; });

TEST(BlueskyReplayTest, PostwatchctlReplayPrintsRepostsCursorAndNextPage) {
  testing::ReplayRun run = testing::RunReplay(
      PW_POSTWATCHCTL_PATH,
      {"bluesky", std::string(PW_BLUESKY_FIXTURES_DIR) + "/author_feed_page1.json", "--plugin-dir",
       PW_PLUGIN_BUILD_DIR, "--no-permission-check", "--account",
       R"({"registered": "alice.bsky.social", "id": "did:plc:alice7xkq3mwn2ozxz4e6lrvb"})", "--tag",
       "feed", "--url",
       "https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3A"
       "alice7xkq3mwn2ozxz4e6lrvb&filter=posts_no_replies&limit=50"});
  EXPECT_EQ(run.exit_code, 0);
  ASSERT_EQ(run.lines.size(), 7u) << ::testing::PrintToString(run.lines);
  EXPECT_EQ(
      run.lines[0],
      R"({"type":"post","id":"at://did:plc:alice7xkq3mwn2ozxz4e6lrvb/app.bsky.feed.post/3kzabc2222222","url":"https://bsky.app/profile/alice.bsky.social/post/3kzabc2222222","published_at":"2024-05-01T12:00:00Z","kind":"post","links":["https://en.wikipedia.org/wiki/CBOR"]})");
  EXPECT_EQ(
      run.lines[2],
      R"({"type":"post","id":"repost:at://did:plc:carolq2b5wzl3dd4hh6kym7a/app.bsky.feed.post/3kyzzz2222222","url":"https://bsky.app/profile/carol.example.com/post/3kyzzz2222222","published_at":"2024-05-01T10:30:00Z","kind":"share","links":["https://neutral-3.example/articles/9"],"shared_url":"https://bsky.app/profile/carol.example.com/post/3kyzzz2222222"})");
  EXPECT_EQ(
      run.lines[5],
      R"({"type":"request","method":"GET","url":"https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3Aalice7xkq3mwn2ozxz4e6lrvb&filter=posts_no_replies&limit=50&cursor=2024-05-01T08%3A00%3A00.000Z","tag":"feed:2"})");
  EXPECT_EQ(
      run.lines[6],
      R"({"type":"cursor","cursor":"1714564801456 at://did:plc:alice7xkq3mwn2ozxz4e6lrvb/app.bsky.feed.post/3kzabc2222222"})");
}

TEST(BlueskyReplayTest, PostwatchctlReplayReportsGoneForAProfileNotFound) {
  testing::ReplayRun run = testing::RunReplay(
      PW_POSTWATCHCTL_PATH,
      {"bluesky", std::string(PW_BLUESKY_FIXTURES_DIR) + "/error_profile_not_found.json",
       "--plugin-dir", PW_PLUGIN_BUILD_DIR, "--no-permission-check", "--account",
       R"({"registered": "gone.bsky.social", "id": "did:plc:gone"})", "--tag", "feed", "--status",
       "400"});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 1u) << ::testing::PrintToString(run.lines);
  EXPECT_NE(run.lines[0].find(R"("code":"PW_E_GONE")"), std::string::npos) << run.lines[0];
  EXPECT_NE(run.lines[0].find("Profile not found"), std::string::npos) << run.lines[0];
}

}  // namespace
}  // namespace postwatch::bluesky
