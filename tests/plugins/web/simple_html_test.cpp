// The scanner for simple feed-entry HTML must read what libxml2's parser reads, and hand
// everything else to the parser.
#include "support/simple_html.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>

#include <string>
#include <vector>

#include "support/html_links.h"

namespace postwatch::plugin {
namespace {

// A leading comment is outside the scanner's subset and changes nothing in libxml2's reading,
// so it makes ReadHtmlContent parse the fragment with libxml2.
HtmlContent ParsedByLibxml2(const std::string& html, const std::string& base) {
  return ReadHtmlContent("<!---->" + html, base, true);
}

class SimpleHtmlTest : public ::testing::TestWithParam<const char*> {
 protected:
  static void SetUpTestSuite() { xmlInitParser(); }
};

TEST_P(SimpleHtmlTest, ReadsTheLinksAndTextLibxml2Reads) {
  const std::string html = GetParam();
  for (const std::string base : {"https://site.example/blog/post", "", "https://b.example/a b"}) {
    SCOPED_TRACE("base " + base);
    std::optional<HtmlContent> simple = ReadSimpleHtml(html, base, true);
    ASSERT_TRUE(simple.has_value()) << html;
    HtmlContent parsed = ParsedByLibxml2(html, base);
    EXPECT_EQ(simple->links, parsed.links) << html;
    EXPECT_EQ(simple->text, parsed.text) << html;
    std::optional<HtmlContent> links_only = ReadSimpleHtml(html, base, false);
    ASSERT_TRUE(links_only.has_value());
    EXPECT_EQ(links_only->links, parsed.links) << html;
    EXPECT_EQ(links_only->text, "");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fragments, SimpleHtmlTest,
    ::testing::Values(
        // What blog software and the simulator write.
        R"(<p>Market prices &amp; weather #19 from Account 3.</p><p>See <a href="https://x.example/a?b=1&amp;c=2">the notice</a>.</p><p>Notes &lt;draft&gt; and &quot;quotes&quot; and more.</p>)",
        R"(<p>See <a href="https://u.example/p">https://u.example/p</a>.</p>)",
        "<p>Text https://t.example/a, <b>bold https://b.example/</b> and www.w.example.</p>",
        "Plain text with https://plain.example/x and www.www.example/y.",
        "Market prices & weather #19", "a &1 b && c &; d", "",
        "<p>One</p>\n<p>Two<br>three<br/>four<br />five</p>",
        R"(<p class="lead" id="p1">Read <a href="/rel/path" rel="nofollow noopener">more</a></p>)",
        R"(<a href="  https://spaced.example/a  ">s</a><a href="#top">t</a><a href="">e</a>)",
        R"html(<a href="mailto:a@b.example">m</a><a href="javascript:x()">j</a><a>none</a>)html",
        R"(<a href="//cdn.example/x">c</a><a href="../up">u</a><a href="?q=1">q</a>)",
        R"(<a href="https://l.example/caf&#233;">&#233;</a> &#x27;q&#x27; &nbsp;&#160;)",
        R"(<a href="https://a.example/x"><b>bold</b> https://inside.example/</a> after)",
        "<span><em><strong><code>deep https://deep.example/</code></strong></em></span>",
        "Text first<p>then a paragraph</p>and text after https://after.example/",
        "B\xC3\xA0i vi\xE1\xBA\xBFt https://tin.example.vn/b\xC3\xA0i\xC2\xA0xem \xF0\x9F\x98\x80",
        "line\r\nbreaks\thttps://crlf.example/a\r\nnext"));

struct DeclinedCase {
  const char* html;
  const char* why;
};

class SimpleHtmlDeclinesTest : public ::testing::TestWithParam<DeclinedCase> {
 protected:
  static void SetUpTestSuite() { xmlInitParser(); }
};

TEST_P(SimpleHtmlDeclinesTest, LeavesOtherMarkupToTheParser) {
  const DeclinedCase& c = GetParam();
  EXPECT_FALSE(ReadSimpleHtml(c.html, "https://site.example/", true).has_value()) << c.why;
  // And ReadHtmlContent still reads it, through libxml2.
  HtmlContent content = ReadHtmlContent(c.html, "https://site.example/", true);
  HtmlContent parsed = ParsedByLibxml2(c.html, "https://site.example/");
  EXPECT_EQ(content.links, parsed.links) << c.why;
  EXPECT_EQ(content.text, parsed.text) << c.why;
}

INSTANTIATE_TEST_SUITE_P(
    Fragments, SimpleHtmlDeclinesTest,
    ::testing::Values(
        DeclinedCase{R"(<base href="https://other.example/"><a href="x">x</a>)", "base element"},
        DeclinedCase{R"(<script>var u = "https://s.example/";</script>)", "script"},
        DeclinedCase{"<div>block</div>", "element outside the subset"},
        DeclinedCase{"<P>upper case</P>", "upper-case tag"},
        DeclinedCase{R"(<a HREF="https://u.example/">u</a>)", "upper-case attribute"},
        DeclinedCase{"<a href='https://q.example/'>q</a>", "single-quoted value"},
        DeclinedCase{R"(<a href="https://a.example/" href="https://b.example/">d</a>)",
                     "second href"},
        DeclinedCase{"<b><p>x</p></b>", "p inside another element"},
        DeclinedCase{R"(<a href="https://a.example/"><a href="https://b.example/">)", "a in a"},
        DeclinedCase{"<b>unclosed", "element left open"},
        DeclinedCase{"<b><i>x</b></i>", "misnested end tags"},
        DeclinedCase{"<p/>", "self-closing p"}, DeclinedCase{"x</br>y", "</br>"},
        DeclinedCase{"a <!-- c --> b", "comment"}, DeclinedCase{"1 < 2", "bare <"},
        DeclinedCase{"caf&eacute;", "entity outside the subset"},
        DeclinedCase{"&amp no semicolon", "reference without ';'"},
        DeclinedCase{"&#0; &#128;", "numeric reference to a control"},
        DeclinedCase{"&apos;", "&apos;"},
        DeclinedCase{"ctl \x01 https://c.example/", "control character"},
        DeclinedCase{"bad \xC3 utf-8", "invalid UTF-8"}, DeclinedCase{"bom \xEF\xBB\xBF", "U+FEFF"},
        DeclinedCase{"\xEF\xBF\xBE", "U+FFFE"},
        DeclinedCase{"<a href=\"https://n.example/\nx\">n</a>", "newline in href"}));

}  // namespace
}  // namespace postwatch::plugin
