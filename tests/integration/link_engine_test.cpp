// The flagged-link engine end to end: a real postwatchd polls a feed whose post shares a
// link wrapped by l.facebook.com around a short link, which redirects twice to a flagged
// domain. The share is counted once, with its evidence, in SQLite and in /metrics.
//
// A tiny HTTP server in the test plays both the blog (the feed, on "localhost") and the URL
// shortener (on "127.0.0.1", listed in links.shorteners).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "harness.h"

namespace postwatch::testing {
namespace {

struct Reply {
  int status = 404;
  std::string location;
  std::string content_type = "text/plain";
  std::string body;
};

// One thread, one connection at a time, "Connection: close": enough for a feed and a
// shortener. Binds 127.0.0.1 on a free port.
class LoopbackServer {
 public:
  using Handler = std::function<Reply(const std::string& method, const std::string& path)>;

  explicit LoopbackServer(Handler handler) : handler_(std::move(handler)) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        listen(fd_, 16) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
      return;
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }

  ~LoopbackServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) close(fd_);
  }

  int port() const { return port_; }

  // Requests answered so far, by "METHOD /path".
  int Count(const std::string& key) {
    std::lock_guard lock(mu_);
    return counts_[key];
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd pfd{fd_, POLLIN, 0};
      if (poll(&pfd, 1, 100) <= 0) continue;
      int client = accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      Answer(client);
      close(client);
    }
  }

  void Answer(int client) {
    std::string request;
    char buffer[4096];
    while (request.find("\r\n\r\n") == std::string::npos && request.size() < 65536) {
      pollfd pfd{client, POLLIN, 0};
      if (poll(&pfd, 1, 5000) <= 0) return;
      ssize_t n = read(client, buffer, sizeof(buffer));
      if (n <= 0) return;
      request.append(buffer, static_cast<size_t>(n));
    }
    const size_t space = request.find(' ');
    const size_t space2 = request.find(' ', space + 1);
    if (space == std::string::npos || space2 == std::string::npos) return;
    const std::string method = request.substr(0, space);
    const std::string path = request.substr(space + 1, space2 - space - 1);
    {
      std::lock_guard lock(mu_);
      ++counts_[method + " " + path];
    }
    const Reply reply = handler_(method, path);
    std::string response = "HTTP/1.1 " + std::to_string(reply.status) + " X\r\n";
    if (!reply.location.empty()) response += "Location: " + reply.location + "\r\n";
    response += "Content-Type: " + reply.content_type + "\r\n";
    response += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n";
    response += "Connection: close\r\n\r\n";
    if (method != "HEAD") response += reply.body;
    size_t sent = 0;
    while (sent < response.size()) {
      ssize_t n = write(client, response.data() + sent, response.size() - sent);
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
    }
  }

  Handler handler_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::map<std::string, int> counts_;
  std::thread thread_;
};

// The feed of one blog with one post. The post links to the short link twice: wrapped by
// l.facebook.com in an anchor, and bare in the text.
std::string Feed(int port) {
  const std::string p = std::to_string(port);
  const std::string wrapped =
      "https://l.facebook.com/l.php?u=http%3A%2F%2F127.0.0.1%3A" + p + "%2Fs%2Fabc&amp;h=AT0xyz";
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>A member's blog</title><link>http://localhost:)" +
         p + R"(/</link><description>test</description>
<item>
  <title>Read this before the vote</title>
  <link>http://localhost:)" +
         p + R"(/posts/1</link>
  <guid>post-1</guid>
  <pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate>
  <description>&lt;p&gt;Must read: &lt;a href=")" +
         wrapped + R"("&gt;this story&lt;/a&gt; (short: http://127.0.0.1:)" + p +
         R"(/s/abc)&lt;/p&gt;</description>
</item>
</channel></rss>
)";
}

TEST(LinkEngineTest, WrappedShortLinkToAFlaggedDomainIsCountedOnceWithItsEvidence) {
  TempDir tmp;
  int port = 0;
  LoopbackServer server([&port](const std::string& method, const std::string& path) {
    Reply reply;
    if (path == "/feed.xml" && method == "GET") {
      reply.status = 200;
      reply.content_type = "application/rss+xml";
      reply.body = Feed(port);
    } else if (path == "/s/abc") {
      // The shortener: two hops, the second to the flagged site (which is never reached:
      // there is no network, and the link's destination is known without it).
      reply.status = 301;
      reply.location = "/s/def";
    } else if (path == "/s/def") {
      reply.status = 302;
      reply.location = "https://www.flagged-campaign.example/article?utm_source=fb";
    }
    return reply;
  });
  port = server.port();
  ASSERT_GT(port, 0);
  const std::string p = std::to_string(port);

  std::filesystem::create_directories(tmp.File("lists"));
  WriteFile(tmp.File("lists/campaign.txt"), "# test list\nflagged-campaign.example\n");
  WriteFile(tmp.File("accounts.json"),
            R"({"accounts": [{"member_ref": "m1", "display_name": "Member One",
  "group": "city/a", "platform": "web", "registered": "http://localhost:)" +
                p + R"(/feed.xml"}]})");
  WriteFile(tmp.File("postwatch.json"), R"({
  "state_dir": ")" + tmp.File("state") + R"(",
  "registry": ")" + tmp.File("accounts.json") +
                                            R"(",
  "plugin_dir": ")" + PluginDir() + R"(",
  "flag_lists_dir": ")" + tmp.File("lists") +
                                            R"(",
  "listen": { "metrics": "127.0.0.1:0", "admin": "" },
  "fetch": { "allow": ["localhost:)" + p + R"("], "timeout_ms": 10000,
             "per_host_requests_per_second": 0 },
  "scheduler": { "default_interval_s": 1, "jitter_ratio": 0.1, "backoff_base_s": 1,
                 "backoff_max_s": 5 },
  "store": { "batch_max_delay_ms": 20 },
  "links": { "shorteners": ["127.0.0.1"] }
})");
  const std::string listen_file = tmp.File("listen.json");
  Process daemon(
      {PostwatchdPath(), "--config", tmp.File("postwatch.json"), "--listen-file", listen_file},
      tmp.File("postwatchd.log"));
  ASSERT_TRUE(WaitFor([&] { return !ReadFile(listen_file).empty() || !daemon.running(); },
                      std::chrono::seconds(30)));
  ASSERT_TRUE(daemon.running()) << daemon.Log();
  // {"metrics":"127.0.0.1:PORT", ...}
  const std::string listen = ReadFile(listen_file);
  const std::string metrics_key = "\"metrics\":\"127.0.0.1:";
  const size_t metrics_at = listen.find(metrics_key);
  ASSERT_NE(metrics_at, std::string::npos) << listen;
  const std::string metrics_url =
      "http://127.0.0.1:" +
      std::to_string(std::stoi(listen.substr(metrics_at + metrics_key.size()))) + "/metrics";
  const std::string db = tmp.File("state/postwatch.db");

  // The post is stored at once; the flag hit follows when the expansion is done.
  auto flag_hits = [&] {
    const auto rows = Query(db, "SELECT count(*) FROM flag_hits");
    return rows.empty() ? std::string() : rows[0][0];
  };
  ASSERT_TRUE(WaitFor([&] { return flag_hits() == "1"; }, std::chrono::seconds(60)))
      << daemon.Log();
  // Let the feed be polled twice more: nothing is counted again.
  const int polls = server.Count("GET /feed.xml");
  ASSERT_TRUE(WaitFor([&] { return server.Count("GET /feed.xml") >= polls + 2; },
                      std::chrono::seconds(60)));

  // Evidence: the link as found, the chain from the short link to the final URL, the final
  // URL, the list, the rule, the URL that matched, and the post.
  const auto evidence =
      Query(db,
            "SELECT p.post_id, l.raw, l.chain, l.normalized, h.list, h.rule, h.matched_url "
            "FROM flag_hits h JOIN links l ON l.id = h.link_row JOIN posts p ON p.id = h.post_row");
  ASSERT_EQ(evidence.size(), 1u);
  EXPECT_EQ(evidence[0][0], "post-1");
  EXPECT_EQ(evidence[0][1],
            "https://l.facebook.com/l.php?u=http%3A%2F%2F127.0.0.1%3A" + p + "%2Fs%2Fabc&h=AT0xyz");
  EXPECT_EQ(evidence[0][2], "[\"http://127.0.0.1:" + p + "/s/abc\",\"http://127.0.0.1:" + p +
                                "/s/def\",\"https://www.flagged-campaign.example/article\"]");
  EXPECT_EQ(evidence[0][3], "https://www.flagged-campaign.example/article");
  EXPECT_EQ(evidence[0][4], "campaign");
  EXPECT_EQ(evidence[0][5], "flagged-campaign.example");
  EXPECT_EQ(evidence[0][6], "https://www.flagged-campaign.example/article");
  // The short link was written twice in the post; it is one link.
  EXPECT_EQ(Query(db, "SELECT count(*) FROM links")[0][0], "1");
  // Every hop was requested, the shortener's with HEAD.
  EXPECT_GE(server.Count("HEAD /s/abc"), 1);
  EXPECT_GE(server.Count("HEAD /s/def"), 1);

  const std::string text = HttpGet(metrics_url).body;
  EXPECT_EQ(MetricValue(text, "postwatch_flagged_link_shares_total", {{"list", "campaign"}}), 1)
      << text;

  EXPECT_TRUE(daemon.Signal(SIGTERM).has_value());
}

}  // namespace
}  // namespace postwatch::testing
