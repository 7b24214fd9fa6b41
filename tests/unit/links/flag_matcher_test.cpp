#include "links/flag_matcher.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "links/url_normalizer.h"

namespace postwatch {
namespace {

std::shared_ptr<const FlagMatcher> MatcherOf(
    std::vector<std::pair<std::string, std::string>> name_and_text) {
  std::vector<std::shared_ptr<const FlagList>> lists;
  for (auto& [name, text] : name_and_text) {
    lists.push_back(
        std::make_shared<const FlagList>(FlagList::Parse(name, name + ".txt", text, 0)));
  }
  return FlagMatcher::Build(FlagLists::FromLists(std::move(lists)));
}

// "list:rule" for each hit on the normalised form of `raw`.
std::vector<std::string> Hits(const FlagMatcher& matcher, const std::string& raw) {
  auto url = NormalizeUrl(raw);
  EXPECT_TRUE(url.ok()) << raw;
  std::vector<FlagHit> hits;
  matcher.Match(*url, hits);
  std::vector<std::string> out;
  for (const FlagHit& hit : hits) {
    EXPECT_EQ(hit.matched_url, *url);
    out.push_back(hit.list + ":" + hit.rule);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(FlagMatcherTest, DomainEntryMatchesTheDomainAndItsSubdomains) {
  const auto matcher = MatcherOf({{"scam", "flagged-one.example\n"}});
  EXPECT_EQ(Hits(*matcher, "http://flagged-one.example/"), V{"scam:flagged-one.example"});
  EXPECT_EQ(Hits(*matcher, "https://www.flagged-one.example/a?b=1"), V{"scam:flagged-one.example"});
  EXPECT_EQ(Hits(*matcher, "https://a.b.c.flagged-one.example:8443/"),
            V{"scam:flagged-one.example"});
  EXPECT_EQ(Hits(*matcher, "https://FLAGGED-ONE.example./"), V{"scam:flagged-one.example"});
}

TEST(FlagMatcherTest, DomainEntryDoesNotMatchLookalikes) {
  const auto matcher = MatcherOf({{"scam", "flagged-one.example\n"}});
  const char* lookalikes[] = {
      "http://notflagged-one.example/",        "http://flagged-one.example.evil.test/",
      "http://flagged-one.examples/",          "http://example/",
      "http://evil.test/flagged-one.example",  "http://evil.test/?u=flagged-one.example",
      "http://flagged-one.example@evil.test/",
  };
  for (const char* url : lookalikes) EXPECT_EQ(Hits(*matcher, url), V{}) << url;
}

TEST(FlagMatcherTest, IdnDomainEntryMatchesUnicodeAndPunycodeLinks) {
  const auto matcher = MatcherOf({{"idn", "bücher.example\n"}});
  EXPECT_EQ(Hits(*matcher, "http://shop.bücher.example/"), V{"idn:xn--bcher-kva.example"});
  EXPECT_EQ(Hits(*matcher, "http://xn--bcher-kva.example/"), V{"idn:xn--bcher-kva.example"});
}

TEST(FlagMatcherTest, IpEntryMatchesOnlyThatAddress) {
  const auto matcher = MatcherOf({{"ips", "0.0.0.0 203.0.113.5\n"}});
  EXPECT_EQ(Hits(*matcher, "http://203.0.113.5/x"), V{"ips:203.0.113.5"});
  EXPECT_EQ(Hits(*matcher, "http://0xcb.0.113.5/x"), V{"ips:203.0.113.5"});
  EXPECT_EQ(Hits(*matcher, "http://1.203.0.113.5.example/"), V{});
}

TEST(FlagMatcherTest, UrlPrefixMatchesAtPathBoundaries) {
  const auto matcher = MatcherOf({{"news", "https://news.example/fake\nnews.example/op/\n"}});
  EXPECT_EQ(Hits(*matcher, "https://news.example/fake"), V{"news:https://news.example/fake"});
  EXPECT_EQ(Hits(*matcher, "http://news.example/fake/2024/story"),
            V{"news:https://news.example/fake"});
  EXPECT_EQ(Hits(*matcher, "https://news.example/fake?id=3"), V{"news:https://news.example/fake"});
  EXPECT_EQ(Hits(*matcher, "https://news.example/op/ed"), V{"news:http://news.example/op/"});
  EXPECT_EQ(Hits(*matcher, "https://news.example/fakes"), V{});
  EXPECT_EQ(Hits(*matcher, "https://news.example/real"), V{});
  EXPECT_EQ(Hits(*matcher, "https://www.news.example/fake"), V{});
  EXPECT_EQ(Hits(*matcher, "https://news.example:8443/fake"), V{});
}

TEST(FlagMatcherTest, NestedPrefixesAllMatch) {
  const auto matcher = MatcherOf({{"n",
                                   "x.example/a/\nx.example/a/b/\nx.example/a/bc\n"
                                   "x.example/a/b/c/d\n"}});
  EXPECT_EQ(Hits(*matcher, "http://x.example/a/b/c/e"),
            (V{"n:http://x.example/a/b/", "n:http://x.example/a/"}));
}

TEST(FlagMatcherTest, ExactUrlMatchesOnlyThatUrl) {
  const auto matcher = MatcherOf({{"exact", "https://news.example/a?id=1,url\n"}});
  EXPECT_EQ(Hits(*matcher, "https://news.example/a?id=1&utm_source=x#top"),
            V{"exact:https://news.example/a?id=1"});
  EXPECT_EQ(Hits(*matcher, "https://news.example/a?id=12"), V{});
  EXPECT_EQ(Hits(*matcher, "https://news.example/a?id=1&p=2"), V{});
  EXPECT_EQ(Hits(*matcher, "https://news.example/a"), V{});
}

TEST(FlagMatcherTest, EveryListThatHoldsAnEntryReportsIt) {
  const auto matcher = MatcherOf(
      {{"one", "bad.example\nbad.example\n"}, {"two", "www.bad.example\nbad.example/x,prefix\n"}});
  EXPECT_EQ(Hits(*matcher, "http://www.bad.example/x"),
            (V{"two:www.bad.example", "one:bad.example"}));
  EXPECT_EQ(Hits(*matcher, "http://bad.example/x/y"),
            (V{"one:bad.example", "two:http://bad.example/x"}));
}

TEST(FlagMatcherTest, LargeListsMatchEveryEntryAndNothingElse) {
  // Enough entries that hash tags collide: each hit must still be confirmed on the text.
  std::string domains;
  std::string prefixes;
  for (int i = 0; i < 20000; ++i) {
    domains += "site" + std::to_string(i) + ".example\n";
    prefixes += "news" + std::to_string(i % 50) + ".example/s" + std::to_string(i) + "/,prefix\n";
  }
  const auto matcher = MatcherOf({{"domains", domains}, {"prefixes", prefixes}});
  EXPECT_EQ(matcher->domain_entries(), 20000u);
  EXPECT_EQ(matcher->url_entries(), 20000u);
  for (int i = 0; i < 20000; i += 997) {
    const std::string n = std::to_string(i);
    EXPECT_EQ(Hits(*matcher, "https://www.site" + n + ".example/a"),
              V{"domains:site" + n + ".example"});
    EXPECT_EQ(Hits(*matcher, "https://site" + n + "0000.example/"), V{});
    const std::string host = "news" + std::to_string(i % 50) + ".example";
    EXPECT_EQ(Hits(*matcher, "https://" + host + "/s" + n + "/story"),
              V{"prefixes:http://" + host + "/s" + n + "/"});
    EXPECT_EQ(Hits(*matcher, "https://" + host + "/s" + n + "9/story"), V{});
  }
}

TEST(FlagMatcherTest, EmptyListsAndBadInputMatchNothing) {
  const auto empty = MatcherOf({});
  EXPECT_EQ(Hits(*empty, "http://bad.example/"), V{});
  const auto matcher = MatcherOf({{"one", "bad.example\n"}});
  std::vector<FlagHit> hits;
  matcher->Match("", hits);
  matcher->Match("bad.example", hits);
  matcher->Match("http://", hits);
  EXPECT_TRUE(hits.empty());
  EXPECT_EQ(matcher->domain_entries(), 1u);
}

}  // namespace
}  // namespace postwatch
