// HostRateLimiter: token bucket pacing, deferrals from Retry-After and platform hints, and
// the single request after a deferral.
#include "scheduler/host_rate_limiter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>

#include "fetch/retry_after.h"

namespace postwatch {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;

HostRateLimiterOptions FivePerSecondBurstTen() {
  HostRateLimiterOptions options;
  options.requests_per_second = 5.0;
  options.burst = 10.0;
  options.default_backoff_ms = 60'000;
  return options;
}

TEST(HostRateLimiterTest, BurstIsGrantedThenRequestsArePaced) {
  HostRateLimiter limiter(FivePerSecondBurstTen());
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.Acquire("a.example", kNow).granted) << i;
  HostRateLimiter::Grant refused = limiter.Acquire("a.example", kNow);
  EXPECT_FALSE(refused.granted);
  EXPECT_EQ(refused.retry_at_ms, kNow + 200);  // one token every 200 ms at 5/s
  EXPECT_FALSE(limiter.Acquire("a.example", kNow + 199).granted);
  EXPECT_TRUE(limiter.Acquire("a.example", kNow + 200).granted);
}

TEST(HostRateLimiterTest, SustainedRateMatchesTheConfiguredRate) {
  HostRateLimiter limiter(FivePerSecondBurstTen());
  int granted = 0;
  for (int64_t t = kNow; t < kNow + 10'000; t += 10) {
    if (limiter.Acquire("a.example", t).granted) ++granted;
  }
  EXPECT_EQ(granted, 10 + 50 - 1);  // the burst, then 5/s for 10 s (the last at +10 s is out)
}

TEST(HostRateLimiterTest, HostsHaveSeparateBuckets) {
  HostRateLimiter limiter(FivePerSecondBurstTen());
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(limiter.Acquire("a.example", kNow).granted);
  EXPECT_FALSE(limiter.Acquire("a.example", kNow).granted);
  EXPECT_TRUE(limiter.Acquire("b.example", kNow).granted);
}

TEST(HostRateLimiterTest, NextAllowedTakesNothing) {
  HostRateLimiter limiter(FivePerSecondBurstTen());
  EXPECT_EQ(limiter.NextAllowed("a.example", kNow), kNow);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(limiter.Acquire("a.example", kNow).granted);
  EXPECT_EQ(limiter.NextAllowed("a.example", kNow), kNow + 200);
  EXPECT_EQ(limiter.NextAllowed("a.example", kNow), kNow + 200);
}

TEST(HostRateLimiterTest, DeferRefusesUntilItsEnd) {
  HostRateLimiter limiter(FivePerSecondBurstTen());
  limiter.Defer("a.example", kNow + 5000);
  HostRateLimiter::Grant refused = limiter.Acquire("a.example", kNow + 4999);
  EXPECT_FALSE(refused.granted);
  EXPECT_EQ(refused.retry_at_ms, kNow + 5000);
  EXPECT_EQ(limiter.NextAllowed("a.example", kNow), kNow + 5000);
  EXPECT_TRUE(limiter.Acquire("a.example", kNow + 5000).granted);
}

TEST(HostRateLimiterTest, DeferNeverShortensAnEarlierDeferral) {
  HostRateLimiter limiter(FivePerSecondBurstTen());
  limiter.Defer("a.example", kNow + 10'000);
  limiter.Defer("a.example", kNow + 1000);
  EXPECT_FALSE(limiter.Acquire("a.example", kNow + 5000).granted);
}

TEST(HostRateLimiterTest, AfterADeferralOnlyOneRequestGoesUntilItIsAnswered) {
  HostRateLimiter limiter(FivePerSecondBurstTen());
  limiter.Defer("a.example", kNow + 1000);
  EXPECT_TRUE(limiter.Acquire("a.example", kNow + 1000).granted);
  HostRateLimiter::Grant second = limiter.Acquire("a.example", kNow + 1001);
  EXPECT_FALSE(second.granted);
  EXPECT_GT(second.retry_at_ms, kNow + 1001);
  limiter.OnResponse("a.example", kNow + 1100);
  EXPECT_TRUE(limiter.Acquire("a.example", kNow + 1100).granted);
  EXPECT_TRUE(limiter.Acquire("a.example", kNow + 1100).granted);
}

TEST(HostRateLimiterTest, UnansweredRequestAfterADeferralIsReplacedAfterTheProbeTimeout) {
  HostRateLimiterOptions options = FivePerSecondBurstTen();
  options.probe_timeout_ms = 30'000;
  HostRateLimiter limiter(options);
  limiter.Defer("a.example", kNow);
  ASSERT_TRUE(limiter.Acquire("a.example", kNow).granted);
  EXPECT_FALSE(limiter.Acquire("a.example", kNow + 29'999).granted);
  EXPECT_TRUE(limiter.Acquire("a.example", kNow + 30'000).granted);
}

TEST(HostRateLimiterTest, RetryAfterSecondsDefersByThatMuch) {
  HostRateLimiter limiter(FivePerSecondBurstTen());
  EXPECT_EQ(limiter.DeferAfterRateLimit("a.example", 7, kNow), kNow + 7000);
  EXPECT_FALSE(limiter.Acquire("a.example", kNow + 6999).granted);
  EXPECT_TRUE(limiter.Acquire("a.example", kNow + 7000).granted);
}

TEST(HostRateLimiterTest, UnusableRetryAfterNeverMeansRetryNow) {
  const int64_t now_s = kNow / 1000;
  struct Row {
    const char* header;
    int64_t expected_delay_ms;
  };
  const Row rows[] = {
      {"", 60'000},
      {"garbage", 60'000},
      {"-5", 60'000},
      {"Sun, 06 Nov 1994 08:49:37 GMT", 60'000},  // in the past
      {"0", 1000},                                // "now" still waits the 1 s floor
      {"999999999", 24 * 3600 * 1000},            // capped at a day
  };
  for (const Row& row : rows) {
    HostRateLimiter limiter(FivePerSecondBurstTen());
    const std::optional<int64_t> parsed = ParseRetryAfter(row.header, now_s);
    EXPECT_EQ(limiter.DeferAfterRateLimit("a.example", parsed, kNow), kNow + row.expected_delay_ms)
        << "Retry-After: " << row.header;
    EXPECT_FALSE(limiter.Acquire("a.example", kNow).granted) << row.header;
  }
}

TEST(HostRateLimiterTest, PlatformResetHintDefersUntilTheReset) {
  HostRateLimiter limiter(FivePerSecondBurstTen());
  const int64_t reset_s = kNow / 1000 + 90;
  EXPECT_EQ(limiter.DeferUntilReset("api.example", reset_s, kNow), reset_s * 1000);
  EXPECT_FALSE(limiter.Acquire("api.example", reset_s * 1000 - 1).granted);
  EXPECT_TRUE(limiter.Acquire("api.example", reset_s * 1000).granted);
}

TEST(HostRateLimiterTest, PastResetHintStillWaitsBriefly) {
  HostRateLimiter limiter(FivePerSecondBurstTen());
  EXPECT_EQ(limiter.DeferUntilReset("api.example", kNow / 1000 - 3600, kNow), kNow + 1000);
}

TEST(HostRateLimiterTest, RepeatedRateLimitsBoundTheRequestCount) {
  // A host answering every request with 429 + Retry-After: N; the caller asks whenever the
  // limiter lets it. At most ceil(T/N) + 1 requests reach the host in T seconds.
  HostRateLimiter limiter(FivePerSecondBurstTen());
  const int64_t n_s = 3;
  const int64_t t_s = 60;
  int sent = 0;
  for (int64_t t = kNow; t < kNow + t_s * 1000; t += 50) {
    for (int account = 0; account < 20; ++account) {  // many accounts on one host
      if (!limiter.Acquire("a.example", t).granted) continue;
      ++sent;
      limiter.DeferAfterRateLimit("a.example", n_s, t);
    }
  }
  EXPECT_LE(sent, (t_s + n_s - 1) / n_s + 1);
  EXPECT_GE(sent, t_s / n_s - 1);  // and the host is not starved either
}

TEST(HostRateLimiterTest, IdleHostsAreForgotten) {
  HostRateLimiterOptions options = FivePerSecondBurstTen();
  options.sweep_every = 10;
  HostRateLimiter limiter(options);
  for (int i = 0; i < 100; ++i) limiter.Acquire("h" + std::to_string(i), kNow);
  // A minute later every bucket is full again; the sweep drops them.
  for (int i = 0; i < 10; ++i) limiter.Acquire("fresh", kNow + 60'000);
  EXPECT_LE(limiter.size(), 2u);
}

}  // namespace
}  // namespace postwatch
