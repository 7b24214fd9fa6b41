// Parsing of the HTTP Retry-After header (RFC 9110 section 10.2.3).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace postwatch {

// The longest delay a Retry-After header may impose, in seconds (24 h).
inline constexpr int64_t kMaxRetryAfterSeconds = 86400;

// The delay in seconds that the Retry-After `value` asks for, clamped to
// [0, kMaxRetryAfterSeconds]. Accepts delta-seconds ("120") and IMF-fixdate
// ("Sun, 06 Nov 1994 08:49:37 GMT"), compared with `now_unix`; surrounding whitespace is
// ignored. Returns nullopt for anything else, for negative numbers and for dates in the
// past: callers then fall back to their own backoff. Pure and thread-safe.
std::optional<int64_t> ParseRetryAfter(std::string_view value, int64_t now_unix);

}  // namespace postwatch
