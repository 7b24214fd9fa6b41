// RobotsCache: origin keys, the RFC 9309 status policy, expiry and the single fetch per
// origin.
#include "fetch/robots_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace postwatch {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;
constexpr int64_t kHour = 3600 * 1000;

FetchResponse Answer(int status, std::string body = "") {
  FetchResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

FetchResponse Failure(FetchError error) {
  FetchResponse response;
  response.error = error;
  response.error_message = "failed";
  return response;
}

// Check()s `url`, expects kNeedFetch, stores `response`, and returns the verdict for `url`.
RobotsVerdict AfterFetch(RobotsCache& cache, const std::string& url,
                         const FetchResponse& response) {
  RobotsDecision first = cache.Check(url, kNow);
  EXPECT_EQ(first.verdict, RobotsVerdict::kNeedFetch);
  cache.Store(first.origin, response, kNow);
  return cache.Check(url, kNow + 1).verdict;
}

TEST(RobotsCacheTest, FirstCheckAsksForTheOriginsRobotsTxt) {
  RobotsCache cache;
  RobotsDecision d = cache.Check("https://Example.ORG/a/b?c=d", kNow);
  EXPECT_EQ(d.verdict, RobotsVerdict::kNeedFetch);
  EXPECT_EQ(d.origin, "https://example.org:443");
  EXPECT_EQ(d.robots_url, "https://example.org/robots.txt");
}

TEST(RobotsCacheTest, NonDefaultPortIsPartOfTheOriginAndUrl) {
  RobotsCache cache;
  RobotsDecision d = cache.Check("http://127.0.0.1:8080/feed", kNow);
  EXPECT_EQ(d.origin, "http://127.0.0.1:8080");
  EXPECT_EQ(d.robots_url, "http://127.0.0.1:8080/robots.txt");
  RobotsDecision other_scheme = cache.Check("https://127.0.0.1:8080/feed", kNow);
  EXPECT_EQ(other_scheme.verdict, RobotsVerdict::kNeedFetch);
}

TEST(RobotsCacheTest, ParsedRulesDecidePathAndQuery) {
  RobotsCache cache;
  const FetchResponse robots = Answer(200, "User-agent: *\nDisallow: /private\nDisallow: /*?s=\n");
  EXPECT_EQ(AfterFetch(cache, "https://example.org/private/x", robots), RobotsVerdict::kDisallowed);
  EXPECT_EQ(cache.Check("https://example.org/public", kNow).verdict, RobotsVerdict::kAllowed);
  EXPECT_EQ(cache.Check("https://example.org/find?s=1", kNow).verdict, RobotsVerdict::kDisallowed);
  RobotsDecision d = cache.Check("https://example.org/private", kNow);
  EXPECT_NE(d.reason.find("https://example.org/robots.txt"), std::string::npos) << d.reason;
}

TEST(RobotsCacheTest, StatusPolicyFollowsRfc9309) {
  struct Row {
    const char* name;
    FetchResponse response;
    RobotsVerdict verdict;
  };
  const Row rows[] = {
      {"404 allows all", Answer(404), RobotsVerdict::kAllowed},
      {"403 allows all", Answer(403), RobotsVerdict::kAllowed},
      {"401 allows all", Answer(401), RobotsVerdict::kAllowed},
      {"410 allows all", Answer(410), RobotsVerdict::kAllowed},
      {"429 disallows all", Answer(429), RobotsVerdict::kDisallowed},
      {"500 disallows all", Answer(500), RobotsVerdict::kDisallowed},
      {"503 disallows all", Answer(503), RobotsVerdict::kDisallowed},
      {"network error disallows all", Failure(FetchError::kNetwork), RobotsVerdict::kDisallowed},
      {"timeout disallows all", Failure(FetchError::kTimeout), RobotsVerdict::kDisallowed},
      {"blocked disallows all", Failure(FetchError::kBlocked), RobotsVerdict::kDisallowed},
      {"protocol error disallows all", Failure(FetchError::kProtocol), RobotsVerdict::kDisallowed},
      {"200 empty allows all", Answer(200, ""), RobotsVerdict::kAllowed},
  };
  for (const Row& row : rows) {
    RobotsCache cache;
    EXPECT_EQ(AfterFetch(cache, "https://example.org/page", row.response), row.verdict) << row.name;
  }
}

TEST(RobotsCacheTest, ParsedRulesExpireAfterTwentyFourHours) {
  RobotsCache cache;
  AfterFetch(cache, "https://example.org/", Answer(200, "User-agent: *\nDisallow: /x\n"));
  EXPECT_EQ(cache.Check("https://example.org/x", kNow + 24 * kHour - 1).verdict,
            RobotsVerdict::kDisallowed);
  EXPECT_EQ(cache.Check("https://example.org/x", kNow + 24 * kHour).verdict,
            RobotsVerdict::kNeedFetch);
}

TEST(RobotsCacheTest, ServerErrorIsRetriedAfterAnHourNotADay) {
  RobotsCache cache;
  EXPECT_EQ(AfterFetch(cache, "https://example.org/", Answer(503)), RobotsVerdict::kDisallowed);
  EXPECT_EQ(cache.Check("https://example.org/", kNow + kHour - 1).verdict,
            RobotsVerdict::kDisallowed);
  EXPECT_EQ(cache.Check("https://example.org/", kNow + kHour).verdict, RobotsVerdict::kNeedFetch);
}

TEST(RobotsCacheTest, OneFetchPerOriginWhileItIsOut) {
  RobotsCache cache;
  EXPECT_EQ(cache.Check("https://example.org/a", kNow).verdict, RobotsVerdict::kNeedFetch);
  RobotsDecision second = cache.Check("https://example.org/b", kNow + 10);
  EXPECT_EQ(second.verdict, RobotsVerdict::kPending);
  EXPECT_GT(second.retry_at_ms, kNow + 10);
  // Another origin is independent.
  EXPECT_EQ(cache.Check("https://example.net/a", kNow).verdict, RobotsVerdict::kNeedFetch);
}

TEST(RobotsCacheTest, LostFetchIsHandedOutAgainAfterTheFetchTimeout) {
  RobotsCacheOptions options;
  options.fetch_timeout_ms = 1000;
  RobotsCache cache(options);
  EXPECT_EQ(cache.Check("https://example.org/a", kNow).verdict, RobotsVerdict::kNeedFetch);
  EXPECT_EQ(cache.Check("https://example.org/a", kNow + 999).verdict, RobotsVerdict::kPending);
  EXPECT_EQ(cache.Check("https://example.org/a", kNow + 1000).verdict, RobotsVerdict::kNeedFetch);
}

TEST(RobotsCacheTest, ExpiredRulesServeWhileTheirRefreshIsOut) {
  RobotsCache cache;
  AfterFetch(cache, "https://example.org/", Answer(200, "User-agent: *\nDisallow: /x\n"));
  const int64_t later = kNow + 25 * kHour;
  EXPECT_EQ(cache.Check("https://example.org/x", later).verdict, RobotsVerdict::kNeedFetch);
  EXPECT_EQ(cache.Check("https://example.org/x", later + 1).verdict, RobotsVerdict::kDisallowed);
  EXPECT_EQ(cache.Check("https://example.org/y", later + 1).verdict, RobotsVerdict::kAllowed);
}

TEST(RobotsCacheTest, CancelledFetchStoresNothing) {
  RobotsCache cache;
  RobotsDecision d = cache.Check("https://example.org/", kNow);
  cache.Store(d.origin, Failure(FetchError::kCancelled), kNow);
  EXPECT_EQ(cache.Check("https://example.org/", kNow + 1).verdict, RobotsVerdict::kNeedFetch);
}

TEST(RobotsCacheTest, NonHttpUrlsAreDisallowed) {
  RobotsCache cache;
  EXPECT_EQ(cache.Check("ftp://example.org/x", kNow).verdict, RobotsVerdict::kDisallowed);
  EXPECT_EQ(cache.Check("not a url", kNow).verdict, RobotsVerdict::kDisallowed);
}

TEST(RobotsCacheTest, OriginCountStaysBounded) {
  RobotsCacheOptions options;
  options.max_origins = 3;
  RobotsCache cache(options);
  for (int i = 0; i < 10; ++i) {
    const std::string url = "https://host" + std::to_string(i) + ".example/";
    RobotsDecision d = cache.Check(url, kNow + i);
    cache.Store(d.origin, Answer(404), kNow + i);
  }
  EXPECT_LE(cache.size(), 3u);
  EXPECT_EQ(cache.Check("https://host9.example/", kNow + 20).verdict, RobotsVerdict::kAllowed);
}

}  // namespace
}  // namespace postwatch
