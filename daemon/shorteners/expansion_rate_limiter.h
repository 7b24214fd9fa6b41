// ExpansionRateLimiter: a token bucket per host, so shortener expansion never hammers one site.
// Simpler than the poller's scheduler/host_rate_limiter.h (no Retry-After deferral, no
// locking): a failed expansion is retried hours later anyway, and one thread owns it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace postwatch {

struct ExpansionRateLimit {
  double per_second = 1.0;  // sustained requests per second to one host; > 0
  double burst = 4.0;       // requests a quiet host may get at once; >= 1
};

// Not thread-safe: owned by one thread (the expander's).
class ExpansionRateLimiter {
 public:
  explicit ExpansionRateLimiter(ExpansionRateLimit limit);

  // Takes one token of `host` at `now_ms` (a steady clock in milliseconds) and returns 0
  // when one is available; otherwise takes nothing and returns how many milliseconds until
  // one will be (>= 1).
  int64_t TryAcquire(std::string_view host, int64_t now_ms);

  // Hosts with a bucket. Buckets that have refilled completely are forgotten once there are
  // more than kMaxHosts (4096), so the table stays bounded.
  size_t tracked_hosts() const { return buckets_.size(); }

 private:
  struct Bucket {
    double tokens = 0;
    int64_t updated_ms = 0;
  };
  void Refill(Bucket& bucket, int64_t now_ms) const;
  void Prune(int64_t now_ms);

  static constexpr size_t kMaxHosts = 4096;
  ExpansionRateLimit limit_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace postwatch
