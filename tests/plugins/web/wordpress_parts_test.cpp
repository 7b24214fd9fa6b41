// The WordPress REST API parts of the web plugin: endpoint URLs, the cursor, and reading a
// posts page or an error body.
#include <gtest/gtest.h>
#include <libxml/parser.h>

#include <string>
#include <vector>

#include "recording_host.h"
#include "web/wordpress_api.h"
#include "web/wordpress_posts.h"

namespace postwatch::web {
namespace {

std::string Fixture(const std::string& name) {
  return testing::ReadFileOrFail(std::string(PW_WEB_FIXTURES_DIR) + "/" + name);
}

struct EndpointCase {
  const char* url;
  bool is_api;
  const char* endpoint;
};

class WordPressEndpointTest : public ::testing::TestWithParam<EndpointCase> {};

TEST_P(WordPressEndpointTest, PostsCollectionOfAnApiUrl) {
  const EndpointCase& c = GetParam();
  EXPECT_EQ(IsWordPressApiUrl(c.url), c.is_api);
  EXPECT_EQ(WordPressPostsEndpoint(c.url), c.endpoint);
}

INSTANTIATE_TEST_SUITE_P(
    Urls, WordPressEndpointTest,
    ::testing::Values(
        EndpointCase{"https://s.example/wp-json/", true, "https://s.example/wp-json/wp/v2/posts"},
        EndpointCase{"https://s.example/blog/wp-json/wp/v2/posts?per_page=5", true,
                     "https://s.example/blog/wp-json/wp/v2/posts"},
        EndpointCase{"https://s.example/wp-json/wp/v2/posts/412", true,
                     "https://s.example/wp-json/wp/v2/posts"},
        EndpointCase{"https://s.example/?rest_route=/", true,
                     "https://s.example/?rest_route=/wp/v2/posts"},
        EndpointCase{"https://s.example/index.php?a=1&rest_route=/wp/v2", true,
                     "https://s.example/index.php?rest_route=/wp/v2/posts"},
        EndpointCase{"https://s.example/wp-json", true, "https://s.example/wp-json/wp/v2/posts"},
        EndpointCase{"https://s.example/feed/", false, ""},
        EndpointCase{"https://s.example/wp-jsonx/", false, ""},
        EndpointCase{"https://s.example/?not_rest_route=/", false, ""},
        EndpointCase{"https://s.example/page#/wp-json/", false, ""}));

TEST(WordPressApiTest, SiteEndpointIsUnderTheSiteDirectory) {
  EXPECT_EQ(WordPressSiteEndpoint("https://s.example"), "https://s.example/wp-json/wp/v2/posts");
  EXPECT_EQ(WordPressSiteEndpoint("https://s.example/blog"),
            "https://s.example/blog/wp-json/wp/v2/posts");
  EXPECT_EQ(WordPressSiteEndpoint("https://s.example/blog/?x=1"),
            "https://s.example/blog/wp-json/wp/v2/posts");
}

TEST(WordPressApiTest, PageUrlAddsPagingToEitherEndpointShape) {
  EXPECT_EQ(WordPressPageUrl("https://s.example/wp-json/wp/v2/posts", 2, 50),
            "https://s.example/wp-json/wp/v2/posts?page=2&per_page=50"
            "&_fields=id,guid,link,date_gmt,title,content");
  EXPECT_EQ(WordPressPageUrl("https://s.example/?rest_route=/wp/v2/posts", 1, 10),
            "https://s.example/?rest_route=/wp/v2/posts&page=1&per_page=10"
            "&_fields=id,guid,link,date_gmt,title,content");
}

TEST(WordPressApiTest, CursorRoundTripsAndRejectsFeedCursors) {
  WordPressCursor cursor{1710007500, 412};
  std::optional<WordPressCursor> parsed = ParseWordPressCursor(FormatWordPressCursor(cursor));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->published_at, 1710007500);
  EXPECT_EQ(parsed->id, 412);
  for (const char* bad : {"", "https://s.example/?p=412", "wp:", "wp:1", "wp:x:1", "wp:1:2:3"}) {
    EXPECT_FALSE(ParseWordPressCursor(bad).has_value()) << bad;
  }
}

TEST(WordPressPostsTest, PageBecomesPostsWithGuidIdsUtcTimesAndContentLinks) {
  xmlInitParser();
  WordPressPage page =
      ReadWordPressPage(200, Fixture("wp_posts_page1.json"),
                        "https://allotment.example.org/wp-json/wp/v2/posts", std::nullopt);
  ASSERT_EQ(page.status, PW_OK) << page.message;
  EXPECT_EQ(page.listed, 3u);
  EXPECT_FALSE(page.reached_cursor);
  ASSERT_EQ(page.posts.size(), 3u);
  const plugin::PostFields& first = page.posts[0];
  EXPECT_EQ(first.id, "https://allotment.example.org/?p=412");
  EXPECT_EQ(first.url, "https://allotment.example.org/2024/03/09/first-potatoes/");
  EXPECT_EQ(first.published_at, 1710007500);  // 2024-03-09T18:05:00Z
  EXPECT_EQ(first.text, "First potatoes \u2013 \u201cearlies\u201d in");
  EXPECT_EQ(first.links,
            (std::vector<std::string>{"https://seeds.example.com/earlies?ref=plot14",
                                      "https://allotment.example.org/2024/02/chitting/",
                                      "https://potato-council.example.org/guide"}));
  EXPECT_EQ(page.posts[1].text, "Compost & worms");
  ASSERT_TRUE(page.newest.has_value());
  EXPECT_EQ(page.newest->id, 412);
}

TEST(WordPressPostsTest, ListingStopsAtTheCursor) {
  xmlInitParser();
  WordPressCursor cursor{1709373600, 405};  // the second post of the page
  WordPressPage page =
      ReadWordPressPage(200, Fixture("wp_posts_page1.json"),
                        "https://allotment.example.org/wp-json/wp/v2/posts", cursor);
  ASSERT_EQ(page.status, PW_OK);
  EXPECT_TRUE(page.reached_cursor);
  ASSERT_EQ(page.posts.size(), 1u);
  EXPECT_EQ(page.posts[0].id, "https://allotment.example.org/?p=412");
}

TEST(WordPressPostsTest, UntitledPostTakesItsTextFromTheContent) {
  xmlInitParser();
  WordPressPage page =
      ReadWordPressPage(200, Fixture("wp_posts_page2.json"),
                        "https://allotment.example.org/wp-json/wp/v2/posts", std::nullopt);
  ASSERT_EQ(page.posts.size(), 2u);
  EXPECT_EQ(page.posts[1].text,
            "Plans for the year, drawn on https://graph-paper.example.org/a4 paper.");
  EXPECT_EQ(page.posts[0].links, (std::vector<std::string>{"https://roofing.example.com/felt"}));
}

struct ErrorCase {
  const char* name;
  int status;
  std::string body;
  pw_status want;
  const char* message_part;
};

class WordPressErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(WordPressErrorTest, ErrorBodiesMapToTypedResults) {
  xmlInitParser();
  const ErrorCase& c = GetParam();
  std::string body = c.body.ends_with(".json") ? Fixture(c.body) : c.body;
  WordPressPage page =
      ReadWordPressPage(c.status, body, "https://s.example/wp-json/wp/v2/posts", std::nullopt);
  EXPECT_EQ(page.status, c.want) << page.message;
  EXPECT_NE(page.message.find(c.message_part), std::string::npos) << page.message;
  EXPECT_TRUE(page.posts.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, WordPressErrorTest,
    ::testing::Values(
        ErrorCase{"past_the_last_page", 400, "wp_error_invalid_page.json", PW_DONE,
                  "rest_post_invalid_page_number"},
        ErrorCase{"no_route", 404, "wp_error_no_route.json", PW_E_LAYOUT, "no wp/v2/posts route"},
        ErrorCase{"login_required", 401, "wp_error_forbidden.json", PW_E_AUTH,
                  "register the site's feed"},
        ErrorCase{"error_object_with_200", 200, R"({"code":"rest_forbidden","message":"no"})",
                  PW_E_AUTH, "rest_forbidden"},
        ErrorCase{"unknown_code", 500, R"({"code":"db_error","message":"down"})", PW_E_PARSE,
                  "db_error"},
        ErrorCase{"html_404", 404, "<html>Not found</html>", PW_E_GONE, "HTTP 404"},
        ErrorCase{"html_200", 200, "<!doctype html><p>REST disabled</p>", PW_E_LAYOUT,
                  "answered HTML"},
        ErrorCase{"object_not_list", 200, R"({"namespaces":["wp/v2"]})", PW_E_LAYOUT,
                  "not a list of posts"},
        ErrorCase{"broken_json", 200, "[{\"id\": 1", PW_E_PARSE, "invalid JSON"}),
    [](const ::testing::TestParamInfo<ErrorCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace postwatch::web
