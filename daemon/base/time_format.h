// Conversions between Unix seconds and the text forms feeds and APIs use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace postwatch {

// "2024-02-12T12:45:08Z". Thread-safe.
std::string FormatRfc3339(int64_t unix_seconds);

// Parses RFC 3339 / ISO 8601 date-times ("2024-02-12T12:45:08+0000", "...08.123Z",
// "2024-02-12 12:45:08Z", "2024-02-12") into UTC Unix seconds; nullopt when it is not one.
std::optional<int64_t> ParseRfc3339(std::string_view text);

// Now, in Unix seconds and milliseconds (system clock).
int64_t UnixNow();
int64_t UnixNowMs();

}  // namespace postwatch
