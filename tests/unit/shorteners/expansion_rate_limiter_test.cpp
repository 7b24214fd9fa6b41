// The per-host token bucket of shortener expansion.
#include "shorteners/expansion_rate_limiter.h"

#include <gtest/gtest.h>

namespace postwatch {

namespace {

TEST(ExpansionRateLimiterTest, AQuietHostGetsItsBurstThenWaits) {
  ExpansionRateLimiter limiter({.per_second = 2.0, .burst = 3.0});
  EXPECT_EQ(limiter.TryAcquire("bit.ly", 0), 0);
  EXPECT_EQ(limiter.TryAcquire("bit.ly", 0), 0);
  EXPECT_EQ(limiter.TryAcquire("bit.ly", 0), 0);
  EXPECT_EQ(limiter.TryAcquire("bit.ly", 0), 500);  // one token per 500 ms
  EXPECT_GT(limiter.TryAcquire("bit.ly", 499), 0);
  EXPECT_EQ(limiter.TryAcquire("bit.ly", 500), 0);
}

TEST(ExpansionRateLimiterTest, HostsHaveSeparateBuckets) {
  ExpansionRateLimiter limiter({.per_second = 1.0, .burst = 1.0});
  EXPECT_EQ(limiter.TryAcquire("bit.ly", 0), 0);
  EXPECT_GT(limiter.TryAcquire("bit.ly", 0), 0);
  EXPECT_EQ(limiter.TryAcquire("t.co", 0), 0);
}

TEST(ExpansionRateLimiterTest, TokensDoNotPileUpBeyondTheBurst) {
  ExpansionRateLimiter limiter({.per_second = 1.0, .burst = 2.0});
  EXPECT_EQ(limiter.TryAcquire("bit.ly", 0), 0);
  // An hour of quiet still allows only `burst` requests at once.
  EXPECT_EQ(limiter.TryAcquire("bit.ly", 3'600'000), 0);
  EXPECT_EQ(limiter.TryAcquire("bit.ly", 3'600'000), 0);
  EXPECT_GT(limiter.TryAcquire("bit.ly", 3'600'000), 0);
}

TEST(ExpansionRateLimiterTest, ManyHostsStayBounded) {
  ExpansionRateLimiter limiter({.per_second = 100.0, .burst = 1.0});
  for (int i = 0; i < 10000; ++i) {
    EXPECT_EQ(limiter.TryAcquire("host" + std::to_string(i), int64_t{i} * 100), 0);
  }
  EXPECT_LE(limiter.tracked_hosts(), 4096u);
}

}  // namespace
}  // namespace postwatch
