#include "support/feed_date.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace postwatch::plugin {
namespace {

struct DateCase {
  const char* text;
  int64_t want;  // kRejected: must be rejected
};

// 2006-01-02T15:04:05Z is 1136214245.
constexpr int64_t kRef = 1136214245;
constexpr int64_t kRejected = INT64_MIN;

class FeedDateTest : public ::testing::TestWithParam<DateCase> {};

TEST_P(FeedDateTest, ParsesToUtcSecondsOrRejects) {
  const DateCase& c = GetParam();
  std::optional<int64_t> got = ParseFeedDate(c.text);
  if (c.want == kRejected) {
    EXPECT_FALSE(got.has_value()) << c.text << " -> " << got.value_or(0);
  } else {
    ASSERT_TRUE(got.has_value()) << c.text;
    EXPECT_EQ(*got, c.want) << c.text;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rfc822, FeedDateTest,
    ::testing::Values(DateCase{"Mon, 02 Jan 2006 15:04:05 -0700", kRef + 7 * 3600},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 +0000", kRef},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 GMT", kRef},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 UT", kRef},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 UTC", kRef},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 Z", kRef},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 EST", kRef + 5 * 3600},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 EDT", kRef + 4 * 3600},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 CST", kRef + 6 * 3600},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 CDT", kRef + 5 * 3600},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 MST", kRef + 7 * 3600},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 MDT", kRef + 6 * 3600},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 PST", kRef + 8 * 3600},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 PDT", kRef + 7 * 3600},
                      // RFC 822 military zones, with RFC 822's signs: A is -1, N is +1.
                      DateCase{"Mon, 02 Jan 2006 15:04:05 A", kRef + 3600},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 N", kRef - 3600},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 Y", kRef - 12 * 3600},
                      DateCase{"02 Jan 2006 15:04:05 +0000", kRef},
                      DateCase{"Mon, 2 Jan 2006 15:04 +0000", kRef - 5},
                      DateCase{"Mon, 02 Jan 06 15:04:05 GMT", kRef},
                      DateCase{"Sat, 01 Jan 00 00:00:00 GMT", 946684800},
                      DateCase{"Fri, 31 Dec 99 23:59:59 GMT", 946684799},
                      DateCase{"Monday, 02-Jan-06 15:04:05 GMT", kRef},
                      DateCase{"Mon Jan  2 15:04:05 MST 2006", kRef + 7 * 3600},
                      DateCase{"Mon Jan 2 15:04:05 2006", kRef},
                      DateCase{"Mon, 02 January 2006 15:04:05 +07:00", kRef - 7 * 3600},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 +0530", kRef - 5 * 3600 - 1800},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 GMT+0700", kRef - 7 * 3600},
                      DateCase{"Mon, 02 Jan 2006 15:04:05 -0700 (MST)", kRef + 7 * 3600},
                      DateCase{"mon, 02 jan 2006 15:04:05 gmt", kRef},
                      DateCase{"  Mon, 02 Jan 2006 15:04:05 GMT\n", kRef},
                      DateCase{"January 2, 2006 3:04 PM", kRef - 5},
                      DateCase{"02 Jan 2006", kRef - 15 * 3600 - 245},
                      DateCase{"Wed, 29 Feb 2006 10:00:00 GMT", kRejected},
                      DateCase{"Mon, 02 Foo 2006 15:04:05 GMT", kRejected},
                      DateCase{"Mon, 02 Jan 2006 25:04:05 GMT", kRejected},
                      // Found by the web parse fuzzer: a long run of digits in the clock.
                      DateCase{"Mon, 02 Jan 2006 2222222222222:04:05 GMT", kRejected},
                      DateCase{"yesterday", kRejected}, DateCase{"", kRejected}));

INSTANTIATE_TEST_SUITE_P(
    Iso8601, FeedDateTest,
    ::testing::Values(
        DateCase{"2006-01-02T15:04:05Z", kRef}, DateCase{"2006-01-02t15:04:05z", kRef},
        DateCase{"2006-01-02T15:04:05+07:00", kRef - 7 * 3600},
        DateCase{"2006-01-02T15:04:05-0700", kRef + 7 * 3600},
        DateCase{"2006-01-02T15:04:05+07", kRef - 7 * 3600},
        DateCase{"2006-01-02T15:04:05.999999999Z", kRef},
        DateCase{"2006-01-02T15:04:05.52+00:00", kRef}, DateCase{"2006-01-02 15:04:05", kRef},
        DateCase{"2006-01-02 15:04:05 UTC", kRef}, DateCase{"2006-01-02T15:04Z", kRef - 5},
        DateCase{"2006-01-02T15:04:05", kRef}, DateCase{"20060102T150405Z", kRef},
        DateCase{"2006-01-02", kRef - 15 * 3600 - 245}, DateCase{"2006-01", 1136073600},
        DateCase{"2006", 1136073600}, DateCase{"2024-02-29T00:00:00Z", 1709164800},
        DateCase{"1969-12-31T23:59:59Z", -1}, DateCase{"2006-13-02T15:04:05Z", kRejected},
        DateCase{"2006-02-30", kRejected}, DateCase{"2006-01-02T15:04:05+25:00", kRejected}));

TEST(FeedDateTest, SpecificParsersRejectTheOtherFamily) {
  EXPECT_FALSE(ParseIso8601Date("Mon, 02 Jan 2006 15:04:05 GMT").has_value());
  EXPECT_EQ(ParseRfc822Date("Mon, 02 Jan 2006 15:04:05 GMT"), kRef);
  EXPECT_EQ(ParseIso8601Date("2006-01-02T15:04:05Z"), kRef);
}

}  // namespace
}  // namespace postwatch::plugin
