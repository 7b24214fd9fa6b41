// The assembled simulator (SimApp) over real HTTP on 127.0.0.1, with a manual clock.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <rapidjson/document.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "feed_test_parser.h"
#include "http_test_client.h"
#include "sim_app.h"

namespace postwatch::sim {
namespace {

using testing::HttpResult;
using testing::HttpTestClient;
using testing::ParseFeedForTest;

constexpr int64_t kStart = 1'700'000'000'000;

class SimServerTest : public ::testing::Test {
 protected:
  void StartApp(unsigned threads = 1) {
    SimOptions options;
    options.world.accounts = 10;
    options.world.seed = 3;
    options.world.flag_share = 0.5;
    options.threads = threads;
    app_ = std::make_unique<SimApp>(options, clock_.AsClock());
    Status status = app_->Start();
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  void SetUp() override { StartApp(); }

  std::string Url(const std::string& path) const { return app_->base_url() + path; }

  rapidjson::Document GetJson(const std::string& path) {
    HttpResult result = client_.Fetch(Url(path));
    EXPECT_EQ(result.status, 200) << path << ": " << result.error << result.body;
    EXPECT_EQ(result.Header("content-type"), "application/json");
    rapidjson::Document doc;
    doc.Parse(result.body.c_str());
    EXPECT_FALSE(doc.HasParseError()) << result.body;
    return doc;
  }

  ManualClock clock_{kStart};
  std::unique_ptr<SimApp> app_;
  HttpTestClient client_;
};

TEST_F(SimServerTest, ServesEachFormatWithItsContentType) {
  const struct {
    const char* path;
    FeedFormat format;
    const char* type;
  } cases[] = {
      {"/acct-0/feed", FeedFormat::kRss, "application/rss+xml; charset=utf-8"},
      {"/acct-1/feed", FeedFormat::kAtom, "application/atom+xml; charset=utf-8"},
      {"/acct-2/feed", FeedFormat::kJson, "application/feed+json; charset=utf-8"},
      {"/acct-3/feed", FeedFormat::kRss, "application/rss+xml; charset=utf-8"},
  };
  for (const auto& c : cases) {
    HttpResult result = client_.Fetch(Url(c.path));
    ASSERT_EQ(result.status, 200) << c.path << " " << result.error;
    EXPECT_EQ(result.Header("content-type"), c.type);
    auto feed = ParseFeedForTest(c.format, result.body);
    ASSERT_TRUE(feed.ok()) << c.path << ": " << feed.status().ToString();
    ASSERT_EQ(feed->items.size(), 5u) << c.path;
    EXPECT_EQ(feed->items[0].url.rfind(app_->base_url() + "/", 0), 0u) << feed->items[0].url;
  }
}

TEST_F(SimServerTest, MatchingIfNoneMatchGives304WithNoBody) {
  HttpResult first = client_.Fetch(Url("/acct-1/feed"));
  ASSERT_EQ(first.status, 200);
  const std::string etag = first.Header("etag");
  EXPECT_EQ(etag, "\"acct-1-post-4-n5\"");
  EXPECT_FALSE(first.Header("last-modified").empty());

  HttpResult second = client_.Fetch(Url("/acct-1/feed"), {"If-None-Match: " + etag});
  EXPECT_EQ(second.status, 304);
  EXPECT_TRUE(second.body.empty());
  EXPECT_EQ(second.Header("etag"), etag);

  HttpResult listed = client_.Fetch(Url("/acct-1/feed"), {"If-None-Match: \"x\", W/" + etag});
  EXPECT_EQ(listed.status, 304);

  HttpResult other = client_.Fetch(Url("/acct-1/feed"), {"If-None-Match: \"stale\""});
  EXPECT_EQ(other.status, 200);
}

TEST_F(SimServerTest, IfModifiedSinceGives304UntilANewPost) {
  HttpResult first = client_.Fetch(Url("/acct-2/feed"));
  ASSERT_EQ(first.status, 200);
  const std::string since = "If-Modified-Since: " + first.Header("last-modified");
  EXPECT_EQ(client_.Fetch(Url("/acct-2/feed"), {since}).status, 304);
  clock_.Advance(2 * app_->world().IntervalMs(2));
  EXPECT_EQ(client_.Fetch(Url("/acct-2/feed"), {since}).status, 200);
}

TEST_F(SimServerTest, PostsAppearWhenTheClockMoves) {
  HttpResult before = client_.Fetch(Url("/acct-0/feed"));
  ASSERT_EQ(before.status, 200);
  const std::string etag = before.Header("etag");
  clock_.Set(app_->world().PublishedMs(0, 7));

  HttpResult after = client_.Fetch(Url("/acct-0/feed"), {"If-None-Match: " + etag});
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.Header("etag"), "\"acct-0-post-7-n8\"");
  auto feed = ParseFeedForTest(FeedFormat::kRss, after.body);
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->items.size(), 8u);
  EXPECT_EQ(feed->items[0].id, "acct-0-post-7");
  EXPECT_EQ(feed->items[7].id, "acct-0-post-0");
}

TEST_F(SimServerTest, FeedIsCappedAtFeedItems) {
  clock_.Set(app_->world().PublishedMs(4, 59));
  HttpResult result = client_.Fetch(Url("/acct-4/feed"));
  ASSERT_EQ(result.status, 200);
  auto feed = ParseFeedForTest(FeedFormat::kAtom, result.body);
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->items.size(), 20u);
  EXPECT_EQ(feed->items.front().id, "acct-4-post-59");
  EXPECT_EQ(feed->items.back().id, "acct-4-post-40");
}

TEST_F(SimServerTest, UnknownAccountsAndPathsGive404) {
  for (const char* path : {"/acct-10/feed", "/acct-01/feed", "/acct-x/feed", "/acct-1/nope",
                           "/acct-1", "/", "/feed", "/_sim/nope", "/acct-1/posts/99"}) {
    EXPECT_EQ(client_.Fetch(Url(path)).status, 404) << path;
  }
}

TEST_F(SimServerTest, HomeAndPostPagesAreServed) {
  HttpResult home = client_.Fetch(Url("/acct-2/"));
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("type=\"application/feed+json\""), std::string::npos) << home.body;
  EXPECT_NE(home.body.find("href=\"/acct-2/feed\""), std::string::npos);
  HttpResult post = client_.Fetch(Url("/acct-2/posts/3"));
  ASSERT_EQ(post.status, 200);
  EXPECT_NE(post.body.find(app_->world().MakePost(2, 3).content_html), std::string::npos);
}

TEST_F(SimServerTest, WrongMethodGives405) {
  HttpResult result = client_.Fetch(Url("/acct-0/feed"), {}, "POST");
  EXPECT_EQ(result.status, 405);
  EXPECT_EQ(result.Header("allow"), "GET, HEAD");
  EXPECT_EQ(client_.Fetch(Url("/_sim/reset-stats")).status, 405);
}

TEST_F(SimServerTest, HeadGivesHeadersButRecordsNothing) {
  HttpResult get = client_.Fetch(Url("/acct-0/feed"));
  HttpResult head = client_.Fetch(Url("/acct-5/feed"), {}, "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_FALSE(head.Header("etag").empty());
  EXPECT_NE(head.Header("content-length"), "0");
  rapidjson::Document served = GetJson("/_sim/served");
  EXPECT_TRUE(served["accounts"].HasMember("acct-0"));
  EXPECT_FALSE(served["accounts"].HasMember("acct-5"));
}

TEST_F(SimServerTest, ServedListsExactlyThePostsInBodiesWithTheirLinks) {
  // acct-0 at start (posts 0-4), then acct-3 at start and later (0-4, then 0-6), and a 304
  // for acct-0 that must add nothing.
  HttpResult a = client_.Fetch(Url("/acct-0/feed"));
  ASSERT_EQ(a.status, 200);
  ASSERT_EQ(client_.Fetch(Url("/acct-3/feed")).status, 200);
  clock_.Set(app_->world().PublishedMs(3, 6));
  ASSERT_EQ(client_.Fetch(Url("/acct-3/feed")).status, 200);
  ASSERT_EQ(client_.Fetch(Url("/acct-0/feed"), {"If-None-Match: " + a.Header("etag")}).status,
            clock_.now_ms() >= app_->world().PublishedMs(0, 5) ? 200 : 304);
  const uint64_t acct0_count = app_->world().PublishedCount(0, clock_.now_ms());

  rapidjson::Document doc = GetJson("/_sim/served");
  const auto& accounts = doc["accounts"];
  ASSERT_TRUE(accounts.IsObject());
  EXPECT_EQ(accounts.MemberCount(), 2u);
  const struct {
    uint32_t account;
    uint64_t count;
  } expected[] = {{0, acct0_count}, {3, 7}};
  for (const auto& e : expected) {
    const std::string slug = World::Slug(e.account);
    ASSERT_TRUE(accounts.HasMember(slug.c_str())) << slug;
    const auto& posts = accounts[slug.c_str()]["posts"];
    ASSERT_EQ(posts.MemberCount(), e.count) << slug;
    for (uint64_t k = 0; k < e.count; ++k) {
      const std::string id = World::PostId(e.account, k);
      ASSERT_TRUE(posts.HasMember(id.c_str())) << id;
      const auto& post = posts[id.c_str()];
      const auto links = app_->world().LinksOf(e.account, k);
      ASSERT_EQ(post["links"].Size(), links.size()) << id;
      std::vector<std::string> flagged;
      for (size_t j = 0; j < links.size(); ++j) {
        EXPECT_EQ(post["links"][static_cast<rapidjson::SizeType>(j)].GetString(), links[j].url);
        if (links[j].flagged) flagged.push_back(links[j].url);
      }
      ASSERT_EQ(post["flagged"].Size(), flagged.size()) << id;
      for (size_t j = 0; j < flagged.size(); ++j) {
        EXPECT_EQ(post["flagged"][static_cast<rapidjson::SizeType>(j)].GetString(), flagged[j]);
      }
    }
  }

  rapidjson::Document only = GetJson("/_sim/served?account=acct-3");
  EXPECT_EQ(only["accounts"].MemberCount(), 1u);
  EXPECT_TRUE(only["accounts"].HasMember("acct-3"));

  EXPECT_EQ(client_.Fetch(Url("/_sim/reset-served"), {}, "POST").status, 200);
  EXPECT_EQ(GetJson("/_sim/served")["accounts"].MemberCount(), 0u);
}

TEST_F(SimServerTest, StatsCountClientRequestsButNotControlRequests) {
  HttpResult first = client_.Fetch(Url("/acct-0/feed"));
  client_.Fetch(Url("/acct-0/feed"), {"If-None-Match: " + first.Header("etag")});
  client_.Fetch(Url("/acct-99/feed"));
  client_.Fetch(Url("/acct-0/feed"), {}, "POST");
  GetJson("/_sim/served");

  rapidjson::Document stats = GetJson("/_sim/stats");
  EXPECT_EQ(stats["requests"].GetUint64(), 4u);
  EXPECT_EQ(stats["responses_200"].GetUint64(), 1u);
  EXPECT_EQ(stats["responses_304"].GetUint64(), 1u);
  EXPECT_EQ(stats["responses_404"].GetUint64(), 1u);
  EXPECT_EQ(stats["responses_other"].GetUint64(), 1u);
  // One client, one kept-alive connection.
  EXPECT_EQ(stats["connections"].GetUint64(), 1u);

  EXPECT_EQ(client_.Fetch(Url("/_sim/reset-stats"), {}, "POST").status, 200);
  rapidjson::Document reset = GetJson("/_sim/stats");
  EXPECT_EQ(reset["requests"].GetUint64(), 0u);
  EXPECT_EQ(reset["responses_200"].GetUint64(), 0u);
}

TEST_F(SimServerTest, InfoReportsTheWorldAndTheClock) {
  rapidjson::Document info = GetJson("/_sim/info");
  EXPECT_EQ(info["accounts"].GetUint(), 10u);
  EXPECT_EQ(info["seed"].GetUint64(), 3u);
  EXPECT_EQ(info["start_time_ms"].GetInt64(), kStart);
  EXPECT_EQ(info["now_ms"].GetInt64(), kStart);
  EXPECT_EQ(info["flag_domains"].Size(), DefaultFlagDomains().size());
}

// Sends raw bytes and reads until the server closes the connection.
std::string RawExchange(uint16_t port, const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string received;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size())) {
    char buffer[16384];
    for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) {
      received.append(buffer, static_cast<size_t>(n));
    }
  }
  close(fd);
  return received;
}

TEST_F(SimServerTest, PipelinedRequestsAreAnsweredInOrder) {
  const std::string request =
      "GET /acct-1/feed HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /acct-77/feed HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /acct-2/feed HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const std::string response = RawExchange(app_->port(), request);
  const size_t first = response.find("HTTP/1.1 200 OK");
  const size_t second = response.find("HTTP/1.1 404 Not Found");
  const size_t third = response.find("HTTP/1.1 200 OK", first + 1);
  ASSERT_NE(first, std::string::npos) << response;
  ASSERT_NE(second, std::string::npos) << response;
  ASSERT_NE(third, std::string::npos) << response;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_LT(response.find("application/atom+xml"), second);
  EXPECT_GT(response.find("application/feed+json"), third);
}

TEST_F(SimServerTest, MalformedRequestGets400AndClose) {
  const std::string response = RawExchange(app_->port(), "NOT HTTP AT ALL\r\n\r\n");
  EXPECT_EQ(response.rfind("HTTP/1.1 400 Bad Request", 0), 0u) << response;
}

TEST_F(SimServerTest, SeveralThreadsServeConcurrentClients) {
  app_.reset();
  StartApp(4);
  constexpr int kClients = 4;
  constexpr int kRequestsEach = 50;
  std::vector<std::thread> clients;
  std::vector<int> ok(kClients, 0);
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([this, c, &ok] {
      HttpTestClient client;
      for (int r = 0; r < kRequestsEach; ++r) {
        const std::string path = "/acct-" + std::to_string((c + r) % 10) + "/feed";
        if (client.Fetch(Url(path)).status == 200) ++ok[static_cast<size_t>(c)];
      }
    });
  }
  for (auto& thread : clients) thread.join();
  for (int c = 0; c < kClients; ++c) EXPECT_EQ(ok[static_cast<size_t>(c)], kRequestsEach);
  rapidjson::Document stats = GetJson("/_sim/stats");
  EXPECT_EQ(stats["responses_200"].GetUint64(), uint64_t{kClients * kRequestsEach});
  EXPECT_EQ(GetJson("/_sim/served")["accounts"].MemberCount(), 10u);
}

TEST_F(SimServerTest, StopClosesOpenConnections) {
  ASSERT_EQ(client_.Fetch(Url("/acct-0/feed")).status, 200);
  const std::string url = Url("/acct-0/feed");
  app_->Stop();
  HttpResult after = client_.Fetch(url);
  EXPECT_EQ(after.status, 0);
  EXPECT_FALSE(after.error.empty());
}

}  // namespace
}  // namespace postwatch::sim
