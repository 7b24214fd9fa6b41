// Parsing of the date formats found in feeds and APIs into Unix seconds, UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace postwatch::plugin {

// RFC 3339 / ISO 8601 / W3C-DTF: "2006-01-02T15:04:05Z", "...05.123+07:00", "...05+0700",
// "...05+07", "2006-01-02 15:04:05" (no zone means UTC), "2006-01-02T15:04Z",
// "20060102T150405Z", "2006-01-02", "2006-01", "2006". Returns nullopt when `text` is not one
// of these or names an impossible date or time. Thread-safe.
std::optional<int64_t> ParseIso8601Date(std::string_view text);

// RFC 822 / 1123 / 2822 and their real-world relatives: "Mon, 02 Jan 2006 15:04:05 -0700",
// named zones (GMT UT UTC Z EST EDT CST CDT MST MDT PST PDT, and the RFC 822 military letters
// with RFC 822's signs), 2-digit years (00-49 are 20xx, 50-99 are 19xx), a missing weekday,
// missing seconds, full month and weekday names, RFC 850 "Monday, 02-Jan-06 15:04:05 GMT",
// asctime / Unix date "Mon Jan  2 15:04:05 MST 2006", "+07:00" offsets, AM/PM, and a date
// with no time (midnight). A missing or unknown zone name means UTC. Returns nullopt when no
// valid day, month and year can be found. Thread-safe.
std::optional<int64_t> ParseRfc822Date(std::string_view text);

// Tries ParseIso8601Date, then ParseRfc822Date. The entry point for any date in a feed.
std::optional<int64_t> ParseFeedDate(std::string_view text);

}  // namespace postwatch::plugin
