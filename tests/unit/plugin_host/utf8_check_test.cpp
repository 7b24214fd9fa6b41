// What the host accepts as UTF-8 from plugins, and how it repairs post text.
#include "plugin_host/utf8_check.h"

#include <gtest/gtest.h>

#include <string>

namespace postwatch {
namespace {

TEST(Utf8CheckTest, ValidityFollowsTheUnicodeRules) {
  struct Case {
    std::string text;
    bool valid;
  };
  const Case cases[] = {
      {"", true},
      {"plain ascii", true},
      {"Vi\xe1\xbb\x87t Nam", true},    // U+1EC7
      {"\xf0\x9f\x93\xb0 news", true},  // U+1F4F0
      {"\xff", false},                  // never valid
      {"\xc3", false},                  // truncated
      {"\xc0\xaf", false},              // overlong '/'
      {"\xed\xa0\x80", false},          // surrogate
      {"\xf4\x90\x80\x80", false},      // past U+10FFFF
      {"ok\xc3\x28", false},            // bad continuation
      {std::string("nul\0inside", 10), true},
  };
  for (const Case& c : cases) EXPECT_EQ(IsValidUtf8(c.text), c.valid) << c.text;
}

TEST(Utf8CheckTest, TokensRefuseControlCharacters) {
  EXPECT_TRUE(IsCleanUtf8Token("post-123"));
  EXPECT_TRUE(IsCleanUtf8Token("https://example.org/\xc3\xa9"));
  EXPECT_FALSE(IsCleanUtf8Token("id\nnext"));
  EXPECT_FALSE(IsCleanUtf8Token(std::string("id\0x", 4)));
  EXPECT_FALSE(IsCleanUtf8Token("del\x7f"));
  EXPECT_FALSE(IsCleanUtf8Token("bad\xff"));
}

TEST(Utf8CheckTest, RepairReplacesEachBadByteAndKeepsTheRest) {
  EXPECT_EQ(RepairUtf8("fine \xc3\xa9"), "fine \xc3\xa9");
  EXPECT_EQ(RepairUtf8("a\xffz"), "a\xef\xbf\xbdz");
  EXPECT_EQ(RepairUtf8("cut \xe1\xbb"), "cut \xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_TRUE(IsValidUtf8(RepairUtf8("\xc0\xaf\xed\xa0\x80\xf8")));
}

}  // namespace
}  // namespace postwatch
