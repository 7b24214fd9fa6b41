#include "http_date.h"

#include <gtest/gtest.h>

namespace postwatch::sim {
namespace {

TEST(HttpDateTest, FormatsImfFixdateAndRfc822) {
  EXPECT_EQ(FormatHttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(FormatRfc822(784111777), "Sun, 06 Nov 1994 08:49:37 +0000");
  EXPECT_EQ(FormatHttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(HttpDateTest, ParsesWhatItFormats) {
  for (int64_t t : {int64_t{0}, int64_t{784111777}, int64_t{1700000000}, int64_t{1709251199}}) {
    EXPECT_EQ(ParseHttpDate(FormatHttpDate(t)), t);
  }
}

TEST(HttpDateTest, RejectsOtherForms) {
  for (const char* text : {"", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
                           "Sun, 06 Nov 1994 08:49:37 +0000", "Sun, 06 Foo 1994 08:49:37 GMT",
                           "Sun, 36 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT"}) {
    EXPECT_FALSE(ParseHttpDate(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace postwatch::sim
