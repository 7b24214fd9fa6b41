#include "scheduler/host_rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace postwatch {
namespace {

constexpr int64_t kMinDeferMs = 1000;

}  // namespace

HostRateLimiter::HostRateLimiter(HostRateLimiterOptions options)
    : options_(options), burst_(std::max(1.0, options.burst)) {}

double HostRateLimiter::Refilled(const Bucket& bucket, int64_t now_ms) const {
  if (options_.requests_per_second <= 0) return burst_;
  const int64_t elapsed = std::max<int64_t>(0, now_ms - bucket.refilled_ms);
  return std::min(
      burst_, bucket.tokens + static_cast<double>(elapsed) * options_.requests_per_second / 1000.0);
}

int64_t HostRateLimiter::TokenTime(const Bucket& bucket, int64_t now_ms) const {
  const double tokens = Refilled(bucket, now_ms);
  if (tokens >= 1.0) return now_ms;
  const double wait_ms = (1.0 - tokens) * 1000.0 / options_.requests_per_second;
  return now_ms + std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait_ms)));
}

HostRateLimiter::Bucket& HostRateLimiter::BucketLocked(const std::string& host, int64_t now_ms) {
  auto [it, inserted] = buckets_.try_emplace(host);
  if (inserted) {
    it->second.tokens = burst_;
    it->second.refilled_ms = now_ms;
  }
  return it->second;
}

HostRateLimiter::Grant HostRateLimiter::Acquire(const std::string& host, int64_t now_ms) {
  MutexLock lock(&mutex_);
  if (++calls_since_sweep_ >= options_.sweep_every) SweepLocked(now_ms);
  Bucket& bucket = BucketLocked(host, now_ms);
  if (now_ms < bucket.deferred_until_ms) return Grant{false, bucket.deferred_until_ms};
  const bool probe_out =
      bucket.cautious && bucket.probe_deadline_ms >= 0 && now_ms < bucket.probe_deadline_ms;
  if (probe_out) {
    return Grant{false, std::min(bucket.probe_deadline_ms, now_ms + options_.recheck_ms)};
  }
  const int64_t token_at = TokenTime(bucket, now_ms);
  if (token_at > now_ms) return Grant{false, token_at};
  bucket.tokens = Refilled(bucket, now_ms) - 1.0;
  bucket.refilled_ms = std::max(bucket.refilled_ms, now_ms);
  if (bucket.cautious) bucket.probe_deadline_ms = now_ms + options_.probe_timeout_ms;
  return Grant{true, 0};
}

int64_t HostRateLimiter::NextAllowed(const std::string& host, int64_t now_ms) const {
  MutexLock lock(&mutex_);
  auto it = buckets_.find(host);
  if (it == buckets_.end()) return now_ms;
  const Bucket& bucket = it->second;
  int64_t at = std::max(now_ms, bucket.deferred_until_ms);
  if (bucket.cautious && bucket.probe_deadline_ms >= 0) at = std::max(at, bucket.probe_deadline_ms);
  return TokenTime(bucket, at);
}

void HostRateLimiter::Defer(const std::string& host, int64_t until_ms) {
  MutexLock lock(&mutex_);
  Bucket& bucket = BucketLocked(host, until_ms);
  bucket.deferred_until_ms = std::max(bucket.deferred_until_ms, until_ms);
  bucket.cautious = true;
  bucket.probe_deadline_ms = -1;
}

int64_t HostRateLimiter::DeferAfterRateLimit(const std::string& host,
                                             std::optional<int64_t> retry_after_s, int64_t now_ms) {
  int64_t delay_ms = options_.default_backoff_ms;
  if (retry_after_s && *retry_after_s >= 0) {
    delay_ms = std::min<int64_t>(*retry_after_s, options_.max_defer_ms / 1000 + 1) * 1000;
  }
  delay_ms = std::clamp(delay_ms, kMinDeferMs, std::max(kMinDeferMs, options_.max_defer_ms));
  Defer(host, now_ms + delay_ms);
  return NextAllowed(host, now_ms);
}

int64_t HostRateLimiter::DeferUntilReset(const std::string& host, int64_t reset_at_unix_s,
                                         int64_t now_ms) {
  const int64_t delay_ms = std::clamp(reset_at_unix_s * 1000 - now_ms, kMinDeferMs,
                                      std::max(kMinDeferMs, options_.max_defer_ms));
  Defer(host, now_ms + delay_ms);
  return NextAllowed(host, now_ms);
}

void HostRateLimiter::OnResponse(const std::string& host, int64_t /*now_ms*/) {
  MutexLock lock(&mutex_);
  auto it = buckets_.find(host);
  if (it == buckets_.end()) return;
  it->second.cautious = false;
  it->second.probe_deadline_ms = -1;
}

size_t HostRateLimiter::size() const {
  MutexLock lock(&mutex_);
  return buckets_.size();
}

void HostRateLimiter::SweepLocked(int64_t now_ms) {
  calls_since_sweep_ = 0;
  // A host with a full bucket and no deferral behaves exactly like one never seen.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const Bucket& b = it->second;
    const bool idle = !b.cautious && b.deferred_until_ms <= now_ms && Refilled(b, now_ms) >= burst_;
    it = idle ? buckets_.erase(it) : std::next(it);
  }
}

}  // namespace postwatch
