// The in-memory LRU of expansions in front of the shortener_cache table.
#include "shorteners/expansion_lru.h"

#include <gtest/gtest.h>

namespace postwatch {
namespace {

ShortenerExpansion Expansion(const std::string& url, const std::string& hop) {
  ShortenerExpansion expansion;
  expansion.short_url = url;
  expansion.hops = {hop};
  expansion.ok = true;
  return expansion;
}

TEST(ExpansionLruTest, TheLeastRecentlyUsedEntryIsForgottenFirst) {
  ExpansionLru lru(2);
  lru.Put(Expansion("https://bit.ly/a", "https://a.example/"));
  lru.Put(Expansion("https://bit.ly/b", "https://b.example/"));
  ASSERT_TRUE(lru.Get("https://bit.ly/a").has_value());  // a is now the most recent
  lru.Put(Expansion("https://bit.ly/c", "https://c.example/"));
  EXPECT_TRUE(lru.Get("https://bit.ly/a").has_value());
  EXPECT_FALSE(lru.Get("https://bit.ly/b").has_value());
  EXPECT_TRUE(lru.Get("https://bit.ly/c").has_value());
  EXPECT_EQ(lru.size(), 2u);
}

TEST(ExpansionLruTest, PuttingAKnownUrlReplacesItsEntry) {
  ExpansionLru lru(2);
  lru.Put(Expansion("https://bit.ly/a", "https://old.example/"));
  lru.Put(Expansion("https://bit.ly/a", "https://new.example/"));
  EXPECT_EQ(lru.size(), 1u);
  EXPECT_EQ(lru.Get("https://bit.ly/a")->hops, std::vector<std::string>{"https://new.example/"});
}

}  // namespace
}  // namespace postwatch
