// FetchEngine over real loopback HTTP: what a successful fetch returns, and the engine's
// lifecycle (stats, concurrency, cancellation).
#include "fetch/fetch_engine.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <future>
#include <vector>

#include "fetch_engine_fixture.h"

namespace postwatch::testing {
namespace {

TEST_F(FetchEngineTest, GetReturnsStatusHeadersAndBody) {
  auto engine = StartEngine();
  FetchRequest request;
  request.url = server_.Url("/ok");
  request.headers = {{"Accept", "text/plain"}, {"X-Custom", "abc"}};
  FetchResponse response = Fetch(*engine, std::move(request));

  EXPECT_EQ(response.error, FetchError::kNone) << response.error_message;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, kOkBody);
  EXPECT_EQ(response.Header("x-test"), "yes");
  EXPECT_EQ(response.Header("CONTENT-TYPE"), "text/plain");
  EXPECT_EQ(response.Header("X-Absent"), "");
  EXPECT_EQ(response.effective_url, server_.Url("/ok"));

  std::vector<TestRequest> seen = server_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].Header("User-Agent"), "postwatch-test/1.0");
  EXPECT_EQ(seen[0].Header("X-Custom"), "abc");
  EXPECT_EQ(seen[0].Header("Accept"), "text/plain");
  EXPECT_NE(seen[0].Header("Accept-Encoding").find("gzip"), std::string::npos);
}

TEST_F(FetchEngineTest, PostSendsMethodAndBody) {
  auto engine = StartEngine();
  FetchRequest request;
  request.method = "POST";
  request.url = server_.Url("/ok");
  request.body = "a=1";
  FetchResponse response = Fetch(*engine, std::move(request));

  EXPECT_EQ(response.status, 200) << response.error_message;
  std::vector<TestRequest> seen = server_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].Header("Content-Length"), "3");
}

TEST_F(FetchEngineTest, RedirectIsFollowedAndOnlyFinalHopHeadersAreKept) {
  FetchResponse response = Get(server_.Url("/redirect"));

  EXPECT_EQ(response.error, FetchError::kNone) << response.error_message;
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.effective_url, server_.Url("/ok"));
  EXPECT_EQ(response.body, kOkBody);
  EXPECT_EQ(response.Header("X-Hop"), "");
  EXPECT_EQ(response.Header("Location"), "");
  EXPECT_EQ(response.Header("X-Test"), "yes");
}

TEST_F(FetchEngineTest, MatchingIfNoneMatchGetsNotModified) {
  auto engine = StartEngine();
  FetchRequest first;
  first.url = server_.Url("/etag");
  FetchResponse fresh = Fetch(*engine, first);
  ASSERT_EQ(fresh.status, 200) << fresh.error_message;
  ASSERT_EQ(fresh.Header("ETag"), kEtag);

  FetchRequest conditional;
  conditional.url = server_.Url("/etag");
  conditional.if_none_match = fresh.Header("ETag");
  conditional.if_modified_since = "Sun, 06 Nov 1994 08:49:37 GMT";
  FetchResponse not_modified = Fetch(*engine, std::move(conditional));

  EXPECT_EQ(not_modified.error, FetchError::kNone) << not_modified.error_message;
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(not_modified.body, "");
  std::vector<TestRequest> seen = server_.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].Header("If-Modified-Since"), "Sun, 06 Nov 1994 08:49:37 GMT");
}

TEST_F(FetchEngineTest, GzipBodyIsDecoded) {
  FetchResponse response = Get(server_.Url("/gzip"));

  EXPECT_EQ(response.error, FetchError::kNone) << response.error_message;
  EXPECT_EQ(response.body, GzipPlainText());
}

TEST_F(FetchEngineTest, ProxyEnvironmentVariablesAreIgnored) {
  // A proxy that does not exist: the fetch only succeeds if it is not used.
  setenv("http_proxy", "http://127.0.0.1:9", 1);
  setenv("HTTP_PROXY", "http://127.0.0.1:9", 1);
  FetchResponse response = Get(server_.Url("/ok"));
  unsetenv("http_proxy");
  unsetenv("HTTP_PROXY");

  EXPECT_EQ(response.status, 200) << response.error_message;
}

TEST_F(FetchEngineTest, PerHostConcurrencyNeverExceedsTheLimit) {
  options_.per_host_concurrency = 3;
  auto engine = StartEngine();
  constexpr int kRequests = 12;
  std::vector<std::future<FetchResponse>> futures;
  for (int i = 0; i < kRequests; ++i) {
    auto promise = std::make_shared<std::promise<FetchResponse>>();
    futures.push_back(promise->get_future());
    FetchRequest request;
    request.url = server_.Url("/hold");
    engine->Submit(std::move(request), [promise](FetchResponse&& response) {
      promise->set_value(std::move(response));
    });
  }
  for (auto& future : futures) {
    ASSERT_EQ(future.wait_for(std::chrono::seconds(30)), std::future_status::ready);
    FetchResponse response = future.get();
    EXPECT_EQ(response.status, 200) << response.error_message;
  }

  EXPECT_EQ(server_.connections(), kRequests);
  EXPECT_LE(server_.max_simultaneous(), 3);
  EXPECT_TRUE(WaitUntil([&] { return engine->GetStats().completed == kRequests; }));
}

TEST_F(FetchEngineTest, StopCancelsInFlightAndQueuedRequests) {
  options_.per_host_concurrency = 1;
  auto engine = StartEngine();
  std::vector<std::future<FetchResponse>> futures;
  for (int i = 0; i < 3; ++i) {
    auto promise = std::make_shared<std::promise<FetchResponse>>();
    futures.push_back(promise->get_future());
    FetchRequest request;
    request.url = server_.Url("/stall");
    engine->Submit(std::move(request), [promise](FetchResponse&& response) {
      promise->set_value(std::move(response));
    });
  }
  ASSERT_TRUE(WaitUntil([&] {
    FetchEngine::Stats stats = engine->GetStats();
    return stats.in_flight == 1 && stats.queued == 2;
  }));

  engine->Stop();

  for (auto& future : futures) {
    ASSERT_EQ(future.wait_for(std::chrono::seconds(0)), std::future_status::ready);
    EXPECT_EQ(future.get().error, FetchError::kCancelled);
  }
  FetchEngine::Stats stats = engine->GetStats();
  EXPECT_EQ(stats.in_flight, 0u);
  EXPECT_EQ(stats.queued, 0u);
  EXPECT_EQ(stats.completed, 3u);
}

TEST_F(FetchEngineTest, SubmitAfterStopIsCancelledBeforeReturning) {
  auto engine = StartEngine();
  engine->Stop();
  FetchError error = FetchError::kNone;
  FetchRequest request;
  request.url = server_.Url("/ok");
  engine->Submit(std::move(request),
                 [&error](FetchResponse&& response) { error = response.error; });

  EXPECT_EQ(error, FetchError::kCancelled);
  EXPECT_EQ(server_.connections(), 0);
}

TEST_F(FetchEngineTest, RequestsSubmittedBeforeStartRunAfterIt) {
  FetchEngine engine(options_);
  auto promise = std::make_shared<std::promise<FetchResponse>>();
  std::future<FetchResponse> future = promise->get_future();
  FetchRequest request;
  request.url = server_.Url("/ok");
  engine.Submit(std::move(request),
                [promise](FetchResponse&& response) { promise->set_value(std::move(response)); });
  ASSERT_TRUE(engine.Start().ok());

  ASSERT_EQ(future.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  EXPECT_EQ(future.get().status, 200);
}

TEST_F(FetchEngineTest, StartRejectsMalformedAllowEntry) {
  options_.allow = {"example.org:80"};
  FetchEngine engine(options_);
  Status status = engine.Start();

  EXPECT_EQ(status.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(status.message().find("example.org:80"), std::string::npos) << status.message();
}

TEST(FetchErrorNameTest, NamesAreStableMetricLabels) {
  EXPECT_EQ(FetchErrorName(FetchError::kNone), "none");
  EXPECT_EQ(FetchErrorName(FetchError::kTimeout), "timeout");
  EXPECT_EQ(FetchErrorName(FetchError::kNetwork), "network");
  EXPECT_EQ(FetchErrorName(FetchError::kBlocked), "blocked");
  EXPECT_EQ(FetchErrorName(FetchError::kTooLarge), "too_large");
  EXPECT_EQ(FetchErrorName(FetchError::kProtocol), "protocol");
  EXPECT_EQ(FetchErrorName(FetchError::kCancelled), "cancelled");
}

}  // namespace
}  // namespace postwatch::testing
