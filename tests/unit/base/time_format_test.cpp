#include "base/time_format.h"

#include <gtest/gtest.h>

namespace postwatch {
namespace {

TEST(TimeFormatTest, ParsesRfc3339Variants) {
  struct Case {
    const char* text;
    std::optional<int64_t> want;
  };
  const Case cases[] = {
      {"1970-01-01T00:00:00Z", 0},
      {"2024-02-12T12:45:08+0000", 1707741908},
      {"2024-02-12T12:45:08+00:00", 1707741908},
      {"2024-02-12T14:45:08+02:00", 1707741908},
      {"2024-02-12T12:45:08.123Z", 1707741908},
      {"2024-02-12 12:45:08Z", 1707741908},
      {"2024-02-12", 1707696000},
      {"2024-13-12T12:45:08Z", std::nullopt},
      {"yesterday", std::nullopt},
      {"2024-02-12T12:45:08Zjunk", std::nullopt},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ParseRfc3339(c.text), c.want) << c.text;
  }
}

TEST(TimeFormatTest, FormatsUtc) {
  EXPECT_EQ(FormatRfc3339(1707741908), "2024-02-12T12:45:08Z");
  EXPECT_EQ(ParseRfc3339(FormatRfc3339(1234567890)), 1234567890);
}

}  // namespace
}  // namespace postwatch
