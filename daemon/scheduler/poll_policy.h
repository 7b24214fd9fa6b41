// PollPolicy: when an account is polled next, after a success, a failure, a rate limit, or
// at start-up. Pure functions of their inputs and a random source, so they are testable.
#pragma once

#include <cstdint>
#include <optional>
#include <random>

namespace postwatch {

struct PollPolicyOptions {
  int64_t default_interval_s = 900;
  double jitter_ratio = 0.1;  // next poll in interval * [1 - j, 1 + j]
  int64_t backoff_base_s = 60;
  int64_t backoff_max_s = 6 * 3600;
  int64_t gone_recheck_s = 24 * 3600;
  int failing_after = 5;  // consecutive failures before "failing" instead of "backoff"
};

class PollPolicy {
 public:
  explicit PollPolicy(PollPolicyOptions options) : options_(options) {}

  int64_t IntervalS(int64_t account_interval_s) const {
    return account_interval_s > 0 ? account_interval_s : options_.default_interval_s;
  }

  // Next due time after a successful poll that finished at `now_ms`.
  int64_t AfterSuccess(int64_t now_ms, int64_t interval_s, std::mt19937_64& rng) const;

  // Next due time after the `failures`-th consecutive failure: full-jitter exponential
  // backoff, uniform in [0, min(max, base * 2^(failures-1))], but never less than one
  // second, and never earlier than a Retry-After delay the server asked for.
  int64_t AfterFailure(int64_t now_ms, int failures, std::optional<int64_t> retry_after_s,
                       std::mt19937_64& rng) const;

  // Due time of an account that is gone: checked again once a day.
  int64_t AfterGone(int64_t now_ms) const { return now_ms + options_.gone_recheck_s * 1000; }

  // At start-up: an account whose stored due time is in the past (or that was never polled)
  // is spread uniformly over its interval, so a restart does not stampede.
  int64_t AtStartup(int64_t now_ms, int64_t stored_due_ms, int64_t interval_s,
                    std::mt19937_64& rng) const;

  const PollPolicyOptions& options() const { return options_; }

 private:
  PollPolicyOptions options_;
};

}  // namespace postwatch
