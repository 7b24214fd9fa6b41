// The real FetchEngine, SSRF guard on, against the hostile server (tests/sim/hostile_server.h)
// over loopback: forbidden destinations never see a connection, oversized, slow and
// malformed answers fail cleanly, and the rate limiter and circuit breaker keep a
// misbehaving host at bay without touching other hosts.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "base/time_format.h"
#include "fetch/fetch_engine.h"
#include "fetch/retry_after.h"
#include "hostile_server.h"
#include "scheduler/circuit_breaker.h"
#include "scheduler/host_rate_limiter.h"

namespace postwatch {

inline void PrintTo(FetchError error, std::ostream* out) { *out << FetchErrorName(error); }

namespace {

using sim::HostileServer;
using Clock = std::chrono::steady_clock;

// libcurl is initialised once per process, as postwatchd's main does.
class CurlEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { ASSERT_EQ(curl_global_init(CURL_GLOBAL_DEFAULT), CURLE_OK); }
  void TearDown() override { curl_global_cleanup(); }
};
[[maybe_unused]] ::testing::Environment* const kCurl =
    ::testing::AddGlobalTestEnvironment(new CurlEnvironment);

constexpr size_t kCap = 1024 * 1024;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Submits `url` to `engine` and waits for the answer (at most 90 s).
std::future<FetchResponse> Submit(FetchEngine& engine, std::string url) {
  auto promise = std::make_shared<std::promise<FetchResponse>>();
  std::future<FetchResponse> future = promise->get_future();
  FetchRequest request;
  request.url = std::move(url);
  engine.Submit(std::move(request),
                [promise](FetchResponse&& response) { promise->set_value(std::move(response)); });
  return future;
}

FetchResponse Wait(std::future<FetchResponse>& future) {
  if (future.wait_for(std::chrono::seconds(90)) != std::future_status::ready) {
    ADD_FAILURE() << "no response within 90 s";
    return FetchResponse{};
  }
  return future.get();
}

class HostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    // ::1 may be missing on some hosts; the IPv6 cases then only check the refusal.
    has_v6_ = server_v6_.Start().ok();
    options_.user_agent = "postwatch-test/1.0";
    options_.connect_timeout_ms = 3000;
    options_.max_body_bytes = kCap;
  }

  // A fresh engine with options_, one GET of `url`.
  FetchResponse Get(const std::string& url) {
    FetchEngine engine(options_);
    Status status = engine.Start();
    EXPECT_TRUE(status.ok()) << status.ToString();
    std::future<FetchResponse> future = Submit(engine, url);
    return Wait(future);
  }

  // Allows the main listener and pins public.test to it.
  void AllowPublicTest() {
    options_.allow = {server_.HostPort(0)};
    options_.resolve_overrides = {"public.test:" + std::to_string(server_.port(0)) + ":127.0.0.1"};
  }
  std::string PublicUrl(const std::string& target) const {
    return "http://public.test:" + std::to_string(server_.port(0)) + target;
  }
  uint64_t V6Connections() const { return has_v6_ ? server_v6_.total_connections() : 0; }

  HostileServer server_{{"127.0.0.1", "127.0.0.2"}};
  HostileServer server_v6_{{"::1"}};
  bool has_v6_ = false;
  FetchOptions options_;
};

std::string Escape(const std::string& url) {
  std::string out;
  for (char c : url) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') {
      out += c;
    } else {
      char hex[4];
      snprintf(hex, sizeof(hex), "%%%02X", static_cast<unsigned char>(c));
      out += hex;
    }
  }
  return out;
}

TEST_F(HostileTest, ForbiddenDestinationsAreRefusedBeforeAnyConnection) {
  const std::string p = std::to_string(server_.port(0));
  const std::string p2 = std::to_string(server_.port(1));
  const std::string p6 = has_v6_ ? std::to_string(server_v6_.port(0)) : "9";
  options_.resolve_overrides = {"loopback.test:" + p + ":127.0.0.1",
                                "metadata.test:80:169.254.169.254"};
  // Private destinations use port 9: the guard must refuse them before any socket exists.
  const std::vector<std::string> urls = {
      "http://127.0.0.1:" + p + "/hostile/feed",
      "http://localhost:" + p + "/hostile/feed",
      "http://0.0.0.0:" + p + "/hostile/feed",
      "http://[::1]:" + p6 + "/hostile/feed",
      "http://[::ffff:127.0.0.1]:" + p + "/hostile/feed",
      "http://2130706433:" + p + "/hostile/feed",
      "http://0x7f.1:" + p + "/hostile/feed",
      "http://0177.1:" + p + "/hostile/feed",
      "http://127.0.0.2:" + p2 + "/hostile/feed",
      "http://loopback.test:" + p + "/hostile/feed",
      "http://metadata.test/latest/meta-data/",
      "http://10.0.0.1:9/",
      "http://10.255.255.254:9/",
      "http://172.16.0.1:9/",
      "http://172.31.255.254:9/",
      "http://192.168.1.1:9/",
      "http://169.254.169.254/latest/meta-data/",
      "http://100.64.0.1:9/",
      "http://100.127.255.254:9/",
      "http://[fc00::1]:9/",
      "http://[fd12:3456::1]:9/",
      "http://[fe80::1]:9/",
      "http://[64:ff9b::a00:1]:9/",    // NAT64 of 10.0.0.1
      "http://[64:ff9b::7f00:1]:9/",   // NAT64 of 127.0.0.1
      "http://[2002:a00:1::1]:9/",     // 6to4 of 10.0.0.1
      "http://[2002:c0a8:101::1]:9/",  // 6to4 of 192.168.1.1
      "http://[::ffff:10.0.0.1]:9/",
      "http://[::ffff:169.254.169.254]:9/",
  };
  for (const std::string& url : urls) {
    FetchResponse r = Get(url);
    EXPECT_EQ(r.error, FetchError::kBlocked) << url << ": " << r.error_message;
    EXPECT_NE(r.error_message.find("not a public address"), std::string::npos)
        << url << ": " << r.error_message;
  }
  EXPECT_EQ(server_.total_connections(), 0u);
  EXPECT_EQ(V6Connections(), 0u);
}

TEST_F(HostileTest, PublicNameRedirectingToAForbiddenAddressIsRefused) {
  AllowPublicTest();
  options_.resolve_overrides.push_back("inside.test:" + std::to_string(server_.port(1)) +
                                       ":127.0.0.2");
  const std::string p2 = std::to_string(server_.port(1));
  const std::vector<std::string> targets = {
      "http://127.0.0.2:" + p2 + "/hostile/feed",
      "http://localhost:" + p2 + "/hostile/feed",
      "http://inside.test:" + p2 + "/hostile/feed",
      "http://[::1]:" + std::to_string(has_v6_ ? server_v6_.port(0) : 9) + "/hostile/feed",
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1:9/",
      "http://[64:ff9b::a00:1]:9/",
  };
  for (const std::string& to : targets) {
    FetchResponse r = Get(PublicUrl("/hostile/redirect?to=" + Escape(to)));
    EXPECT_EQ(r.error, FetchError::kBlocked) << to << ": " << r.error_message;
  }
  EXPECT_EQ(server_.Requests("/hostile/redirect"), targets.size());  // the first hop ran
  EXPECT_EQ(server_.connections(1), 0u);                             // 127.0.0.2 never saw one
  EXPECT_EQ(V6Connections(), 0u);
}

TEST_F(HostileTest, OnlyHttpAndHttpsAlsoOnRedirects) {
  AllowPublicTest();
  const std::string p = std::to_string(server_.port(0));
  for (const std::string& url : {std::string("file:///etc/passwd"), "ftp://127.0.0.1:" + p + "/",
                                 "gopher://127.0.0.1:" + p + "/", "dict://127.0.0.1:" + p + "/"}) {
    EXPECT_EQ(Get(url).error, FetchError::kBlocked) << url;
  }
  EXPECT_EQ(server_.total_connections(), 0u);
  for (const std::string& to : {std::string("file:///etc/passwd"), "ftp://127.0.0.1:" + p + "/",
                                "gopher://127.0.0.1:" + p + "/", "scp://127.0.0.1:" + p + "/"}) {
    FetchResponse r = Get(PublicUrl("/hostile/redirect?to=" + Escape(to)));
    EXPECT_EQ(r.error, FetchError::kBlocked) << to << ": " << r.error_message;
  }
  // Each redirect was one connection; nothing followed it.
  EXPECT_EQ(server_.total_connections(), 4u);
}

TEST_F(HostileTest, RedirectLoopsStopAtTheLimit) {
  AllowPublicTest();
  options_.max_redirects = 5;
  FetchResponse r = Get(PublicUrl("/hostile/redirect-loop"));
  EXPECT_EQ(r.error, FetchError::kProtocol) << r.error_message;
  EXPECT_EQ(server_.Requests("/hostile/redirect-loop"), 6u);  // the request and 5 redirects
}

TEST_F(HostileTest, BodiesAboveTheCapAbortAtTheCapWithBoundedMemory) {
  AllowPublicTest();
  (void)sim::GzipZeros(128u << 20);  // the server's own bomb is built before measuring
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  for (const char* target :
       {"/hostile/huge?bytes=67108864&mode=content-length",
        "/hostile/huge?bytes=67108864&mode=chunked", "/hostile/huge?bytes=67108864&mode=close",
        "/hostile/huge?bytes=134217728&mode=gzip-bomb"}) {
    FetchResponse r = Get(PublicUrl(target));
    EXPECT_EQ(r.error, FetchError::kTooLarge) << target << ": " << r.error_message;
    EXPECT_TRUE(r.body.empty()) << target;
  }
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  const long growth_kib = after.ru_maxrss - before.ru_maxrss;
  constexpr long kMarginKib = 32 * 1024;
  RecordProperty("peak_rss_growth_kib", std::to_string(growth_kib));
  EXPECT_LT(growth_kib, static_cast<long>(kCap / 1024) + kMarginKib);
}

TEST_F(HostileTest, SlowHeadersAndSlowBodiesAbortWithinTheLowSpeedWindow) {
  AllowPublicTest();
  options_.low_speed_bytes = 100;
  options_.low_speed_time_s = 2;
  options_.timeout_ms = 120'000;
  for (const char* target : {"/hostile/slow-headers?interval_ms=500&bytes=1000",
                             "/hostile/slow-body?interval_ms=500&bytes=1000"}) {
    const Clock::time_point start = Clock::now();
    FetchResponse r = Get(PublicUrl(target));
    const double took = Seconds(start);
    EXPECT_EQ(r.error, FetchError::kTimeout) << target << ": " << r.error_message;
    // The window is 2 s; 30 s is far below the 500 s a trickle of 1000 bytes would take.
    EXPECT_LT(took, 30.0) << target;
  }
}

TEST_F(HostileTest, SlowHostNeverDelaysOtherHosts) {
  const std::string p = std::to_string(server_.port(0));
  options_.allow = {server_.HostPort(0)};
  options_.resolve_overrides = {"slow.test:" + p + ":127.0.0.1", "fast.test:" + p + ":127.0.0.1"};
  options_.low_speed_time_s = 60;
  options_.per_host_concurrency = 2;
  FetchEngine engine(options_);
  ASSERT_TRUE(engine.Start().ok());
  std::vector<std::future<FetchResponse>> slow;
  for (int i = 0; i < 4; ++i) {  // more than the host's slots: two wait in its queue
    slow.push_back(Submit(engine, "http://slow.test:" + p + "/hostile/slow-body?interval_ms=1000"));
  }
  const Clock::time_point start = Clock::now();
  std::vector<std::future<FetchResponse>> fast;
  for (int i = 0; i < 10; ++i)
    fast.push_back(Submit(engine, "http://fast.test:" + p + "/hostile/feed"));
  for (auto& f : fast) {
    FetchResponse r = Wait(f);
    EXPECT_EQ(r.error, FetchError::kNone) << r.error_message;
    EXPECT_EQ(r.status, 200);
  }
  const double took = Seconds(start);
  RecordProperty("fast_host_seconds", std::to_string(took));
  for (auto& s : slow) {
    EXPECT_NE(s.wait_for(std::chrono::seconds(0)), std::future_status::ready)
        << "a slow fetch finished before the fast host's fetches";
  }
  EXPECT_LT(took, 20.0);  // the slow host trickles for 100 s
  engine.Stop();
  for (auto& s : slow) EXPECT_EQ(Wait(s).error, FetchError::kCancelled);
}

TEST_F(HostileTest, TruncatedBodiesAreFailedFetches) {
  AllowPublicTest();
  for (const char* target : {"/hostile/truncated-chunked", "/hostile/short-content-length"}) {
    FetchResponse r = Get(PublicUrl(target));
    EXPECT_EQ(r.error, FetchError::kProtocol) << target << ": " << r.error_message;
    EXPECT_TRUE(r.body.empty()) << target;
  }
}

TEST_F(HostileTest, MalformedHeadersAreFailedFetchesWithAReason) {
  AllowPublicTest();
  struct Row {
    const char* target;
    const char* reason;
  };
  const Row rows[] = {
      {"/hostile/huge-headers", "headers exceed"},
      {"/hostile/huge-headers?bytes=80000", "headers exceed"},  // over our cap, under libcurl's
      {"/hostile/header-flood", "headers exceed"},
      {"/hostile/bad-status-line?variant=garbage", "HTTP/0.9"},
      {"/hostile/bad-status-line?variant=bad-code", "response code"},
      {"/hostile/bad-status-line?variant=bad-version", "HTTP version"},
  };
  for (const Row& row : rows) {
    FetchResponse r = Get(PublicUrl(row.target));
    EXPECT_EQ(r.error, FetchError::kProtocol) << row.target << ": " << r.error_message;
    EXPECT_FALSE(r.error_message.empty()) << row.target;
    EXPECT_NE(r.error_message.find(row.reason), std::string::npos)
        << row.target << ": " << r.error_message;
  }
}

// The poller's loop in miniature: every account on the host asks the limiter, fetches when
// granted, and reports 429s. Returns when `seconds` have passed.
void PollLoop(FetchEngine& engine, HostRateLimiter& limiter, const std::string& url,
              double seconds) {
  const Clock::time_point start = Clock::now();
  const std::string host = "public.test";
  while (Seconds(start) < seconds) {
    for (int account = 0; account < 5; ++account) {
      if (!limiter.Acquire(host, UnixNowMs()).granted) continue;
      std::future<FetchResponse> future = Submit(engine, url);
      FetchResponse r = Wait(future);
      if (r.status == 429) {
        limiter.DeferAfterRateLimit(host, ParseRetryAfter(r.Header("Retry-After"), UnixNow()),
                                    UnixNowMs());
      } else {
        limiter.OnResponse(host, UnixNowMs());
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the loop's own pacing
  }
}

TEST_F(HostileTest, RetryAfterBoundsRequestsToCeilTOverNPlusOne) {
  AllowPublicTest();
  FetchEngine engine(options_);
  ASSERT_TRUE(engine.Start().ok());
  HostRateLimiter limiter;
  const double t_s = 6;
  const int n_s = 2;
  PollLoop(engine, limiter, PublicUrl("/hostile/429?retry_after=2"), t_s);
  const uint64_t requests = server_.Requests("/hostile/429");
  RecordProperty("requests_in_6s_retry_after_2", std::to_string(requests));
  EXPECT_LE(requests, static_cast<uint64_t>((t_s + n_s - 1) / n_s) + 1);
  EXPECT_GE(requests, 2u);  // the host was asked again after the delay
}

TEST_F(HostileTest, UnusableRetryAfterNeverMeansRetryNow) {
  AllowPublicTest();
  FetchEngine engine(options_);
  ASSERT_TRUE(engine.Start().ok());
  uint64_t before = 0;
  for (const char* value : {"garbage", "-3", "Sun%2C%2006%20Nov%201994%2008%3A49%3A37%20GMT", ""}) {
    HostRateLimiter limiter;  // default backoff 60 s: one request in the 2 s window
    const std::string url = std::string("/hostile/429") + (*value ? "?retry_after=" : "") + value;
    PollLoop(engine, limiter, PublicUrl(url), 2);
    const uint64_t now = server_.Requests("/hostile/429");
    EXPECT_EQ(now - before, 1u) << "Retry-After: " << value;
    before = now;
  }
}

TEST_F(HostileTest, BreakerStopsRequestsToAFailingHostAndLeavesOthersAlone) {
  const std::string p = std::to_string(server_.port(0));
  options_.allow = {server_.HostPort(0)};
  options_.resolve_overrides = {"broken.test:" + p + ":127.0.0.1", "fine.test:" + p + ":127.0.0.1"};
  FetchEngine engine(options_);
  ASSERT_TRUE(engine.Start().ok());
  CircuitBreakerOptions breaker_options;
  breaker_options.failure_threshold = 3;
  breaker_options.base_delay_ms = 60'000;  // longer than the test: no probe in the window
  std::vector<std::string> opened;
  CircuitBreaker breaker(breaker_options, [&](const std::string& key, bool open) {
    if (open) opened.push_back(key);
  });
  int fine_ok = 0;
  for (int round = 0; round < 10; ++round) {
    for (const std::string host : {"broken.test", "fine.test"}) {
      if (!breaker.Allow(host, UnixNowMs()).allowed) continue;
      const std::string target =
          host == "broken.test" ? "/hostile/short-content-length" : "/hostile/feed";
      std::future<FetchResponse> future = Submit(engine, "http://" + host + ":" + p + target);
      FetchResponse r = Wait(future);
      if (r.error == FetchError::kNone && r.status == 200) {
        breaker.RecordSuccess(host, UnixNowMs());
        if (host == "fine.test") ++fine_ok;
      } else {
        breaker.RecordFailure(host, UnixNowMs());
      }
    }
  }
  EXPECT_EQ(server_.Requests("/hostile/short-content-length"), 3u);
  EXPECT_EQ(fine_ok, 10);
  EXPECT_EQ(opened, std::vector<std::string>{"broken.test"});
  EXPECT_EQ(breaker.OpenKeys(), std::vector<std::string>{"broken.test"});
}

}  // namespace
}  // namespace postwatch
