#include "fetch/retry_after.h"

#include <gtest/gtest.h>

#include <optional>

namespace postwatch {
namespace {

// 2024-02-12T12:00:00Z, a Monday.
constexpr int64_t kNow = 1707739200;

struct RetryAfterCase {
  const char* value;
  std::optional<int64_t> expected;
};

TEST(RetryAfterTest, ParsesDelaysAndDates) {
  const RetryAfterCase kCases[] = {
      // delta-seconds
      {"0", 0},
      {"120", 120},
      {"  30\t", 30},
      {"0007", 7},
      {"86400", 86400},
      {"86401", 86400},
      {"99999999999999999999999", 86400},
      // IMF-fixdate relative to kNow
      {"Mon, 12 Feb 2024 12:00:00 GMT", 0},
      {"Mon, 12 Feb 2024 12:01:30 GMT", 90},
      {"Tue, 13 Feb 2024 12:00:00 GMT", 86400},
      {"Wed, 14 Feb 2024 12:00:00 GMT", 86400},
      {"Thu, 29 Feb 2024 12:00:00 GMT", 86400},
      {"Tue, 31 Dec 2024 23:59:59 GMT", 86400},
      // past dates: the caller backs off instead
      {"Mon, 12 Feb 2024 11:59:59 GMT", std::nullopt},
      {"Sun, 06 Nov 1994 08:49:37 GMT", std::nullopt},
      // garbage
      {"", std::nullopt},
      {"   ", std::nullopt},
      {"-5", std::nullopt},
      {"+5", std::nullopt},
      {"1.5", std::nullopt},
      {"10 seconds", std::nullopt},
      {"soon", std::nullopt},
      {"Mon, 12 Feb 2024 12:01:30 UTC", std::nullopt},
      {"Mon, 12 Feb 2024 12:01:30", std::nullopt},
      {"Monday, 12-Feb-24 12:01:30 GMT", std::nullopt},
      {"Mon, 30 Feb 2024 12:00:00 GMT", std::nullopt},
      {"Mon, 29 Feb 2023 12:00:00 GMT", std::nullopt},
      {"Mon, 12 Fab 2024 12:00:00 GMT", std::nullopt},
      {"Xyz, 12 Feb 2024 12:00:00 GMT", std::nullopt},
      {"Mon, 12 Feb 2024 24:00:00 GMT", std::nullopt},
      {"Mon, 12 Feb 2024 12:60:00 GMT", std::nullopt},
      {"Mon, 1a Feb 2024 12:00:00 GMT", std::nullopt},
  };
  for (const RetryAfterCase& c : kCases) {
    EXPECT_EQ(ParseRetryAfter(c.value, kNow), c.expected) << "\"" << c.value << "\"";
  }
}

TEST(RetryAfterTest, DateIsComparedWithTheGivenClock) {
  const char* kDate = "Mon, 12 Feb 2024 12:10:00 GMT";
  EXPECT_EQ(ParseRetryAfter(kDate, kNow), 600);
  EXPECT_EQ(ParseRetryAfter(kDate, kNow + 540), 60);
  EXPECT_EQ(ParseRetryAfter(kDate, kNow + 601), std::nullopt);
}

}  // namespace
}  // namespace postwatch
