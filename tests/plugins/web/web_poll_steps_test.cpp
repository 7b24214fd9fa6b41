// The web plugin's multi-step polls through its function table, as postwatchd drives them:
// resolve() finding the canonical id, autodiscovery when a feed URL answers an HTML page,
// and WordPress REST API paging back to the cursor.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "fixture_files.h"
#include "protocol_host.h"
#include "web/web_plugin.h"
#include "web/wordpress_api.h"

namespace postwatch::web {
namespace {

using testing::PollRun;
using testing::ProtocolHost;
using testing::ProtocolPlugin;
using testing::RecordedRequest;
using testing::TestAccount;
using testing::TestResponse;

std::string FixturePath(const std::string& name) {
  return std::string(PW_WEB_FIXTURES_DIR) + "/" + name;
}

std::string Fixture(const std::string& name) { return testing::ReadFileOrFail(FixturePath(name)); }

// Serves fixtures by URL; anything else is a 404.
struct Site {
  struct Page {
    int status = 200;
    std::string content_type;
    std::string fixture;
    std::vector<std::pair<std::string, std::string>> headers;
  };
  std::map<std::string, Page> pages;

  testing::Responder Responder() const {
    return [this](const RecordedRequest& request) {
      TestResponse response;
      auto it = pages.find(request.url);
      if (it == pages.end()) {
        response.status = 404;
        response.body = "<html>not found</html>";
        return response;
      }
      response.status = it->second.status;
      response.body = Fixture(it->second.fixture);
      response.headers = it->second.headers;
      if (!it->second.content_type.empty()) {
        response.headers.emplace_back("Content-Type", it->second.content_type);
      }
      return response;
    };
  }
};

const char* const kWpFirst =
    "https://allotment.example.org/wp-json/wp/v2/posts?page=1&per_page=3"
    "&_fields=id,guid,link,date_gmt,title,content";
const char* const kWpSecond =
    "https://allotment.example.org/wp-json/wp/v2/posts?page=2&per_page=3"
    "&_fields=id,guid,link,date_gmt,title,content";

Site WordPressSite() {
  Site site;
  site.pages["https://allotment.example.org/"] = {
      200, "text/html; charset=UTF-8", "site_wordpress.html", {}};
  site.pages[kWpFirst] = {200, "application/json; charset=UTF-8", "wp_posts_page1.json",
                          testing::ReadHeaderFile(FixturePath("wp_posts_page1.headers"))};
  site.pages[kWpSecond] = {200,
                           "application/json; charset=UTF-8",
                           "wp_posts_page2.json",
                           {{"X-WP-Total", "5"}, {"X-WP-TotalPages", "2"}}};
  return site;
}

// Resolves the account as the poller does before its first poll: resolve(), then parse()
// of each resolve request, until an account id is emitted.
pw_status ResolveAccount(const ProtocolPlugin& plugin, TestAccount& account,
                         const testing::Responder& responder, ProtocolHost& host) {
  pw_status status = plugin.Resolve(host, account);
  size_t next = 0;
  while (status >= 0 && !host.account_id && next < host.requests.size()) {
    TestResponse response = responder(host.requests[next]);
    response.tag = host.requests[next].tag;
    if (response.url.empty()) response.url = host.requests[next].url;
    ++next;
    status = plugin.Parse(host, account, response);
  }
  if (host.account_id) account.id = *host.account_id;
  return status;
}

struct ResolveCase {
  const char* name;
  const char* registered;
  const char* ref;
  bool fetches;  // resolve() asks for the registered URL first
  const char* id;
};

class WebResolveTest : public ::testing::TestWithParam<ResolveCase> {};

TEST_P(WebResolveTest, CanonicalIdIsTheFeedOrTheWordPressPostsCollection) {
  const ResolveCase& c = GetParam();
  ProtocolPlugin plugin(WebPlugin(), "{}");
  Site site = WordPressSite();
  site.pages["https://harbour.example.net/"] = {200, "text/html", "site_home.html", {}};
  site.pages["https://feeds.example.org/blog"] = {200, "application/rss+xml", "rss091.xml", {}};
  site.pages["https://feeds.example.org/blog?nofeed=1"] =
      site.pages["https://feeds.example.org/blog"];
  ProtocolHost host;
  TestAccount account;
  account.registered = c.registered;
  account.ref_json = c.ref;
  pw_status status = ResolveAccount(plugin, account, site.Responder(), host);
  EXPECT_GE(status, 0) << (host.errors.empty() ? "" : host.errors.front());
  EXPECT_EQ(!host.requests.empty(), c.fetches);
  if (c.fetches) {
    EXPECT_EQ(host.requests[0].tag, "resolve");
  }
  EXPECT_EQ(host.account_id.value_or(""), c.id);
}

INSTANTIATE_TEST_SUITE_P(
    Registrations, WebResolveTest,
    ::testing::Values(
        ResolveCase{"feed_path", "https://a.example/blog/feed/", "{}", false,
                    "https://a.example/blog/feed/"},
        ResolveCase{"xml_file", "a.example/index.xml", "{}", false, "https://a.example/index.xml"},
        ResolveCase{"wordpress_query_feed", "https://a.example/?feed=rss2", "{}", false,
                    "https://a.example/?feed=rss2"},
        ResolveCase{"feed_param_not_a_substring_match", "https://feeds.example.org/blog?nofeed=1",
                    "{}", true, "https://feeds.example.org/blog?nofeed=1"},
        ResolveCase{"ref_feed_url", "https://a.example/", R"({"feed_url": "https://f.example/x"})",
                    false, "https://f.example/x"},
        ResolveCase{"ref_kind_wordpress", "https://a.example/blog", R"({"kind": "wordpress"})",
                    false, "https://a.example/blog/wp-json/wp/v2/posts"},
        ResolveCase{"wp_json_url", "https://a.example/wp-json/", "{}", false,
                    "https://a.example/wp-json/wp/v2/posts"},
        // A site's address: fetched and searched.
        ResolveCase{"home_page_with_feed_links", "https://harbour.example.net/", "{}", true,
                    "https://harbour.example.net/journal/atom.xml"},
        ResolveCase{"wordpress_home_page", "https://allotment.example.org/", "{}", true,
                    "https://allotment.example.org/wp-json/wp/v2/posts"},
        // An address that turns out to be a feed is its own id.
        ResolveCase{"feed_without_feed_like_path", "https://feeds.example.org/blog", "{}", true,
                    "https://feeds.example.org/blog"}),
    [](const ::testing::TestParamInfo<ResolveCase>& param_info) { return param_info.param.name; });

TEST(WebResolveTest, PageWithoutFeedIsALayoutErrorThatSaysWhatToDo) {
  ProtocolPlugin plugin(WebPlugin(), "{}");
  Site site;
  site.pages["https://card.example/"] = {200, "text/html", "site_no_feed.html", {}};
  ProtocolHost host;
  TestAccount account;
  account.registered = "https://card.example/";
  EXPECT_EQ(ResolveAccount(plugin, account, site.Responder(), host), PW_E_LAYOUT);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_NE(host.errors[0].find("advertises no RSS, Atom or JSON feed"), std::string::npos);
  EXPECT_NE(host.errors[0].find("ref.feed_url"), std::string::npos);
  EXPECT_FALSE(host.account_id.has_value());
}

TEST(WebResolveTest, MissingSiteIsGone) {
  ProtocolPlugin plugin(WebPlugin(), "{}");
  Site site;
  ProtocolHost host;
  TestAccount account;
  account.registered = "https://vanished.example/";
  EXPECT_EQ(ResolveAccount(plugin, account, site.Responder(), host), PW_E_GONE);
}

TEST(WebDiscoveryTest, FeedUrlThatAnswersHtmlFollowsTheAdvertisedFeedOnce) {
  ProtocolPlugin plugin(WebPlugin(), "{}");
  Site site;
  // The feed moved: the old URL now serves the home page, which links the new feed.
  site.pages["https://blog.example.org/feed.xml"] = {200, "text/html", "html_page.html", {}};
  site.pages["https://blog.example.org/new/feed.xml"] = {
      200, "application/rss+xml", "rss20_content_encoded.xml", {}};
  std::string page = Fixture("html_page.html");
  ProtocolHost host;
  TestAccount account;
  account.registered = "https://blog.example.org/feed.xml";
  account.id = "https://blog.example.org/feed.xml";
  // html_page.html advertises /feed.xml, which is itself: discovery must not loop.
  PollRun run = plugin.RunPoll(host, account, site.Responder());
  EXPECT_EQ(run.final_status, PW_E_LAYOUT);
  ASSERT_EQ(run.requests.size(), 2u);
  EXPECT_EQ(run.requests[1].tag, "discovered");
  EXPECT_TRUE(host.posts.empty());

  site.pages["https://blog.example.org/moved.html"] = {200, "text/html", "site_json_only.html", {}};
  site.pages["https://micro.example.com/feed.json"] = {
      200, "application/feed+json", "jsonfeed11.json", {}};
  ProtocolHost moved;
  account.id = "https://blog.example.org/moved.html";
  run = plugin.RunPoll(moved, account, site.Responder());
  EXPECT_EQ(run.final_status, PW_DONE) << (moved.errors.empty() ? "" : moved.errors.front());
  ASSERT_EQ(run.requests.size(), 2u);
  EXPECT_EQ(run.requests[1].url, "https://micro.example.com/feed.json");
  EXPECT_EQ(moved.account_id.value_or(""), "https://micro.example.com/feed.json");
  EXPECT_FALSE(moved.posts.empty());
}

TEST(WebDiscoveryTest, RefKindFeedTurnsDiscoveryOff) {
  ProtocolPlugin plugin(WebPlugin(), "{}");
  Site site;
  site.pages["https://harbour.example.net/"] = {200, "text/html", "site_home.html", {}};
  ProtocolHost host;
  TestAccount account;
  account.registered = "https://harbour.example.net/";
  account.ref_json = R"({"kind": "feed"})";
  PollRun run = plugin.RunPoll(host, account, site.Responder());
  EXPECT_EQ(run.final_status, PW_E_LAYOUT);
  EXPECT_EQ(run.requests.size(), 1u);
  EXPECT_FALSE(host.account_id.has_value());
}

TEST(WebDiscoveryTest, BaseUrlRewritesDiscoveredFeedsOnlyOnce) {
  ProtocolPlugin plugin(WebPlugin(), R"({"base_url": "http://127.0.0.1:9/site"})");
  Site site;
  site.pages["http://127.0.0.1:9/site/"] = {200, "text/html", "site_json_only.html", {}};
  // The page's protocol-relative link names the real host; it is fetched from the base.
  site.pages["http://127.0.0.1:9/site/feed.json"] = {
      200, "application/feed+json", "jsonfeed11.json", {}};
  ProtocolHost host;
  TestAccount account;
  account.registered = "https://micro.example.com/";
  ASSERT_GE(ResolveAccount(plugin, account, site.Responder(), host), 0)
      << (host.errors.empty() ? "" : host.errors.front());
  // The page answered from the base over http, so the protocol-relative link is http too.
  EXPECT_EQ(account.id, "http://micro.example.com/feed.json");
  ProtocolHost poll;
  PollRun run = plugin.RunPoll(poll, account, site.Responder());
  EXPECT_EQ(run.final_status, PW_DONE);
  ASSERT_EQ(run.requests.size(), 1u);
  EXPECT_EQ(run.requests[0].url, "http://127.0.0.1:9/site/feed.json");
}

TEST(WebWordPressTest, FirstPollReadsEveryPageAndSetsTheCursor) {
  ProtocolPlugin plugin(WebPlugin(), R"({"wordpress_per_page": 3})");
  Site site = WordPressSite();
  ProtocolHost host;
  TestAccount account;
  account.registered = "https://allotment.example.org/";
  ASSERT_GE(ResolveAccount(plugin, account, site.Responder(), host), 0);
  ProtocolHost poll;
  PollRun run = plugin.RunPoll(poll, account, site.Responder());
  EXPECT_EQ(run.final_status, PW_DONE) << (poll.errors.empty() ? "" : poll.errors.front());
  ASSERT_EQ(run.requests.size(), 2u);
  EXPECT_EQ(run.requests[0].url, kWpFirst);
  EXPECT_EQ(run.requests[0].tag, "wp:1");
  EXPECT_EQ(run.requests[1].url, kWpSecond);
  std::vector<std::string> ids;
  for (const auto& post : poll.posts) ids.push_back(post.id);
  EXPECT_EQ(ids, (std::vector<std::string>{
                     "https://allotment.example.org/?p=412", "https://allotment.example.org/?p=405",
                     "https://allotment.example.org/?p=398", "https://allotment.example.org/?p=377",
                     "https://allotment.example.org/?p=350"}));
  EXPECT_EQ(poll.cursor.value_or(""), "wp:1710007500:412");
}

TEST(WebWordPressTest, LaterPollStopsAtTheCursorWithoutAskingForMorePages) {
  ProtocolPlugin plugin(WebPlugin(), R"({"wordpress_per_page": 3})");
  Site site = WordPressSite();
  ProtocolHost host;
  TestAccount account;
  account.registered = "https://allotment.example.org/";
  account.id = "https://allotment.example.org/wp-json/wp/v2/posts";
  account.cursor = "wp:1709373600:405";
  PollRun run = plugin.RunPoll(host, account, site.Responder());
  EXPECT_EQ(run.final_status, PW_DONE);
  EXPECT_EQ(run.requests.size(), 1u);
  ASSERT_EQ(host.posts.size(), 1u);
  EXPECT_EQ(host.posts[0].id, "https://allotment.example.org/?p=412");
  EXPECT_EQ(host.cursor.value_or(""), "wp:1710007500:412");
}

TEST(WebWordPressTest, PagePastTheEndEndsThePollQuietly) {
  ProtocolPlugin plugin(WebPlugin(), R"({"wordpress_per_page": 3})");
  Site site = WordPressSite();
  // No X-WP-TotalPages: the full first page leads to page 2, which is past the end.
  site.pages[kWpFirst].headers.clear();
  site.pages[kWpSecond] = {400, "application/json", "wp_error_invalid_page.json", {}};
  ProtocolHost host;
  TestAccount account;
  account.id = "https://allotment.example.org/wp-json/wp/v2/posts";
  PollRun run = plugin.RunPoll(host, account, site.Responder());
  EXPECT_EQ(run.final_status, PW_DONE) << (host.errors.empty() ? "" : host.errors.front());
  EXPECT_EQ(run.requests.size(), 2u);
  EXPECT_EQ(host.posts.size(), 3u);
  EXPECT_TRUE(host.errors.empty());
}

TEST(WebWordPressTest, MaxItemsBoundsThePagesReadOnTheFirstPoll) {
  ProtocolPlugin plugin(WebPlugin(), R"({"wordpress_per_page": 3, "max_items": 2})");
  Site site = WordPressSite();
  ProtocolHost host;
  TestAccount account;
  account.id = "https://allotment.example.org/wp-json/wp/v2/posts";
  PollRun run = plugin.RunPoll(host, account, site.Responder());
  EXPECT_EQ(run.final_status, PW_DONE);
  EXPECT_EQ(run.requests.size(), 1u);
}

TEST(WebWordPressTest, SiteWithoutTheRestRouteIsALayoutError) {
  ProtocolPlugin plugin(WebPlugin(), "{}");
  Site site;
  site.pages
      ["https://s.example/wp-json/wp/v2/posts?page=1&per_page=100"
       "&_fields=id,guid,link,date_gmt,title,content"] = {
      404, "application/json", "wp_error_no_route.json", {}};
  ProtocolHost host;
  TestAccount account;
  account.registered = "https://s.example/";
  account.ref_json = R"({"kind": "wordpress"})";
  PollRun run = plugin.RunPoll(host, account, site.Responder());
  EXPECT_EQ(run.final_status, PW_E_LAYOUT);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_NE(host.errors[0].find("rest_no_route"), std::string::npos);
}

TEST(WebWordPressTest, DiscoveredApiThatRefusesVisitorsFallsBackToTheSiteFeed) {
  ProtocolPlugin plugin(WebPlugin(), R"({"wordpress_per_page": 3})");
  Site site = WordPressSite();
  site.pages[kWpFirst] = {401, "application/json", "wp_error_forbidden.json", {}};
  site.pages["https://allotment.example.org/feed/"] = {
      200, "application/rss+xml", "rss20_content_encoded.xml", {}};
  ProtocolHost host;
  TestAccount account;
  account.registered = "https://allotment.example.org/";
  account.id = "https://allotment.example.org/wp-json/wp/v2/posts";
  PollRun run = plugin.RunPoll(host, account, site.Responder());
  EXPECT_EQ(run.final_status, PW_DONE) << (host.errors.empty() ? "" : host.errors.front());
  ASSERT_EQ(run.requests.size(), 2u);
  EXPECT_EQ(run.requests[1].url, "https://allotment.example.org/feed/");
  EXPECT_EQ(host.account_id.value_or(""), "https://allotment.example.org/feed/");
  EXPECT_FALSE(host.posts.empty());
  ASSERT_FALSE(host.logs.empty());
  EXPECT_NE(host.logs[0].second.find("rest_login_required"), std::string::npos);

  // Asked for explicitly, the API's refusal is the answer.
  ProtocolHost strict;
  account.ref_json = R"({"kind": "wordpress"})";
  run = plugin.RunPoll(strict, account, site.Responder());
  EXPECT_EQ(run.final_status, PW_E_AUTH);
  EXPECT_EQ(run.requests.size(), 1u);
}

TEST(WordPressApiTest, FeedOfTheSiteBehindAPostsCollection) {
  EXPECT_EQ(WordPressFeedUrl("https://s.example/blog/wp-json/wp/v2/posts?page=1"),
            "https://s.example/blog/feed/");
  EXPECT_EQ(WordPressFeedUrl("https://s.example/?rest_route=/wp/v2/posts&page=1"),
            "https://s.example/?feed=rss2");
  EXPECT_EQ(WordPressFeedUrl("https://s.example/feed/"), "");
}

}  // namespace
}  // namespace postwatch::web
