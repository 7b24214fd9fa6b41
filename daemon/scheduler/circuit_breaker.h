// CircuitBreaker: stops polling a key (a host, or a plugin) that keeps failing, and probes
// it once in a while until it recovers.
//
// Per key: kClosed lets everything through and counts consecutive failures; after
// failure_threshold of them it opens. kOpen refuses everything until a delay has passed:
// base_delay_ms doubled on every consecutive trip, capped at max_delay_ms, with jitter
// taken off (so the cap is never exceeded). Then the next Allow() turns it kHalfOpen and is
// the one probe; every other Allow() is refused until the probe reports. A success closes
// the breaker and forgets the key; a failure re-opens it with the next, longer delay. A
// probe that never reports is replaced after probe_timeout_ms.
//
// The poller keeps one breaker for hosts and one for plugins:
//
//   CircuitBreaker::Admission a = host_breaker.Allow(host, now_ms);
//   if (!a.allowed) { queue.Schedule(account, a.retry_at_ms); return; }
//   ... poll ...
//   ok ? host_breaker.RecordSuccess(host, now) : host_breaker.RecordFailure(host, now);
//
// Times are Unix milliseconds passed in by the caller, so tests need no clock. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/mutex.h"

namespace postwatch {

struct CircuitBreakerOptions {
  int failure_threshold = 5;           // consecutive failures that open a closed breaker; >= 1
  int64_t base_delay_ms = 30'000;      // open time after the first trip
  int64_t max_delay_ms = 600'000;      // cap of the open time: the "small maximum suspension"
  double jitter_ratio = 0.2;           // the delay is uniform in [d * (1 - jitter), d]
  int64_t probe_timeout_ms = 120'000;  // a probe that has not reported by then is replaced
};

class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };

  struct Admission {
    bool allowed = true;
    bool probe = false;       // this request is the half-open probe
    int64_t retry_at_ms = 0;  // when refused: when to ask again
  };

  // Called with (key, true) when a key's breaker opens from kClosed and (key, false) when it
  // closes again; not called for kOpen <-> kHalfOpen. Runs on the caller's thread after the
  // breaker's lock is released, so it may call back into the breaker. For the metric
  // postwatch_breaker_open{plugin}: metrics.SetBreakerOpen(key, open).
  using Observer = std::function<void(const std::string& key, bool open)>;
  // Returns a number uniform in [0, 1). Called under the breaker's lock.
  using UnitRandom = std::function<double()>;

  // Without `random`, a randomly seeded generator is used.
  explicit CircuitBreaker(CircuitBreakerOptions options, Observer observer = {},
                          UnitRandom random = {});
  CircuitBreaker(const CircuitBreaker&) = delete;
  CircuitBreaker& operator=(const CircuitBreaker&) = delete;

  // Whether a request for `key` may go out at `now_ms`. In kHalfOpen at most one caller at a
  // time gets allowed == true (with probe == true).
  Admission Allow(const std::string& key, int64_t now_ms);

  // The outcome of a request that Allow() let through. In kOpen (a request that was already
  // out when the breaker opened) the outcome is ignored.
  void RecordSuccess(const std::string& key, int64_t now_ms);
  void RecordFailure(const std::string& key, int64_t now_ms);

  // The state of `key` (kClosed for unknown keys). An open breaker whose delay has passed
  // still reads kOpen until the next Allow().
  State GetState(const std::string& key) const;

  // Keys whose breaker is open or half-open, sorted. For metrics and /healthz.
  std::vector<std::string> OpenKeys() const;

 private:
  struct Entry {
    State state = State::kClosed;
    int failures = 0;  // consecutive, while closed
    int trips = 0;     // consecutive openings without a success in between
    int64_t open_until_ms = 0;
    int64_t probe_deadline_ms = 0;  // half-open: the probe's result is due by then
  };

  // Opens `entry` at `now_ms` for the delay of its (incremented) trip count.
  void OpenLocked(Entry& entry, int64_t now_ms) REQUIRES(mutex_);
  void Notify(const std::string& key, bool open) const;

  const CircuitBreakerOptions options_;
  const Observer observer_;
  mutable Mutex mutex_;
  UnitRandom random_ GUARDED_BY(mutex_);
  std::mt19937_64 engine_ GUARDED_BY(mutex_);
  std::unordered_map<std::string, Entry> entries_ GUARDED_BY(mutex_);
};

std::string_view CircuitStateName(CircuitBreaker::State state);  // "closed", "open", "half_open"

}  // namespace postwatch
