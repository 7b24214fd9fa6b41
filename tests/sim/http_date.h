// Date formats of HTTP headers and RSS: IMF-fixdate (RFC 9110) and RFC 822 with "+0000".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace postwatch::sim {

// "Sun, 06 Nov 1994 08:49:37 GMT". Locale-independent, thread-safe.
std::string FormatHttpDate(int64_t unix_seconds);

// "Sun, 06 Nov 1994 08:49:37 +0000", the form RSS 2.0 uses for pubDate.
std::string FormatRfc822(int64_t unix_seconds);

// Parses an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") into Unix seconds; nullopt for
// anything else (the obsolete RFC 850 and asctime forms are not accepted).
std::optional<int64_t> ParseHttpDate(std::string_view text);

}  // namespace postwatch::sim
