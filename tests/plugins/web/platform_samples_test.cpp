// Reads the real captured feeds in ../shared/platform-samples/web in place (reference data,
// never copied into the project) and checks what an operator would look for in them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "recording_host.h"
#include "web/web_plugin.h"

namespace postwatch::web {
namespace {

namespace fs = std::filesystem;
using testing::PluginInstance;
using testing::ReadFileOrFail;
using testing::RecordingHost;

fs::path SamplesDir() {
  if (const char* env = std::getenv("POSTWATCH_PLATFORM_SAMPLES_DIR"); env != nullptr && *env) {
    return fs::path(env) / "web";
  }
  return fs::path(PW_PLATFORM_SAMPLES_DIR) / "web";
}

struct SampleCase {
  const char* file;
  const char* url;
  size_t min_posts;
  bool every_post_dated;
  bool every_post_has_links;
};

class PlatformSampleTest : public ::testing::TestWithParam<SampleCase> {};

TEST_P(PlatformSampleTest, RealFeedYieldsDatedPostsWithLinks) {
  const SampleCase& c = GetParam();
  fs::path path = SamplesDir() / c.file;
  if (!fs::exists(path)) GTEST_SKIP() << path << " not present";
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  ASSERT_EQ(plugin.Parse(host, 200, ReadFileOrFail(path.string()), c.url), PW_DONE)
      << (host.errors.empty() ? "" : host.errors.front());
  EXPECT_GE(host.posts.size(), c.min_posts);
  for (const testing::RecordedPost& post : host.posts) {
    SCOPED_TRACE(post.id);
    EXPECT_FALSE(post.id.empty());
    EXPECT_FALSE(post.url.empty());
    EXPECT_FALSE(post.text.empty());
    if (c.every_post_dated) {
      EXPECT_GT(post.published_at, 946684800);  // after 2000
    }
    if (c.every_post_has_links) {
      EXPECT_FALSE(post.links.empty());
    }
  }
  EXPECT_TRUE(host.cursor.has_value());
}

INSTANTIATE_TEST_SUITE_P(
    Samples, PlatformSampleTest,
    ::testing::Values(
        SampleCase{"feedjira_TechCrunch.xml", "http://feeds.feedburner.com/TechCrunch", 10, true,
                   true},
        SampleCase{"feedjira_TenderLovemaking.xml", "http://tenderlovemaking.com/feed/", 5, true,
                   false},
        SampleCase{"feedjira_google_alerts_atom.xml",
                   "https://www.google.com/alerts/feeds/04175468913983673025/4428013283581841004",
                   5, true, true},
        SampleCase{"feedjira_json_feed.json", "http://inessential.com/feed.json", 5, true, false},
        SampleCase{"feedparser_doc_atom10.xml", "http://example.org/atom10.xml", 1, true, false},
        SampleCase{"feedparser_doc_rss10.rdf", "http://example.org/rss10.rdf", 1, false, false},
        SampleCase{"feedparser_doc_rss20.xml", "http://example.org/rss20.xml", 1, true, false}));

TEST(PlatformSampleTest, GoogleAlertsItemsReportTheirRedirectLinkForUnwrapping) {
  fs::path path = SamplesDir() / "feedjira_google_alerts_atom.xml";
  if (!fs::exists(path)) GTEST_SKIP() << path << " not present";
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  ASSERT_EQ(plugin.Parse(host, 200, ReadFileOrFail(path.string()),
                         "https://www.google.com/alerts/feeds/1/2"),
            PW_DONE);
  ASSERT_FALSE(host.posts.empty());
  // The feed names no site, so each item's own link (a google.com/url?…&url=<target> wrapper
  // the daemon unwraps) is an outbound link.
  for (const testing::RecordedPost& post : host.posts) {
    ASSERT_FALSE(post.links.empty());
    EXPECT_EQ(post.links.back(), post.url);
    EXPECT_EQ(post.url.rfind("https://www.google.com/url?", 0), 0u) << post.url;
  }
}

TEST(PlatformSampleTest, WordPressRestApiIsReportedAsNotAFeed) {
  fs::path path = SamplesDir() / "wp-json_wp_v2_posts.json";
  if (!fs::exists(path)) GTEST_SKIP() << path << " not present";
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  EXPECT_EQ(plugin.Parse(host, 200, ReadFileOrFail(path.string()),
                         "https://wp.example/wp-json/wp/v2/posts"),
            PW_E_LAYOUT);
}

}  // namespace
}  // namespace postwatch::web
