// The simulator's notion of "now", injectable so that tests can move time forward without
// sleeping.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

namespace postwatch::sim {

// Returns the current time in Unix milliseconds. Implementations must be thread-safe: the
// server calls the clock from every I/O thread.
using Clock = std::function<int64_t()>;

// The system clock (std::chrono::system_clock).
inline Clock SystemClock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

// A clock that stays where a test puts it. Thread-safe. The clock returned by AsClock()
// refers to this object, which must outlive every use of it.
class ManualClock {
 public:
  explicit ManualClock(int64_t now_ms) : now_ms_(now_ms) {}
  ManualClock(const ManualClock&) = delete;
  ManualClock& operator=(const ManualClock&) = delete;

  int64_t now_ms() const { return now_ms_.load(); }
  void Set(int64_t now_ms) { now_ms_.store(now_ms); }
  void Advance(int64_t delta_ms) { now_ms_.fetch_add(delta_ms); }
  Clock AsClock() {
    return [this] { return now_ms_.load(); };
  }

 private:
  std::atomic<int64_t> now_ms_;
};

// Wraps a clock so that it can be frozen: from Freeze() on, "now" stays where it was, and
// no new posts appear. Tests freeze the world to compare what was served with what the
// daemon stored.
class FreezableClock {
 public:
  explicit FreezableClock(Clock base) : base_(std::move(base)) {}
  FreezableClock(const FreezableClock&) = delete;
  FreezableClock& operator=(const FreezableClock&) = delete;

  int64_t now_ms() const {
    int64_t frozen = frozen_ms_.load();
    return frozen >= 0 ? frozen : base_();
  }
  void Freeze() {
    int64_t expected = -1;
    frozen_ms_.compare_exchange_strong(expected, base_());
  }
  bool frozen() const { return frozen_ms_.load() >= 0; }
  Clock AsClock() {
    return [this] { return now_ms(); };
  }

 private:
  Clock base_;
  std::atomic<int64_t> frozen_ms_{-1};
};

}  // namespace postwatch::sim
