#include "scheduler/poll_policy.h"

#include <gtest/gtest.h>

namespace postwatch {
namespace {

PollPolicyOptions Options() {
  PollPolicyOptions o;
  o.default_interval_s = 600;
  o.jitter_ratio = 0.1;
  o.backoff_base_s = 60;
  o.backoff_max_s = 3600;
  return o;
}

TEST(PollPolicyTest, SuccessSchedulesWithinTheJitterBand) {
  PollPolicy p(Options());
  std::mt19937_64 rng(1);
  for (int i = 0; i < 1000; ++i) {
    int64_t due = p.AfterSuccess(0, 600, rng);
    EXPECT_GE(due, 540'000);
    EXPECT_LE(due, 660'000);
  }
}

TEST(PollPolicyTest, BackoffCeilingGrowsAndIsCapped) {
  PollPolicy p(Options());
  std::mt19937_64 rng(2);
  int64_t max_seen_3 = 0, max_seen_20 = 0;
  for (int i = 0; i < 2000; ++i) {
    int64_t d3 = p.AfterFailure(0, 3, std::nullopt, rng);
    EXPECT_GE(d3, 1000);
    EXPECT_LE(d3, 240'000);  // base * 2^2
    max_seen_3 = std::max(max_seen_3, d3);
    int64_t d20 = p.AfterFailure(0, 20, std::nullopt, rng);
    EXPECT_LE(d20, 3'600'000);
    max_seen_20 = std::max(max_seen_20, d20);
  }
  EXPECT_GT(max_seen_3, 200'000);  // the jitter spans the range
  EXPECT_GT(max_seen_20, 3'000'000);
}

TEST(PollPolicyTest, RetryAfterIsAFloorAndIsClampedToADay) {
  PollPolicy p(Options());
  std::mt19937_64 rng(3);
  for (int i = 0; i < 100; ++i) {
    EXPECT_GE(p.AfterFailure(0, 1, 500, rng), 500'000);
    EXPECT_LE(p.AfterFailure(0, 1, 10'000'000, rng), 86'400'000);
  }
}

TEST(PollPolicyTest, StartupSpreadsOverdueAccountsOverTheInterval) {
  PollPolicy p(Options());
  std::mt19937_64 rng(4);
  int early = 0, late = 0;
  for (int i = 0; i < 1000; ++i) {
    int64_t due = p.AtStartup(1'000'000, 0, 600, rng);
    ASSERT_GE(due, 1'000'000);
    ASSERT_LE(due, 1'600'000);
    (due < 1'300'000 ? early : late)++;
  }
  EXPECT_GT(early, 300);
  EXPECT_GT(late, 300);
  // A future due time is kept, but not beyond one interval.
  EXPECT_EQ(p.AtStartup(1'000'000, 1'100'000, 600, rng), 1'100'000);
  EXPECT_EQ(p.AtStartup(1'000'000, 9'000'000, 600, rng), 1'600'000);
}

}  // namespace
}  // namespace postwatch
