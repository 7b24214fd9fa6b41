#include "config/spelling.h"

#include <gtest/gtest.h>

namespace postwatch {
namespace {

TEST(SpellingTest, EditDistanceCountsEachKindOfEditAsOne) {
  struct Case {
    const char* a;
    const char* b;
    size_t distance;
  };
  for (const Case& c : {Case{"", "", 0}, Case{"abc", "abc", 0}, Case{"", "abc", 3},
                        Case{"timeout_ms", "timeuot_ms", 1}, Case{"interval_s", "intervl_s", 1},
                        Case{"kitten", "sitting", 3}, Case{"ab", "ba", 1}}) {
    EXPECT_EQ(EditDistance(c.a, c.b), c.distance) << c.a << " / " << c.b;
    EXPECT_EQ(EditDistance(c.b, c.a), c.distance) << c.b << " / " << c.a;
  }
}

TEST(SpellingTest, ClosestMatchSuggestsOnlyLikelyMisspellings) {
  std::vector<std::string> keys = {"timeout_ms", "connect_timeout_ms", "max_redirects", "proxy"};
  EXPECT_EQ(ClosestMatch("timeuot_ms", keys), "timeout_ms");
  EXPECT_EQ(ClosestMatch("Timeout_MS", keys), "timeout_ms");
  EXPECT_EQ(ClosestMatch("max_redirect", keys), "max_redirects");
  EXPECT_EQ(ClosestMatch("proxi", keys), "proxy");
  EXPECT_EQ(ClosestMatch("user_agent", keys), std::nullopt);
  EXPECT_EQ(ClosestMatch("px", keys), std::nullopt);
  EXPECT_EQ(ClosestMatch("warn", {"error", "warning", "notice"}), "warning");
  EXPECT_EQ(ClosestMatch("timeout", keys), "timeout_ms");
}

}  // namespace
}  // namespace postwatch
