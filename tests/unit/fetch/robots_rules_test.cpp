// RobotsRules against RFC 9309: its examples (sections 2.2.2, 2.2.3, 5.1, 5.2), the
// longest-match and tie rules, wildcards, user-agent group selection and the size cap.
#include "fetch/robots_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace postwatch {
namespace {

struct Case {
  std::string_view name;
  std::string_view robots;
  std::string_view agent;
  std::string_view path;
  bool allowed;
};

// RFC 9309 section 5.1.
constexpr std::string_view kRfcSimple =
    "User-Agent: *\n"
    "Disallow: *.gif$\n"
    "Disallow: /example/\n"
    "Allow: /publications/\n"
    "\n"
    "User-Agent: foobot\n"
    "Disallow:/\n"
    "Allow:/example/page.html\n"
    "Allow:/example/allowed.gif\n"
    "\n"
    "User-Agent: barbot\n"
    "User-Agent: bazbot\n"
    "Disallow: /example/page.html\n"
    "\n"
    "User-Agent: quxbot\n"
    "\n"
    "EOF\n";

// RFC 9309 section 5.2.
constexpr std::string_view kRfcLongest =
    "User-Agent: foobot\n"
    "Allow: /example/page/\n"
    "Disallow: /example/page/disallowed.gif\n";

// RFC 9309 section 2.2.3.
constexpr std::string_view kRfcSpecial =
    "User-Agent: foobot\n"
    "Disallow: /path/file-with-a-*.html\n"
    "Disallow: /path/foo-$\n";

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      // Section 5.1: each agent obeys its own group only.
      {"star group disallows gif", kRfcSimple, "postwatch", "/images/a.gif", false},
      {"star group gif anchor", kRfcSimple, "postwatch", "/images/a.gif?x", true},
      {"star group disallows example", kRfcSimple, "postwatch", "/example/x", false},
      {"star group allows publications", kRfcSimple, "postwatch", "/publications/x", true},
      {"star group allows the rest", kRfcSimple, "postwatch", "/other", true},
      {"foobot allowed page", kRfcSimple, "foobot", "/example/page.html", true},
      {"foobot allowed gif", kRfcSimple, "foobot", "/example/allowed.gif", true},
      {"foobot root disallowed", kRfcSimple, "foobot", "/", false},
      {"foobot other disallowed", kRfcSimple, "foobot", "/publications/x", false},
      {"barbot group", kRfcSimple, "barbot", "/example/page.html", false},
      {"bazbot shares barbot group", kRfcSimple, "bazbot", "/example/page.html", false},
      {"bazbot ignores star group", kRfcSimple, "bazbot", "/a.gif", true},
      {"empty quxbot group allows all", kRfcSimple, "quxbot", "/example/x", true},
      // Section 5.2: the longest match wins.
      {"longest allow", kRfcLongest, "foobot", "/example/page/", true},
      {"longest disallow", kRfcLongest, "foobot", "/example/page/disallowed.gif", false},
      // Section 2.2.3: "*" and "$".
      {"wildcard in middle", kRfcSpecial, "foobot", "/path/file-with-a-wildcard.html", false},
      {"wildcard needs suffix", kRfcSpecial, "foobot", "/path/file-with-a-wildcard.htm", true},
      {"anchor exact", kRfcSpecial, "foobot", "/path/foo-", false},
      {"anchor rejects longer", kRfcSpecial, "foobot", "/path/foo-bar", true},
      // Prefix matching, and "/fish*" equals "/fish".
      {"prefix", "User-agent: *\nDisallow: /fish\n", "postwatch", "/fish.php?id=1", false},
      {"prefix case sensitive", "User-agent: *\nDisallow: /fish\n", "postwatch", "/Fish.asp", true},
      {"prefix not infix", "User-agent: *\nDisallow: /fish\n", "postwatch", "/catfish", true},
      {"query is matched", "User-agent: *\nDisallow: /fish\n", "postwatch", "/?id=fish", true},
      {"trailing star", "User-agent: *\nDisallow: /fish*\n", "postwatch", "/fishheads/a", false},
      {"directory", "User-agent: *\nDisallow: /fish/\n", "postwatch", "/fish", true},
      {"php anywhere", "User-agent: *\nDisallow: /*.php\n", "postwatch", "/a/any.php.file", false},
      {"php anchored", "User-agent: *\nDisallow: /*.php$\n", "postwatch", "/f/name.php", false},
      {"php anchored query", "User-agent: *\nDisallow: /*.php$\n", "postwatch", "/f.php?p", true},
      {"php anchored suffix", "User-agent: *\nDisallow: /*.php$\n", "postwatch", "/f.php5", true},
      {"php case", "User-agent: *\nDisallow: /*.php$\n", "postwatch", "/windows.PHP", true},
      {"root only", "User-agent: *\nDisallow: /\nAllow: /$\n", "postwatch", "/", true},
      {"root only page", "User-agent: *\nDisallow: /\nAllow: /$\n", "postwatch", "/page", false},
      {"two stars", "User-agent: *\nDisallow: /a*b*c\n", "postwatch", "/axxbyyc/z", false},
      {"two stars miss", "User-agent: *\nDisallow: /a*b*c\n", "postwatch", "/axxcyyb", true},
      // Precedence.
      {"longer allow", "User-agent: *\nAllow: /p\nDisallow: /\n", "postwatch", "/page", true},
      {"tie goes to allow", "User-agent: *\nDisallow: /folder\nAllow: /folder\n", "postwatch",
       "/folder/page", true},
      {"longer disallow", "User-agent: *\nAllow: /page\nDisallow: /*.htm\n", "postwatch",
       "/page.htm", false},
      {"equal length wildcard tie", "User-agent: *\nAllow: /page\nDisallow: /*.ph\n", "postwatch",
       "/page.php", true},
      // Section 2.2.2: percent-encoding.
      {"plain query", "User-agent: *\nDisallow: /foo/bar?baz=quz\n", "postwatch",
       "/foo/bar?baz=quz", false},
      {"encoded reserved in path", "User-agent: *\nDisallow: /foo/bar?baz=https://foo.bar\n",
       "postwatch", "/foo/bar?baz=https%3A%2F%2Ffoo.bar", false},
      {"utf8 rule", "User-agent: *\nDisallow: /foo/bar/\xE3\x83\x84\n", "postwatch",
       "/foo/bar/%E3%83%84", false},
      {"escaped rule", "User-agent: *\nDisallow: /foo/bar/%E3%83%84\n", "postwatch",
       "/foo/bar/%e3%83%84", false},
      {"encoded unreserved", "User-agent: *\nDisallow: /foo/bar/%62%61%7A\n", "postwatch",
       "/foo/bar/baz", false},
      {"encoded path", "User-agent: *\nDisallow: /foo/bar/baz\n", "postwatch", "/foo/bar/%62%61%7a",
       false},
      {"escaped star is literal", "User-agent: *\nDisallow: /a%2Ab\n", "postwatch", "/axxb", true},
      {"escaped star matches star", "User-agent: *\nDisallow: /a%2Ab\n", "postwatch", "/a*b",
       false},
      // Empty and odd rules.
      {"empty disallow allows all", "User-agent: *\nDisallow:\n", "postwatch", "/x", true},
      {"no robots", "", "postwatch", "/x", true},
      {"robots.txt always allowed", "User-agent: *\nDisallow: /\n", "postwatch", "/robots.txt",
       true},
      {"rule without slash", "User-agent: *\nDisallow: private\n", "postwatch", "/private/x",
       false},
      {"rule before any agent ignored", "Disallow: /\nUser-agent: *\nAllow: /x\n", "postwatch",
       "/y", true},
      // User-agent selection.
      {"our group beats star", "User-agent: *\nDisallow: /\n\nUser-agent: postwatch\nAllow: /\n",
       "postwatch", "/x", true},
      {"our empty group beats star",
       "User-agent: postwatch\nAllow:\n\nUser-agent: *\nDisallow: /\n", "postwatch", "/x", true},
      // A blank line does not end a group (RFC 9309 section 2.2 grammar): both agents share it.
      {"blank line keeps the group", "User-agent: postwatch\n\nUser-agent: *\nDisallow: /\n",
       "postwatch", "/x", false},
      {"agent match ignores case", "User-agent: PostWatch\nDisallow: /\n", "postwatch", "/x",
       false},
      {"agent with version", "User-agent: postwatch/1.0\nDisallow: /\n", "postwatch", "/x", false},
      {"longer token is another agent", "User-agent: postwatchbot\nDisallow: /\n", "postwatch",
       "/x", true},
      {"no matching group allows all", "User-agent: otherbot\nDisallow: /\n", "postwatch", "/x",
       true},
      {"same agent groups merge",
       "User-agent: postwatch\nDisallow: /a\n\nUser-agent: other\nDisallow: /\n\n"
       "User-agent: postwatch\nDisallow: /b\n",
       "postwatch", "/b/c", false},
      {"agent lines accumulate", "User-agent: other\nUser-agent: postwatch\nDisallow: /a\n",
       "postwatch", "/a", false},
      {"agent after rule starts group",
       "User-agent: postwatch\nDisallow: /a\nUser-agent: o\n"
       "Disallow: /b\n",
       "postwatch", "/b", true},
      // Syntax.
      {"keys ignore case", "USER-AGENT: *\nDISALLOW: /x\n", "postwatch", "/x", false},
      {"comments", "User-agent: * # all\nDisallow: /x # no\n", "postwatch", "/x", false},
      {"crlf", "User-agent: *\r\nDisallow: /x\r\n", "postwatch", "/x", false},
      {"cr only", "User-agent: *\rDisallow: /x\r", "postwatch", "/x", false},
      {"bom", "\xEF\xBB\xBFUser-agent: *\nDisallow: /x\n", "postwatch", "/x", false},
      {"sitemap ignored", "User-agent: *\nSitemap: /s.xml\nDisallow: /x\n", "postwatch", "/x",
       false},
      {"misspelt disallow", "User-agent: *\nDissallow: /x\n", "postwatch", "/x", false},
  };
  return cases;
}

TEST(RobotsRulesTest, RfcAndEdgeCasesMatchTheTable) {
  for (const Case& c : Cases()) {
    RobotsRules rules = RobotsRules::Parse(c.robots, c.agent);
    EXPECT_EQ(rules.Allowed(c.path), c.allowed)
        << c.name << ": agent " << c.agent << ", path " << c.path;
  }
}

TEST(RobotsRulesTest, DisallowAllStillAllowsRobotsTxt) {
  RobotsRules rules = RobotsRules::DisallowAll();
  EXPECT_FALSE(rules.Allowed("/"));
  EXPECT_FALSE(rules.Allowed(""));
  EXPECT_FALSE(rules.Allowed("/a?b"));
  EXPECT_TRUE(rules.Allowed("/robots.txt"));
}

TEST(RobotsRulesTest, AllowAllAllowsEverything) {
  EXPECT_TRUE(RobotsRules::AllowAll().Allowed("/anything?at=all"));
}

TEST(RobotsRulesTest, RulesBeyondTheSizeCapAreIgnored) {
  std::string body = "User-agent: *\nDisallow: /early\n";
  while (body.size() < kMaxRobotsBytes) body += "# padding padding padding padding padding\n";
  body += "Disallow: /late\n";
  RobotsRules rules = RobotsRules::Parse(body);
  EXPECT_FALSE(rules.Allowed("/early"));
  EXPECT_TRUE(rules.Allowed("/late"));
}

TEST(RobotsRulesTest, LineCutByTheCapIsDropped) {
  std::string body = "User-agent: *\n";
  body += std::string(kMaxRobotsBytes - body.size() - 12, '#') + "\n";
  body += "Disallow: /private-area\n";  // straddles the cap: "Disallow: /" would block all
  ASSERT_GT(body.size(), kMaxRobotsBytes);
  RobotsRules rules = RobotsRules::Parse(body);
  EXPECT_EQ(rules.rule_count(), 0u);
  EXPECT_TRUE(rules.Allowed("/public"));
}

TEST(RobotsRulesTest, ManyWildcardsOnLongPathsStayCorrect) {
  std::string robots = "User-agent: *\nDisallow: /";
  for (int i = 0; i < 200; ++i) robots += "*a";
  robots += "$\n";
  RobotsRules rules = RobotsRules::Parse(robots);
  EXPECT_TRUE(rules.Allowed("/" + std::string(5000, 'a') + "b"));
  EXPECT_FALSE(rules.Allowed("/" + std::string(5000, 'a')));
}

}  // namespace
}  // namespace postwatch
