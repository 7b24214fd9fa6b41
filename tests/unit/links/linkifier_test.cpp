#include "links/linkifier.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace postwatch {
namespace {

std::vector<std::string> Texts(std::string_view text) {
  std::vector<std::string> out;
  for (const FoundLink& link : FindLinks(text)) out.push_back(link.text);
  return out;
}

using V = std::vector<std::string>;

TEST(LinkifierTest, FindsLinksAsPeopleWriteThem) {
  const struct {
    const char* text;
    V links;
  } cases[] = {
      {"see https://example.com/a?b=1 now", {"https://example.com/a?b=1"}},
      {"HTTP://EXAMPLE.COM", {"HTTP://EXAMPLE.COM"}},
      {"go to example.com/path.", {"example.com/path"}},
      {"www.example.co.uk, and more", {"www.example.co.uk"}},
      {"Visit bücher.de!", {"bücher.de"}},
      {"(see http://en.wikipedia.org/wiki/Primer_(film))",
       {"http://en.wikipedia.org/wiki/Primer_(film)"}},
      {"[example.com/x]", {"example.com/x"}},
      {"“https://example.com/q”", {"https://example.com/q"}},
      {"two: a.com and http://b.org/x", {"a.com", "http://b.org/x"}},
      {"http://localhost:8080/x", {"http://localhost:8080/x"}},
      {"example.com:8080/x", {"example.com:8080/x"}},
      {"tiếng Việt: https://vi.wikipedia.org/wiki/Việt_Nam.",
       {"https://vi.wikipedia.org/wiki/Việt_Nam"}},
  };
  for (const auto& c : cases) EXPECT_EQ(Texts(c.text), c.links) << c.text;
}

TEST(LinkifierTest, IgnoresWhatIsNotALink) {
  const char* cases[] = {
      "user@example.com", "node.js and io.js", "example.invalid/x",
      "localhost/x",      "foo.123",           "_example.com",
      "http://",          "http://-bad.com",   "version 1.2.3 is out",
      "file.txt",         "\xFF\xFE garbage",  "ftp://example.com",
  };
  for (const char* text : cases) EXPECT_EQ(Texts(text), V{}) << text;
}

TEST(LinkifierTest, SchemeLessLinksGetHttp) {
  const auto links = FindLinks("read example.com/a or https://example.org");
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].Url(), "http://example.com/a");
  EXPECT_EQ(links[0].begin, 5u);
  EXPECT_EQ(links[0].end, 18u);
  EXPECT_EQ(links[1].Url(), "https://example.org");
}

TEST(LinkifierTest, HtmlTextKeepsElementsApartAndDecodesReferences) {
  const std::string text = HtmlToText(
      "<p>one.example</p><p>two.example/a?x=1&amp;y=2</p><script>var u='three.example';"
      "</script><b>&#x66;our.example</b>");
  EXPECT_EQ(Texts(text), (V{"one.example", "two.example/a?x=1&y=2", "four.example"}));
}

}  // namespace
}  // namespace postwatch
