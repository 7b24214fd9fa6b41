// HostRateLimiter: how fast postwatch may send requests to one host, and when a host that
// asked us to slow down (429 + Retry-After, or a platform's "remaining: 0, reset at T"
// hint) may be asked again.
//
// Per host: a token bucket (requests_per_second, burst) and a deferral time before which
// nothing is sent. The limiter never blocks: Acquire() either takes a token or says when to
// ask again, so the poller reschedules the account instead of waiting.
//
//   HostRateLimiter::Grant g = limiter.Acquire(host, now_ms);
//   if (!g.granted) { queue.Schedule(account, g.retry_at_ms); return; }
//   ... fetch ...
//   if (response.status == 429 || response.status == 503 with Retry-After) {
//     limiter.DeferAfterRateLimit(host, ParseRetryAfter(response.Header("Retry-After"),
//                                                       now_s), now_ms);
//   } else {
//     limiter.OnResponse(host, now_ms);
//   }
//
// After a deferral ends, only one request goes to the host until OnResponse() reports that
// it was answered without a rate limit (or probe_timeout_ms passes): so however many
// accounts share the host, a host that keeps answering 429 with Retry-After: N gets at most
// one request per N seconds.
//
// Times are Unix milliseconds passed in by the caller. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "base/mutex.h"

namespace postwatch {

struct HostRateLimiterOptions {
  double requests_per_second = 5.0;  // token refill rate; <= 0 turns the bucket off
  double burst = 10.0;               // bucket size; at least 1 is used
  // Deferral for a rate-limit answer without a usable Retry-After (absent, garbage,
  // negative, or a date in the past): never "retry now".
  int64_t default_backoff_ms = 60'000;
  int64_t max_defer_ms = 24 * 3600 * 1000;  // cap of every deferral made from a hint
  int64_t probe_timeout_ms = 60'000;        // after a deferral: the single request's answer is due
  int64_t recheck_ms = 1000;                // refused while that request is out: ask again after
  size_t sweep_every = 4096;                // Acquire() calls between sweeps of idle hosts
};

class HostRateLimiter {
 public:
  struct Grant {
    bool granted = true;
    int64_t retry_at_ms = 0;  // when refused: the earliest time to ask again
  };

  explicit HostRateLimiter(HostRateLimiterOptions options = {});
  HostRateLimiter(const HostRateLimiter&) = delete;
  HostRateLimiter& operator=(const HostRateLimiter&) = delete;

  // Takes a token for a request to `host` at `now_ms`, or refuses and says when to retry.
  Grant Acquire(const std::string& host, int64_t now_ms);

  // The earliest time at or after `now_ms` when Acquire() would grant, without taking
  // anything.
  int64_t NextAllowed(const std::string& host, int64_t now_ms) const;

  // Sends nothing to `host` before `until_ms`. Extends an earlier deferral, never shortens
  // it. The caller bounds `until_ms` (DeferAfterRateLimit and DeferUntilReset do).
  void Defer(const std::string& host, int64_t until_ms);

  // A rate-limit answer (429, or 503 with Retry-After) arrived at `now_ms`. Defers the host
  // by `retry_after_s` (ParseRetryAfter's result: nullopt for absent, garbage, negative or
  // past values, which get default_backoff_ms), at least 1 s, at most max_defer_ms.
  // Returns the deferral's end.
  int64_t DeferAfterRateLimit(const std::string& host, std::optional<int64_t> retry_after_s,
                              int64_t now_ms);

  // A platform said its quota is used up until `reset_at_unix_s` (pw_rate_limit with
  // remaining == 0). Defers the host until then, at least 1 s and at most max_defer_ms from
  // `now_ms`. Returns the deferral's end.
  int64_t DeferUntilReset(const std::string& host, int64_t reset_at_unix_s, int64_t now_ms);

  // `host` answered a request without a rate limit: normal pacing resumes.
  void OnResponse(const std::string& host, int64_t now_ms);

  // Hosts with state (a partly used bucket or a deferral). For tests.
  size_t size() const;

 private:
  struct Bucket {
    double tokens = 0;
    int64_t refilled_ms = 0;
    int64_t deferred_until_ms = 0;
    bool cautious = false;           // a deferral happened: one request at a time
    int64_t probe_deadline_ms = -1;  // cautious and a request is out until then; -1: none
  };

  Bucket& BucketLocked(const std::string& host, int64_t now_ms) REQUIRES(mutex_);
  // When a bucket with `tokens` at `refilled_ms` has a whole token, at or after now_ms.
  int64_t TokenTime(const Bucket& bucket, int64_t now_ms) const;
  double Refilled(const Bucket& bucket, int64_t now_ms) const;
  void SweepLocked(int64_t now_ms) REQUIRES(mutex_);

  const HostRateLimiterOptions options_;
  const double burst_;
  mutable Mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_ GUARDED_BY(mutex_);
  size_t calls_since_sweep_ GUARDED_BY(mutex_) = 0;
};

}  // namespace postwatch
