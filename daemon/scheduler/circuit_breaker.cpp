#include "scheduler/circuit_breaker.h"

#include <algorithm>
#include <utility>

namespace postwatch {

std::string_view CircuitStateName(CircuitBreaker::State state) {
  switch (state) {
    case CircuitBreaker::State::kClosed:
      return "closed";
    case CircuitBreaker::State::kOpen:
      return "open";
    case CircuitBreaker::State::kHalfOpen:
      return "half_open";
  }
  return "closed";
}

CircuitBreaker::CircuitBreaker(CircuitBreakerOptions options, Observer observer, UnitRandom random)
    : options_(options),
      observer_(std::move(observer)),
      random_(std::move(random)),
      engine_(std::random_device{}()) {}

CircuitBreaker::Admission CircuitBreaker::Allow(const std::string& key, int64_t now_ms) {
  MutexLock lock(&mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return Admission{};
  Entry& entry = it->second;
  switch (entry.state) {
    case State::kClosed:
      return Admission{};
    case State::kOpen:
      if (now_ms < entry.open_until_ms) return Admission{false, false, entry.open_until_ms};
      entry.state = State::kHalfOpen;
      entry.probe_deadline_ms = now_ms + options_.probe_timeout_ms;
      return Admission{true, true, 0};
    case State::kHalfOpen:
      if (now_ms >= entry.probe_deadline_ms) {  // the last probe was lost: send another
        entry.probe_deadline_ms = now_ms + options_.probe_timeout_ms;
        return Admission{true, true, 0};
      }
      return Admission{false, false,
                       std::min(entry.probe_deadline_ms, now_ms + options_.base_delay_ms)};
  }
  return Admission{};
}

void CircuitBreaker::RecordSuccess(const std::string& key, int64_t /*now_ms*/) {
  bool closed_now = false;
  {
    MutexLock lock(&mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.state == State::kOpen) return;
    closed_now = it->second.state == State::kHalfOpen;
    entries_.erase(it);  // a closed breaker with no failures needs no entry
  }
  if (closed_now) Notify(key, false);
}

void CircuitBreaker::RecordFailure(const std::string& key, int64_t now_ms) {
  bool opened_now = false;
  {
    MutexLock lock(&mutex_);
    Entry& entry = entries_[key];
    switch (entry.state) {
      case State::kClosed:
        if (++entry.failures >= std::max(1, options_.failure_threshold)) {
          OpenLocked(entry, now_ms);
          opened_now = true;
        }
        break;
      case State::kHalfOpen:
        OpenLocked(entry, now_ms);
        break;
      case State::kOpen:
        break;  // a request from before the breaker opened: already counted
    }
  }
  if (opened_now) Notify(key, true);
}

CircuitBreaker::State CircuitBreaker::GetState(const std::string& key) const {
  MutexLock lock(&mutex_);
  auto it = entries_.find(key);
  return it == entries_.end() ? State::kClosed : it->second.state;
}

std::vector<std::string> CircuitBreaker::OpenKeys() const {
  std::vector<std::string> keys;
  {
    MutexLock lock(&mutex_);
    for (const auto& [key, entry] : entries_) {
      if (entry.state != State::kClosed) keys.push_back(key);
    }
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

void CircuitBreaker::OpenLocked(Entry& entry, int64_t now_ms) {
  entry.state = State::kOpen;
  entry.failures = 0;
  ++entry.trips;
  int64_t delay = std::max<int64_t>(0, options_.base_delay_ms);
  for (int i = 1; i < entry.trips && delay < options_.max_delay_ms; ++i) delay *= 2;
  delay = std::min(delay, options_.max_delay_ms);
  const double jitter = std::clamp(options_.jitter_ratio, 0.0, 1.0);
  const double r = std::clamp(
      random_ ? random_() : std::uniform_real_distribution<double>(0.0, 1.0)(engine_), 0.0, 1.0);
  const auto taken_off = static_cast<int64_t>(static_cast<double>(delay) * jitter * r);
  entry.open_until_ms = now_ms + std::max<int64_t>(1, delay - taken_off);
}

void CircuitBreaker::Notify(const std::string& key, bool open) const {
  if (observer_) observer_(key, open);
}

}  // namespace postwatch
