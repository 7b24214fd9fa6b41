// Drives the web plugin through its pw_plugin function table with synthetic fixtures in the
// real wire formats, and checks every post, link, time and error a user would see.
#include "web/web_plugin.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "recording_host.h"

namespace postwatch::web {
namespace {

using testing::PluginInstance;
using testing::ReadFileOrFail;
using testing::RecordingHost;

std::string Fixture(const std::string& name) {
  return ReadFileOrFail(std::string(PW_WEB_FIXTURES_DIR) + "/" + name);
}

struct ExpectedPost {
  std::string id;
  std::string url;
  int64_t published_at;
  std::string text;
  std::vector<std::string> links;
};

struct FeedCase {
  const char* fixture;
  const char* url;  // the URL that answered
  std::vector<ExpectedPost> posts;
  std::string cursor;
};

class WebFeedTest : public ::testing::TestWithParam<FeedCase> {};

TEST_P(WebFeedTest, EmitsEveryPostWithItsLinksTimesAndCursor) {
  const FeedCase& c = GetParam();
  PluginInstance plugin(WebPlugin(), "{}");
  ASSERT_EQ(plugin.init_status(), PW_OK);
  RecordingHost host;
  EXPECT_EQ(plugin.Parse(host, 200, Fixture(c.fixture), c.url), PW_DONE)
      << (host.errors.empty() ? "" : host.errors.front());
  ASSERT_EQ(host.posts.size(), c.posts.size());
  for (size_t i = 0; i < c.posts.size(); ++i) {
    SCOPED_TRACE("post " + std::to_string(i));
    const ExpectedPost& want = c.posts[i];
    const testing::RecordedPost& got = host.posts[i];
    if (want.id == "hash:") {
      EXPECT_EQ(got.id.rfind("hash:", 0), 0u) << got.id;
      EXPECT_EQ(got.id.size(), 21u) << got.id;
    } else {
      EXPECT_EQ(got.id, want.id);
    }
    EXPECT_EQ(got.url, want.url);
    EXPECT_EQ(got.published_at, want.published_at);
    EXPECT_EQ(got.text, want.text);
    EXPECT_EQ(got.links, want.links);
    EXPECT_EQ(got.kind, static_cast<uint32_t>(PW_POST_KIND_POST));
  }
  if (c.cursor.empty()) {
    EXPECT_FALSE(host.cursor.has_value());
  } else if (c.cursor == "hash:") {
    ASSERT_TRUE(host.cursor.has_value());
    EXPECT_EQ(*host.cursor, host.posts.front().id);
  } else {
    EXPECT_EQ(host.cursor.value_or("<none>"), c.cursor);
  }
  EXPECT_TRUE(host.errors.empty());
  EXPECT_TRUE(host.requests.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, WebFeedTest,
    ::testing::Values(
        FeedCase{
            "rss20_content_encoded.xml",
            "https://blog.example.org/feed.xml",
            {{"post-1",
              "https://blog.example.org/2024/03/spring-cleaning",
              1710232200,
              "Spring cleaning at the river & park",
              {"https://city.example.gov/notice", "https://news.example.com/story?id=7&ref=rss",
               "https://blog.example.org/about", "http://www.photos.example.net/album/3"}},
             {"https://other.example.com/reports/bridge",
              "https://other.example.com/reports/bridge",
              1710352800,
              "Worth reading: the bridge report",
              {"https://friend.example.net/links", "https://other.example.com/reports/bridge"}},
             {"https://blog.example.org/2024/03/old-video",
              "https://blog.example.org/2024/03/old-video",
              1709557200,
              "Old video post",
              {"https://video.example.tv/watch/9"}}},
            "https://other.example.com/reports/bridge"},
        FeedCase{"rss10_rdf.xml",
                 "https://notes.example.org/index.rdf",
                 {{"https://notes.example.org/n/2",
                   "https://notes.example.org/n/2",
                   1704423600,
                   "Second note",
                   {"https://library.example.edu/book/42"}},
                  {"https://notes.example.org/n/1",
                   "https://notes.example.org/n/1",
                   1704410130,
                   "First note",
                   {}}},
                 "https://notes.example.org/n/2"},
        FeedCase{"rss091.xml",
                 "http://oldschool.example.com/rss.xml",
                 {{"http://oldschool.example.com/cafe.html",
                   "http://oldschool.example.com/cafe.html",
                   0,
                   "Caf\xC3\xA9 opening",
                   {"http://menu.example.com/today"}}},
                 "http://oldschool.example.com/cafe.html"},
        FeedCase{"atom10_xhtml.xml",
                 "https://atom.example.org/blog/atom.xml",
                 {{"tag:atom.example.org,2024:harbour-lights",
                   "https://atom.example.org/blog/2024/05/harbour-lights",
                   1714608900,
                   "Harbour lights",
                   {"https://maps.example.com/harbour", "https://summary.example.com/x",
                    "https://atom.example.org/blog/2024/05/gallery/1",
                    "https://photos.example.net/harbour"}},
                  {"tag:atom.example.org,2024:update-only",
                   "https://atom.example.org/blog/2024/04/update-only",
                   1712732400,
                   "Update only",
                   {"https://docs.example.com/a"}}},
                 "tag:atom.example.org,2024:harbour-lights"},
        FeedCase{"atom03.xml",
                 "http://legacy.example.org/atom.xml",
                 {{"tag:legacy.example.org,2005:entry-1",
                   "http://legacy.example.org/2005/07/31/entry",
                   1122812969,
                   "Atom 0.3 entry",
                   {"http://elsewhere.example.com/page"}}},
                 "tag:legacy.example.org,2005:entry-1"},
        FeedCase{"jsonfeed10.json",
                 "https://micro.example.org/feed.json",
                 {{"1001",
                   "https://micro.example.org/2024/02/01/hello",
                   1706778000,
                   "Hello! Details at https://events.example.com/e/55, see you there.",
                   {"https://events.example.com/e/55"}},
                  {"1002",
                   "https://micro.example.org/2024/02/02/linked",
                   1706869800,
                   "A linked article",
                   {"https://micro.example.org/2024/02/02/notes", "https://quote.example.com/q",
                    "https://external.example.net/article"}}},
                 "1002"},
        FeedCase{"jsonfeed11.json",
                 "https://eleven.example.org/feed.json",
                 {{"tag:eleven.example.org,2024:7",
                   "https://eleven.example.org/p/7",
                   1719766799,
                   "B\xC3\xA0i vi\xE1\xBA\xBFt th\xE1\xBB\xA9 b\xE1\xBA\xA3y",
                   {"https://nguon.example.vn/a?b=1&c=2", "http://www.tin.example.vn/bai-7"}}},
                 "tag:eleven.example.org,2024:7"},
        FeedCase{"rss_no_dates.xml",
                 "https://undated.example.org/feed",
                 {{"hash:", "", 0, "Newest, by position", {"https://first.example.com/"}},
                  {"https://undated.example.org/older",
                   "https://undated.example.org/older",
                   0,
                   "Older",
                   {}}},
                 "hash:"},
        FeedCase{"rss_empty.xml", "https://empty.example.org/feed", {}, ""},
        // Items without a title take their text from the first non-empty description or
        // content, which is parsed once for its links and its text.
        FeedCase{"rss_untitled.xml",
                 "https://notes.example.net/feed",
                 {{"https://notes.example.net/1",
                   "https://notes.example.net/1",
                   1704189600,
                   "Ferry times changed, see the table and https://port.example.com/notice. Thanks",
                   {"https://notes.example.net/ferry", "https://port.example.com/notice"}},
                  {"https://notes.example.net/2",
                   "https://notes.example.net/2",
                   1704193200,
                   "Title after the description",
                   {"https://body.example.org/b"}},
                  {"https://notes.example.net/3",
                   "https://notes.example.net/3",
                   1704196800,
                   "Only content here: levels & more",
                   {"https://dam.example.org/level"}},
                  {"https://notes.example.net/4",
                   "https://notes.example.net/4",
                   1704200400,
                   "Plain note: Q&A & more at https://qa.example.com/today, and "
                   "www.market.example.com.",
                   {"https://qa.example.com/today", "http://www.market.example.com"}}},
                 "https://notes.example.net/4"},
        FeedCase{"atom_untitled.xml",
                 "https://atomnotes.example.net/atom.xml",
                 {{"tag:atomnotes.example.net,2024:1",
                   "https://atomnotes.example.net/1",
                   1706933106,
                   "Water outage on these streets Until 5pm",
                   {"https://water.example.org/map"}},
                  {"tag:atomnotes.example.net,2024:2",
                   "https://atomnotes.example.net/2",
                   1706936706,
                   "Title last",
                   {"https://sum.example.com/s"}},
                  {"tag:atomnotes.example.net,2024:3",
                   "https://atomnotes.example.net/3",
                   1706940306,
                   "Plain summary with https://plain.example.com/s",
                   {"https://plain.example.com/s", "https://atomnotes.example.net/rel"}},
                  {"tag:atomnotes.example.net,2024:4",
                   "https://atomnotes.example.net/4",
                   1706943906,
                   "Fallback & summary",
                   {}}},
                 "tag:atomnotes.example.net,2024:4"},
        FeedCase{"jsonfeed_untitled.json",
                 "https://jsonnotes.example.net/feed.json",
                 {{"j1",
                   "https://jsonnotes.example.net/1",
                   1709528767,
                   "Road works on Main St From Monday",
                   {"https://roads.example.org/w"}},
                  {"j2",
                   "https://jsonnotes.example.net/2",
                   1709532367,
                   "Text wins over html",
                   {"https://jsonnotes.example.net/h"}},
                  {"j3",
                   "https://jsonnotes.example.net/3",
                   1709535967,
                   "Plain html field & https://plainhtml.example.com/x",
                   {"https://plainhtml.example.com/x"}}},
                 "j3"}));

TEST(WebPluginTest, IllFormedRssIsReadInRecoverMode) {
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  ASSERT_EQ(plugin.Parse(host, 200, Fixture("rss_illformed.xml"), "https://broken.example.org/"),
            PW_DONE);
  ASSERT_EQ(host.posts.size(), 2u);
  EXPECT_EQ(host.posts[0].id, "broken-12");
  EXPECT_EQ(host.posts[0].published_at, 1701432000);  // "Fri, 1 Dec 2023 12:00 +0000"
  EXPECT_EQ(host.posts[0].links, std::vector<std::string>{"https://chips.example.com/menu"});
  EXPECT_NE(host.posts[0].text.find("Fish"), std::string::npos);
  EXPECT_EQ(host.posts[1].published_at, 1701522000);  // "Sat, 02 Dec 23 13:00:00 GMT"
  EXPECT_EQ(host.posts[1].url, "https://broken.example.org/?p=13");
  EXPECT_EQ(host.cursor.value_or(""), host.posts[1].id);
}

TEST(WebPluginTest, ExternalEntitiesAreNeverLoaded) {
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  std::string body =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
      "<rss version=\"2.0\"><channel><item><guid>x1</guid>"
      "<title>leak &xxe; here</title></item></channel></rss>";
  ASSERT_EQ(plugin.Parse(host, 200, body), PW_DONE);
  ASSERT_EQ(host.posts.size(), 1u);
  EXPECT_EQ(host.posts[0].text.find("root:"), std::string::npos) << host.posts[0].text;
}

TEST(WebPluginTest, NestedEntityBombStaysSmall) {
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  std::string dtd = "<!ENTITY a0 \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    std::string prev = "&a" + std::to_string(i - 1) + ";";
    std::string ten;
    for (int j = 0; j < 10; ++j) ten += prev;
    dtd += "<!ENTITY a" + std::to_string(i) + " \"" + ten + "\">";
  }
  std::string body = "<?xml version=\"1.0\"?><!DOCTYPE rss [" + dtd +
                     "]><rss version=\"2.0\"><channel><item><guid>b1</guid>"
                     "<title>&a9;</title><description>&a9;</description></item></channel></rss>";
  pw_status status = plugin.Parse(host, 200, body);
  // libxml2 may refuse the document outright; if it reads it, nothing is expanded 10^9 times.
  ASSERT_TRUE(status == PW_DONE || status == PW_E_PARSE) << status;
  for (const testing::RecordedPost& post : host.posts) EXPECT_LE(post.text.size(), 300u);
}

TEST(WebPluginTest, DeeplyNestedMarkupIsHandledWithoutRecursion) {
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  std::string open;
  for (int i = 0; i < 100000; ++i) open += "<x>";
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  std::string body = "<rss version=\"2.0\"><channel><item><guid>deep</guid><description>" + html +
                     "&lt;a href='https://deep.example/'&gt;d&lt;/a&gt;</description>" + open +
                     "</item></channel></rss>";
  pw_status status = plugin.Parse(host, 200, body);
  EXPECT_TRUE(status == PW_DONE || status == PW_E_PARSE) << status;
}

TEST(WebPluginTest, HashIdsAreStableAcrossPolls) {
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost first;
  RecordingHost second;
  std::string body = Fixture("rss_no_dates.xml");
  ASSERT_EQ(plugin.Parse(first, 200, body), PW_DONE);
  ASSERT_EQ(plugin.Parse(second, 200, body), PW_DONE);
  ASSERT_FALSE(first.posts.empty());
  EXPECT_EQ(first.posts[0].id, second.posts[0].id);
}

TEST(WebPluginTest, HtmlPageLeadsToTheFeedItAdvertises) {
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  EXPECT_EQ(plugin.Parse(host, 200, Fixture("html_page.html"), "https://blog.example.org/"), PW_OK);
  EXPECT_TRUE(host.errors.empty());
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url, "https://blog.example.org/feed.xml");
  EXPECT_EQ(host.requests[0].tag, "discovered");
  EXPECT_TRUE(host.posts.empty());
  EXPECT_FALSE(host.cursor.has_value());
}

TEST(WebPluginTest, HtmlPageWhereADiscoveredFeedWasExpectedIsALayoutError) {
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  EXPECT_EQ(
      plugin.Parse(host, 200, Fixture("html_page.html"), "https://blog.example.org/", "discovered"),
      PW_E_LAYOUT);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_NE(host.errors[0].find("HTML page"), std::string::npos) << host.errors[0];
  EXPECT_TRUE(host.requests.empty());
}

struct StatusCase {
  int status;
  pw_status expected;
  const char* message_part;
};

class WebStatusTest : public ::testing::TestWithParam<StatusCase> {};

TEST_P(WebStatusTest, NonSuccessStatusMapsToTypedError) {
  const StatusCase& c = GetParam();
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  EXPECT_EQ(plugin.Parse(host, c.status, Fixture("not_found.html")), c.expected);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_NE(host.errors[0].find(c.message_part), std::string::npos) << host.errors[0];
  EXPECT_TRUE(host.posts.empty());
}

INSTANTIATE_TEST_SUITE_P(Statuses, WebStatusTest,
                         ::testing::Values(StatusCase{404, PW_E_GONE, "HTTP 404"},
                                           StatusCase{410, PW_E_GONE, "HTTP 410"},
                                           StatusCase{401, PW_E_AUTH, "HTTP 401"},
                                           StatusCase{403, PW_E_AUTH, "HTTP 403"},
                                           StatusCase{400, PW_E_PARSE, "HTTP 400"},
                                           StatusCase{418, PW_E_PARSE, "HTTP 418"}));

struct BodyCase {
  const char* name;
  std::string body;
  pw_status expected;
  const char* message_part;
};

class WebBodyTest : public ::testing::TestWithParam<BodyCase> {};

TEST_P(WebBodyTest, BodiesThatAreNotFeedsGetATypedError) {
  const BodyCase& c = GetParam();
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  EXPECT_EQ(plugin.Parse(host, 200, c.body), c.expected);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_NE(host.errors[0].find(c.message_part), std::string::npos) << host.errors[0];
  EXPECT_TRUE(host.posts.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, WebBodyTest,
    ::testing::Values(BodyCase{"empty", "", PW_E_PARSE, "empty"},
                      BodyCase{"binary", std::string("\x00\x01\x02garbage", 10), PW_E_PARSE,
                               "neither XML nor JSON"},
                      BodyCase{"broken_json", "{\"version\": ", PW_E_PARSE, "not valid JSON"},
                      BodyCase{"other_json", "{\"posts\": []}", PW_E_LAYOUT, "not a JSON Feed"},
                      BodyCase{"json_array", "[{\"id\": 1}]", PW_E_LAYOUT, "JSON array"},
                      BodyCase{"opml", "<?xml version=\"1.0\"?><opml version=\"2.0\"/>",
                               PW_E_LAYOUT, "<opml>"}),
    [](const ::testing::TestParamInfo<BodyCase>& param_info) { return param_info.param.name; });

TEST(WebPluginTest, PlanRequestsTheRegisteredFeedWithFeedAcceptHeader) {
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  ASSERT_EQ(plugin.Plan(host, "https://blog.example.org/feed.xml"), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  const testing::RecordedRequest& request = host.requests[0];
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url, "https://blog.example.org/feed.xml");
  EXPECT_EQ(request.tag, "feed");
  ASSERT_EQ(request.headers.size(), 1u);
  EXPECT_EQ(request.headers[0].first, "Accept");
  EXPECT_EQ(request.headers[0].second,
            "application/rss+xml, application/atom+xml, application/feed+json, "
            "application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5");
}

struct PlanCase {
  const char* config;
  const char* registered;
  const char* ref;
  const char* url;  // "" when plan must fail with PW_E_CONFIG
};

class WebPlanTest : public ::testing::TestWithParam<PlanCase> {};

TEST_P(WebPlanTest, PlanPicksTheFeedUrl) {
  const PlanCase& c = GetParam();
  PluginInstance plugin(WebPlugin(), c.config);
  ASSERT_EQ(plugin.init_status(), PW_OK);
  RecordingHost host;
  pw_status status = plugin.Plan(host, c.registered, c.ref);
  if (std::string(c.url).empty()) {
    EXPECT_EQ(status, PW_E_CONFIG);
    EXPECT_EQ(host.errors.size(), 1u);
    EXPECT_TRUE(host.requests.empty());
    return;
  }
  ASSERT_EQ(status, PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  EXPECT_EQ(host.requests[0].url, c.url);
}

INSTANTIATE_TEST_SUITE_P(
    Urls, WebPlanTest,
    ::testing::Values(
        PlanCase{"{}", "https://a.example/feed", "{}", "https://a.example/feed"},
        PlanCase{"{}", "https://a.example/", R"({"feed_url": "https://a.example/rss"})",
                 "https://a.example/rss"},
        PlanCase{"{}", "a.example/feed", "", "https://a.example/feed"},
        PlanCase{R"({"base_url": "http://127.0.0.1:8080"})", "https://a.example/feed?x=1", "{}",
                 "http://127.0.0.1:8080/feed?x=1"},
        PlanCase{R"({"base_url": "http://127.0.0.1:8080/web/"})", "https://a.example/feed", "{}",
                 "http://127.0.0.1:8080/web/feed"},
        PlanCase{"{}", "ftp://a.example/feed", "{}", ""}, PlanCase{"{}", "", "{}", ""},
        PlanCase{"{}", "https://a.example/", R"({"feed_url": 7})", ""},
        PlanCase{"{}", "https://a.example/", R"({"kind": "blogger"})", ""},
        PlanCase{"{}", "https://a.example/blog/", R"({"kind": "wordpress"})",
                 "https://a.example/blog/wp-json/wp/v2/posts?page=1&per_page=100"
                 "&_fields=id,guid,link,date_gmt,title,content"},
        PlanCase{R"({"base_url": "http://127.0.0.1:8080/web"})", "http://127.0.0.1:8080/web/feed",
                 "{}", "http://127.0.0.1:8080/web/feed"}));

struct ConfigCase {
  const char* config;
  const char* message_part;  // "" when the config is valid
};

class WebConfigTest : public ::testing::TestWithParam<ConfigCase> {};

TEST_P(WebConfigTest, InitChecksTheConfig) {
  const ConfigCase& c = GetParam();
  PluginInstance plugin(WebPlugin(), c.config);
  if (std::string(c.message_part).empty()) {
    EXPECT_EQ(plugin.init_status(), PW_OK);
    return;
  }
  EXPECT_EQ(plugin.init_status(), PW_E_CONFIG);
  ASSERT_EQ(plugin.init_errors().size(), 1u);
  EXPECT_NE(plugin.init_errors()[0].find(c.message_part), std::string::npos)
      << plugin.init_errors()[0];
}

INSTANTIATE_TEST_SUITE_P(
    Configs, WebConfigTest,
    ::testing::Values(ConfigCase{"", ""}, ConfigCase{"{}", ""},
                      ConfigCase{"{\"max_items\": 5, /* comment */ \"base_url\": "
                                 "\"http://127.0.0.1:9\",}",
                                 ""},
                      ConfigCase{R"({"max_item": 5})", "unknown config key \"max_item\""},
                      ConfigCase{R"({"max_items": 0})", "max_items"},
                      ConfigCase{R"({"wordpress_per_page": 0})", "wordpress_per_page"},
                      ConfigCase{R"({"max_items": "10"})", "max_items"},
                      ConfigCase{R"({"base_url": "127.0.0.1:8080"})", "base_url"},
                      ConfigCase{"[1]", "JSON object"}, ConfigCase{"{", "not valid JSON"}));

TEST(WebPluginTest, MaxItemsKeepsTheNewestItems) {
  PluginInstance plugin(WebPlugin(), R"({"max_items": 1})");
  RecordingHost host;
  ASSERT_EQ(plugin.Parse(host, 200, Fixture("rss20_content_encoded.xml")), PW_DONE);
  ASSERT_EQ(host.posts.size(), 1u);
  EXPECT_EQ(host.posts[0].id, "https://other.example.com/reports/bridge");
}

TEST(WebPluginTest, UnknownResponseTagIsAnInternalError) {
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  EXPECT_EQ(plugin.Parse(host, 200, Fixture("rss_empty.xml"), "https://x.example/", "page"),
            PW_E_INTERNAL);
  EXPECT_EQ(host.errors.size(), 1u);
}

TEST(WebPluginTest, ManifestDescribesAWebPageReadingPluginForAnyHost) {
  const pw_plugin* plugin = WebPlugin();
  EXPECT_EQ(plugin->struct_size, sizeof(pw_plugin));
  EXPECT_EQ(plugin->abi_major, PW_ABI_MAJOR);
  EXPECT_STREQ(plugin->name, "web");
  EXPECT_STREQ(plugin->platform, "web");
  ASSERT_EQ(plugin->egress_host_count, 1u);
  EXPECT_STREQ(plugin->egress_hosts[0], "*");
  EXPECT_EQ(plugin->flags & PW_PLUGIN_READS_WEB_PAGES, PW_PLUGIN_READS_WEB_PAGES);
  EXPECT_NE(plugin->resolve, nullptr);
  EXPECT_EQ(plugin->refresh_credentials, nullptr);
}

TEST(WebPluginTest, ConcurrentParsesOfOneInstanceAgree) {
  PluginInstance plugin(WebPlugin(), "{}");
  std::string body = Fixture("atom10_xhtml.xml");
  RecordingHost reference;
  ASSERT_EQ(plugin.Parse(reference, 200, body, "https://atom.example.org/blog/atom.xml"), PW_DONE);
  std::vector<std::vector<testing::RecordedPost>> results(4);
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back([&plugin, &body, &result] {
      for (int i = 0; i < 25; ++i) {
        RecordingHost host;
        plugin.Parse(host, 200, body, "https://atom.example.org/blog/atom.xml");
        result = host.posts;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const auto& result : results) {
    ASSERT_EQ(result.size(), reference.posts.size());
    for (size_t i = 0; i < result.size(); ++i) {
      EXPECT_EQ(result[i].id, reference.posts[i].id);
      EXPECT_EQ(result[i].links, reference.posts[i].links);
    }
  }
}

}  // namespace
}  // namespace postwatch::web
