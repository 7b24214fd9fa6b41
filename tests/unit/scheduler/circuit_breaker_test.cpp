// CircuitBreaker: every state transition, the single half-open probe, the capped and
// jittered delays, and the observer that drives postwatch_breaker_open.
#include "scheduler/circuit_breaker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace postwatch {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;

CircuitBreakerOptions NoJitter() {
  CircuitBreakerOptions options;
  options.failure_threshold = 3;
  options.base_delay_ms = 30'000;
  options.max_delay_ms = 600'000;
  options.jitter_ratio = 0.0;
  options.probe_timeout_ms = 120'000;
  return options;
}

void FailTimes(CircuitBreaker& breaker, const std::string& key, int n, int64_t now) {
  for (int i = 0; i < n; ++i) breaker.RecordFailure(key, now);
}

TEST(CircuitBreakerTest, StaysClosedBelowTheThreshold) {
  CircuitBreaker breaker(NoJitter());
  FailTimes(breaker, "h", 2, kNow);
  EXPECT_EQ(breaker.GetState("h"), CircuitBreaker::State::kClosed);
  EXPECT_TRUE(breaker.Allow("h", kNow).allowed);
}

TEST(CircuitBreakerTest, SuccessResetsTheConsecutiveFailureCount) {
  CircuitBreaker breaker(NoJitter());
  FailTimes(breaker, "h", 2, kNow);
  breaker.RecordSuccess("h", kNow);
  FailTimes(breaker, "h", 2, kNow);
  EXPECT_EQ(breaker.GetState("h"), CircuitBreaker::State::kClosed);
}

TEST(CircuitBreakerTest, OpensAfterThresholdAndRefusesUntilTheDelay) {
  CircuitBreaker breaker(NoJitter());
  FailTimes(breaker, "h", 3, kNow);
  EXPECT_EQ(breaker.GetState("h"), CircuitBreaker::State::kOpen);
  CircuitBreaker::Admission refused = breaker.Allow("h", kNow + 29'999);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_at_ms, kNow + 30'000);
}

TEST(CircuitBreakerTest, OtherKeysAreUnaffected) {
  CircuitBreaker breaker(NoJitter());
  FailTimes(breaker, "bad.example", 3, kNow);
  EXPECT_TRUE(breaker.Allow("good.example", kNow).allowed);
  EXPECT_EQ(breaker.OpenKeys(), std::vector<std::string>{"bad.example"});
}

TEST(CircuitBreakerTest, HalfOpenLetsExactlyOneProbeThrough) {
  CircuitBreaker breaker(NoJitter());
  FailTimes(breaker, "h", 3, kNow);
  const int64_t t = kNow + 30'000;
  CircuitBreaker::Admission probe = breaker.Allow("h", t);
  EXPECT_TRUE(probe.allowed);
  EXPECT_TRUE(probe.probe);
  EXPECT_EQ(breaker.GetState("h"), CircuitBreaker::State::kHalfOpen);
  for (int i = 0; i < 5; ++i) {
    CircuitBreaker::Admission other = breaker.Allow("h", t + i);
    EXPECT_FALSE(other.allowed);
    EXPECT_GT(other.retry_at_ms, t + i);
  }
}

TEST(CircuitBreakerTest, ConcurrentCallersGetOnlyOneProbe) {
  CircuitBreaker breaker(NoJitter());
  FailTimes(breaker, "h", 3, kNow);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 100; ++j) {
        if (breaker.Allow("h", kNow + 30'000).allowed) ++allowed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 1);
}

TEST(CircuitBreakerTest, ProbeSuccessClosesTheBreaker) {
  CircuitBreaker breaker(NoJitter());
  FailTimes(breaker, "h", 3, kNow);
  ASSERT_TRUE(breaker.Allow("h", kNow + 30'000).probe);
  breaker.RecordSuccess("h", kNow + 30'100);
  EXPECT_EQ(breaker.GetState("h"), CircuitBreaker::State::kClosed);
  EXPECT_TRUE(breaker.Allow("h", kNow + 30'200).allowed);
  EXPECT_TRUE(breaker.OpenKeys().empty());
}

TEST(CircuitBreakerTest, ProbeFailureReopensWithADoubledDelay) {
  CircuitBreaker breaker(NoJitter());
  FailTimes(breaker, "h", 3, kNow);
  const int64_t t1 = kNow + 30'000;
  ASSERT_TRUE(breaker.Allow("h", t1).probe);
  breaker.RecordFailure("h", t1);
  EXPECT_EQ(breaker.GetState("h"), CircuitBreaker::State::kOpen);
  EXPECT_EQ(breaker.Allow("h", t1).retry_at_ms, t1 + 60'000);
  const int64_t t2 = t1 + 60'000;
  ASSERT_TRUE(breaker.Allow("h", t2).probe);
  breaker.RecordFailure("h", t2);
  EXPECT_EQ(breaker.Allow("h", t2).retry_at_ms, t2 + 120'000);
}

TEST(CircuitBreakerTest, DelayIsCappedAtTheMaximumSuspension) {
  CircuitBreaker breaker(NoJitter());
  FailTimes(breaker, "h", 3, kNow);
  int64_t t = kNow;
  for (int trip = 0; trip < 20; ++trip) {
    t = breaker.Allow("h", t).retry_at_ms;  // refused while open: says when it half-opens
    ASSERT_TRUE(breaker.Allow("h", t).probe);
    breaker.RecordFailure("h", t);
  }
  EXPECT_EQ(breaker.Allow("h", t).retry_at_ms, t + 600'000);
}

TEST(CircuitBreakerTest, SuccessAfterRecoveryStartsDelaysFromTheBaseAgain) {
  CircuitBreaker breaker(NoJitter());
  FailTimes(breaker, "h", 3, kNow);
  ASSERT_TRUE(breaker.Allow("h", kNow + 30'000).probe);
  breaker.RecordFailure("h", kNow + 30'000);  // second trip: 60 s
  ASSERT_TRUE(breaker.Allow("h", kNow + 90'000).probe);
  breaker.RecordSuccess("h", kNow + 90'000);
  FailTimes(breaker, "h", 3, kNow + 100'000);
  EXPECT_EQ(breaker.Allow("h", kNow + 100'000).retry_at_ms, kNow + 130'000);
}

TEST(CircuitBreakerTest, LostProbeIsReplacedAfterTheProbeTimeout) {
  CircuitBreaker breaker(NoJitter());
  FailTimes(breaker, "h", 3, kNow);
  const int64_t t = kNow + 30'000;
  ASSERT_TRUE(breaker.Allow("h", t).probe);
  EXPECT_FALSE(breaker.Allow("h", t + 119'999).allowed);
  EXPECT_TRUE(breaker.Allow("h", t + 120'000).probe);
}

TEST(CircuitBreakerTest, OutcomesWhileOpenAreIgnored) {
  CircuitBreaker breaker(NoJitter());
  FailTimes(breaker, "h", 3, kNow);
  breaker.RecordSuccess("h", kNow + 1);  // a request sent before the breaker opened
  FailTimes(breaker, "h", 10, kNow + 2);
  EXPECT_EQ(breaker.GetState("h"), CircuitBreaker::State::kOpen);
  EXPECT_EQ(breaker.Allow("h", kNow + 2).retry_at_ms, kNow + 30'000);
}

TEST(CircuitBreakerTest, JitterShortensTheDelayWithinItsRatio) {
  CircuitBreakerOptions options = NoJitter();
  options.jitter_ratio = 0.2;
  for (double r : {0.0, 0.5, 0.999}) {
    CircuitBreaker breaker(options, {}, [r] { return r; });
    FailTimes(breaker, "h", 3, kNow);
    const int64_t delay = breaker.Allow("h", kNow).retry_at_ms - kNow;
    EXPECT_EQ(delay, 30'000 - static_cast<int64_t>(30'000 * 0.2 * r)) << r;
    EXPECT_GE(delay, 24'000);
    EXPECT_LE(delay, 30'000);
  }
}

TEST(CircuitBreakerTest, ObserverSeesOpenAndCloseOnce) {
  std::vector<std::pair<std::string, bool>> events;
  CircuitBreaker breaker(
      NoJitter(), [&](const std::string& key, bool open) { events.emplace_back(key, open); });
  FailTimes(breaker, "plugin-web", 3, kNow);
  ASSERT_TRUE(breaker.Allow("plugin-web", kNow + 30'000).probe);
  breaker.RecordFailure("plugin-web", kNow + 30'000);  // still open: no event
  ASSERT_TRUE(breaker.Allow("plugin-web", kNow + 90'000).probe);
  breaker.RecordSuccess("plugin-web", kNow + 90'000);
  const std::vector<std::pair<std::string, bool>> expected = {{"plugin-web", true},
                                                              {"plugin-web", false}};
  EXPECT_EQ(events, expected);
}

TEST(CircuitBreakerTest, StateNamesAreStable) {
  EXPECT_EQ(CircuitStateName(CircuitBreaker::State::kClosed), "closed");
  EXPECT_EQ(CircuitStateName(CircuitBreaker::State::kOpen), "open");
  EXPECT_EQ(CircuitStateName(CircuitBreaker::State::kHalfOpen), "half_open");
}

}  // namespace
}  // namespace postwatch
