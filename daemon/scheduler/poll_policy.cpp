#include "scheduler/poll_policy.h"

#include <algorithm>

namespace postwatch {

int64_t PollPolicy::AfterSuccess(int64_t now_ms, int64_t interval_s, std::mt19937_64& rng) const {
  double j = std::clamp(options_.jitter_ratio, 0.0, 0.5);
  std::uniform_real_distribution<double> dist(1.0 - j, 1.0 + j);
  return now_ms + static_cast<int64_t>(static_cast<double>(interval_s) * 1000.0 * dist(rng));
}

int64_t PollPolicy::AfterFailure(int64_t now_ms, int failures, std::optional<int64_t> retry_after_s,
                                 std::mt19937_64& rng) const {
  int shift = std::clamp(failures - 1, 0, 30);
  double ceiling_s = std::min(
      static_cast<double>(options_.backoff_max_s),
      static_cast<double>(options_.backoff_base_s) * static_cast<double>(int64_t{1} << shift));
  std::uniform_real_distribution<double> dist(0.0, ceiling_s);
  double delay_s = std::max(1.0, dist(rng));
  if (retry_after_s) {
    delay_s = std::max(delay_s, static_cast<double>(std::clamp<int64_t>(*retry_after_s, 0, 86400)));
  }
  return now_ms + static_cast<int64_t>(delay_s * 1000.0);
}

int64_t PollPolicy::AtStartup(int64_t now_ms, int64_t stored_due_ms, int64_t interval_s,
                              std::mt19937_64& rng) const {
  if (stored_due_ms > now_ms) {
    // Never further out than one interval: the interval may have been shortened.
    return std::min(stored_due_ms, now_ms + interval_s * 1000);
  }
  std::uniform_int_distribution<int64_t> dist(0, std::max<int64_t>(0, interval_s * 1000));
  return now_ms + dist(rng);
}

}  // namespace postwatch
