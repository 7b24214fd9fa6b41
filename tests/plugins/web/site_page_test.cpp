// Feed autodiscovery on HTML pages: which links count, how they resolve, and which feed is
// chosen, from synthetic pages in the shapes real sites and blog engines produce.
#include "web/site_page.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>

#include <string>
#include <vector>

#include "recording_host.h"

namespace postwatch::web {
namespace {

std::string Fixture(const std::string& name) {
  return testing::ReadFileOrFail(std::string(PW_WEB_FIXTURES_DIR) + "/" + name);
}

struct PageCase {
  const char* name;
  std::string html;  // a fixture file name, or markup when it starts with '<'
  const char* url;
  std::vector<std::string> feeds;  // every advertised feed, in document order
  const char* wordpress_api;
  const char* chosen;
};

class SitePageTest : public ::testing::TestWithParam<PageCase> {};

TEST_P(SitePageTest, FindsTheAdvertisedFeedsAndChoosesTheMainOne) {
  xmlInitParser();
  const PageCase& c = GetParam();
  std::string html = c.html.starts_with("<") ? c.html : Fixture(c.html);
  SitePage page = ReadSitePage(html, c.url, "");
  std::vector<std::string> urls;
  for (const AdvertisedFeed& feed : page.feeds) urls.push_back(feed.url);
  EXPECT_EQ(urls, c.feeds);
  EXPECT_EQ(page.wordpress_api, c.wordpress_api);
  EXPECT_EQ(ChooseFeed(page), c.chosen);
}

INSTANTIATE_TEST_SUITE_P(
    Pages, SitePageTest,
    ::testing::Values(
        // <base href> applies to every link; rel and type in any case with several tokens
        // and parameters; the comment feed listed first is passed over.
        PageCase{"base_href_and_comment_feed_first",
                 "site_home.html",
                 "https://harbour.example.net/",
                 {"https://harbour.example.net/journal/comments/feed/",
                  "https://harbour.example.net/journal/atom.xml",
                  "https://harbour.example.net/journal/rss.xml",
                  "https://harbour.example.net/feed.json"},
                 "",
                 "https://harbour.example.net/journal/atom.xml"},
        // WordPress: the API link, the main feed, its comments feed, and the page's own
        // REST resource as application/json (not a feed).
        PageCase{
            "wordpress",
            "site_wordpress.html",
            "https://allotment.example.org/",
            {"https://allotment.example.org/feed/", "https://allotment.example.org/comments/feed/",
             "https://allotment.example.org/wp-json/wp/v2/pages/2"},
            "https://allotment.example.org/wp-json/",
            "https://allotment.example.org/feed/"},
        PageCase{"wordpress_without_pretty_permalinks",
                 "site_wordpress_plain_permalinks.html",
                 "https://bees.example.org/",
                 {"https://bees.example.org/?feed=rss2"},
                 "https://bees.example.org/?rest_route=/",
                 "https://bees.example.org/?feed=rss2"},
        PageCase{"only_a_comment_feed_is_better_than_none",
                 "site_comments_only.html",
                 "https://quiet.example.org/",
                 {"https://quiet.example.org/comments.rss"},
                 "",
                 "https://quiet.example.org/comments.rss"},
        PageCase{"no_feed", "site_no_feed.html", "https://card.example/", {}, "", ""},
        // A link in the body and a protocol-relative href.
        PageCase{"json_feed_in_body",
                 "site_json_only.html",
                 "https://micro.example.com/",
                 {"https://micro.example.com/feed.json"},
                 "",
                 "https://micro.example.com/feed.json"},
        // Plain application/json is a feed type too, when it is not a WordPress resource.
        PageCase{"plain_json_feed",
                 "<html><head><link rel=alternate type=application/json href=/f.json>",
                 "http://j.example/a/",
                 {"http://j.example/f.json"},
                 "",
                 "http://j.example/f.json"},
        // "alternate" must be a whole token; non-http hrefs are dropped; an empty base href
        // does not replace the page URL.
        PageCase{"tokens_and_schemes",
                 "<html><head><base target=_blank><link rel=alternates type=application/rss+xml "
                 "href=/no.xml><link rel=alternate type=application/rss+xml "
                 "href=\"javascript:alert(1)\"><link rel=\"feed alternate\" "
                 "type=application/rss+xml href=yes.xml></head></html>",
                 "https://t.example/dir/page",
                 {"https://t.example/dir/yes.xml"},
                 "",
                 "https://t.example/dir/yes.xml"},
        PageCase{"not_html_at_all", "<<<>>>", "https://x.example/", {}, "", ""}),
    [](const ::testing::TestParamInfo<PageCase>& param_info) { return param_info.param.name; });

TEST(SitePageTest, HeaderCharsetDecodesThePage) {
  xmlInitParser();
  // "Café" in ISO-8859-1, with no <meta charset>: only the HTTP header says how to read it.
  std::string html =
      "<html><head><link rel=alternate type=application/rss+xml title=\"Caf\xE9\" href=/f.xml>";
  SitePage page = ReadSitePage(html, "https://c.example/", "ISO-8859-1");
  ASSERT_EQ(page.feeds.size(), 1u);
  EXPECT_EQ(page.feeds[0].title, "Caf\u00e9");
  EXPECT_EQ(page.feeds[0].url, "https://c.example/f.xml");
}

}  // namespace
}  // namespace postwatch::web
