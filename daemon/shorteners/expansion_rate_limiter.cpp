#include "shorteners/expansion_rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace postwatch {

ExpansionRateLimiter::ExpansionRateLimiter(ExpansionRateLimit limit) : limit_(limit) {
  limit_.per_second = std::max(limit_.per_second, 1e-3);
  limit_.burst = std::max(limit_.burst, 1.0);
}

void ExpansionRateLimiter::Refill(Bucket& bucket, int64_t now_ms) const {
  if (now_ms <= bucket.updated_ms) return;
  const double elapsed_s = static_cast<double>(now_ms - bucket.updated_ms) / 1000.0;
  bucket.tokens = std::min(limit_.burst, bucket.tokens + elapsed_s * limit_.per_second);
  bucket.updated_ms = now_ms;
}

void ExpansionRateLimiter::Prune(int64_t now_ms) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    Refill(it->second, now_ms);
    it = it->second.tokens >= limit_.burst ? buckets_.erase(it) : std::next(it);
  }
}

int64_t ExpansionRateLimiter::TryAcquire(std::string_view host, int64_t now_ms) {
  auto it = buckets_.find(std::string(host));
  if (it == buckets_.end()) {
    if (buckets_.size() >= kMaxHosts) Prune(now_ms);
    it = buckets_.emplace(std::string(host), Bucket{limit_.burst, now_ms}).first;
  }
  Bucket& bucket = it->second;
  Refill(bucket, now_ms);
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return 0;
  }
  const double wait_ms = std::ceil((1.0 - bucket.tokens) / limit_.per_second * 1000.0);
  return std::max<int64_t>(1, static_cast<int64_t>(wait_ms));
}

}  // namespace postwatch
