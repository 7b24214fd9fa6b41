// Tables for the plugin support library's link helpers: HTML anchors, plain-text URLs, URL
// resolution and site comparison.
#include <gtest/gtest.h>
#include <libxml/parser.h>

#include <string>
#include <vector>

#include "support/html_links.h"
#include "support/text_urls.h"
#include "support/url_ref.h"

namespace postwatch::plugin {
namespace {

using Links = std::vector<std::string>;

struct HtmlCase {
  const char* html;
  const char* base;
  Links want;
};

class HtmlLinksTest : public ::testing::TestWithParam<HtmlCase> {
 protected:
  static void SetUpTestSuite() { xmlInitParser(); }
};

TEST_P(HtmlLinksTest, ExtractsResolvedHttpLinks) {
  const HtmlCase& c = GetParam();
  EXPECT_EQ(ExtractHtmlLinks(c.html, c.base), c.want) << c.html;
}

INSTANTIATE_TEST_SUITE_P(
    Fragments, HtmlLinksTest,
    ::testing::Values(
        HtmlCase{R"(<a href="https://a.example/x">x</a>)", "", {"https://a.example/x"}},
        HtmlCase{R"(<p><a href="/rel?q=1&amp;r=2">r</a></p>)",
                 "https://site.example/blog/post",
                 {"https://site.example/rel?q=1&r=2"}},
        HtmlCase{R"(<a href="img/p.png">p</a>)",
                 "https://site.example/blog/post",
                 {"https://site.example/blog/img/p.png"}},
        HtmlCase{R"(<a href="//cdn.example/x">p</a>)",
                 "https://site.example/",
                 {"https://cdn.example/x"}},
        HtmlCase{R"(<a href="relative">no base</a>)", "", {}},
        HtmlCase{R"html(<a href="mailto:a@b.example">m</a><a href="javascript:alert(1)">j</a>)html"
                 R"(<a href="#top">t</a><a href="">e</a><a>none</a><a href="tel:+1">t</a>)",
                 "https://site.example/",
                 {}},
        HtmlCase{
            R"(<a href="  https://spaced.example/a  ">s</a>)", "", {"https://spaced.example/a"}},
        HtmlCase{R"(<map><area href="https://area.example/" alt=""></map>)",
                 "",
                 {"https://area.example/"}},
        HtmlCase{R"(Text https://text.example/a, and <a href="https://x.example/">)"
                 R"(https://x.example/ shown</a>.)",
                 "",
                 {"https://x.example/", "https://text.example/a"}},
        HtmlCase{R"(<script>var u = "https://script.example/";</script><b>bold</b>)", "", {}},
        HtmlCase{R"(<p>unclosed <a href="https://u.example/1">one <a href="https://u.example/2">)",
                 "",
                 {"https://u.example/1", "https://u.example/2"}},
        HtmlCase{"", "https://site.example/", {}}));

// ReadHtmlContent gives in one parse what ExtractHtmlLinks and HtmlToText give in two.
struct ContentCase {
  const char* html;
  const char* base;
  Links links;
  const char* text;
};

class HtmlContentTest : public ::testing::TestWithParam<ContentCase> {
 protected:
  static void SetUpTestSuite() { xmlInitParser(); }
};

TEST_P(HtmlContentTest, OneParseGivesTheLinksAndTheTextOfTwo) {
  const ContentCase& c = GetParam();
  HtmlContent with_text = ReadHtmlContent(c.html, c.base, true);
  EXPECT_EQ(with_text.links, c.links) << c.html;
  EXPECT_EQ(with_text.text, c.text) << c.html;
  EXPECT_EQ(with_text.links, ExtractHtmlLinks(c.html, c.base)) << c.html;
  EXPECT_EQ(with_text.text, HtmlToText(c.html)) << c.html;
  HtmlContent links_only = ReadHtmlContent(c.html, c.base, false);
  EXPECT_EQ(links_only.links, c.links) << c.html;
  EXPECT_EQ(links_only.text, "") << c.html;
}

INSTANTIATE_TEST_SUITE_P(
    Fragments, HtmlContentTest,
    ::testing::Values(
        ContentCase{R"(<p>Read <a href="/a">the <b>story</b></a> at https://t.example/x.</p>)"
                    R"(<p>Then<br>more</p>)",
                    "https://site.example/blog/",
                    {"https://site.example/a", "https://t.example/x"},
                    "Read the story at https://t.example/x. Then more"},
        ContentCase{R"(<script>var u = "https://s.example/";</script>Caf&eacute; &amp; bar)",
                    "",
                    {},
                    "Caf\xC3\xA9 & bar"},
        ContentCase{"  Plain https://plain.example/p & more\r\n text  ",
                    "https://site.example/",
                    {"https://plain.example/p"},
                    "Plain https://plain.example/p & more text"},
        ContentCase{"Entity &amp; https://e.example/?a=1&amp;b=2",
                    "",
                    {"https://e.example/?a=1&b=2"},
                    "Entity & https://e.example/?a=1&b=2"},
        ContentCase{"", "https://site.example/", {}, ""}));

// Text without markup skips the HTML parser; the table checks that it is read exactly as the
// parser reads it, by comparing with the same text inside an element (which is parsed).
class PlainFragmentTest : public ::testing::TestWithParam<const char*> {
 protected:
  static void SetUpTestSuite() { xmlInitParser(); }
};

TEST_P(PlainFragmentTest, ReadsLikeTheSameTextInsideMarkup) {
  const std::string text = GetParam();
  const std::string wrapped = "<div>" + text + "</div>";
  const std::string base = "https://site.example/dir/";
  EXPECT_EQ(ExtractHtmlLinks(text, base), ExtractHtmlLinks(wrapped, base)) << text;
  EXPECT_EQ(HtmlToText(text), HtmlToText(wrapped)) << text;
  HtmlContent content = ReadHtmlContent(text, base, true);
  EXPECT_EQ(content.links, ExtractHtmlLinks(wrapped, base)) << text;
  EXPECT_EQ(content.text, HtmlToText(wrapped)) << text;
}

INSTANTIATE_TEST_SUITE_P(
    Texts, PlainFragmentTest,
    ::testing::Values(
        "Market prices & weather #19", "Q&A with https://qa.example/x", "a &1 b && c &; d & e",
        "ends with &", "&#38; numeric https://n.example/", "&_x &:y https://u.example/",
        "  leading and trailing  ", "\t\r\n", "http://a.example/x\r\nwww.b.example/y",
        "nbsp https://n.example/a\xC2\xA0next",
        "B\xC3\xA0i vi\xE1\xBA\xBFt https://tin.example.vn/b",
        "emoji \xF0\x9F\x98\x80 https://e.example/\xF0\x9F\x98\x80",
        "C1 \xC2\x85 control https://c1.example/",
        // Characters libxml2 drops or re-decodes: these go through the parser.
        "control \x01 https://ctl.example/a\x01"
        "b",
        "bad utf-8 \xC3 https://bad.example/", "non-char \xEF\xBF\xBE https://nc.example/",
        "bom \xEF\xBB\xBF https://bom.example/", "surrogate \xED\xA0\x80 https://s.example/",
        "overlong \xC0\xAF https://o.example/", "", "https://only.example/"));

struct TextCase {
  const char* text;
  Links want;
};

class TextUrlsTest : public ::testing::TestWithParam<TextCase> {};

TEST_P(TextUrlsTest, FindsHttpAndWwwUrls) {
  const TextCase& c = GetParam();
  EXPECT_EQ(ExtractTextUrls(c.text), c.want) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Texts, TextUrlsTest,
    ::testing::Values(
        TextCase{"see https://a.example/x.", {"https://a.example/x"}},
        TextCase{"(https://a.example/wiki/Foo_(bar)) end", {"https://a.example/wiki/Foo_(bar)"}},
        TextCase{"(see https://a.example/x)", {"https://a.example/x"}},
        TextCase{"HTTP://UPPER.example/Path?q=1#f!", {"HTTP://UPPER.example/Path?q=1#f"}},
        TextCase{"www.site.example/page, then", {"http://www.site.example/page"}},
        TextCase{"two: http://one.example https://two.example/",
                 {"http://one.example", "https://two.example/"}},
        TextCase{"quoted \"https://q.example/a\" and <https://b.example/>",
                 {"https://q.example/a", "https://b.example/"}},
        TextCase{"nbsp https://n.example/a\xC2\xA0next", {"https://n.example/a"}},
        TextCase{"vi: https://tin.example.vn/b\xC3\xA0i-vi\xE1\xBA\xBFt xem",
                 {"https://tin.example.vn/b\xC3\xA0i-vi\xE1\xBA\xBFt"}},
        TextCase{"email me@www.example.com", {}}, TextCase{"https:// nothing", {}},
        TextCase{"www. alone", {}}, TextCase{"", {}}));

struct ResolveCase {
  const char* base;
  const char* ref;
  const char* want;
};

class ResolveTest : public ::testing::TestWithParam<ResolveCase> {};

TEST_P(ResolveTest, ResolvesToAbsoluteHttpOrNothing) {
  const ResolveCase& c = GetParam();
  EXPECT_EQ(ResolveHttpUrl(c.base, c.ref), c.want) << c.base << " + " << c.ref;
}

INSTANTIATE_TEST_SUITE_P(
    Refs, ResolveTest,
    ::testing::Values(ResolveCase{"https://a.example/b/c", "d", "https://a.example/b/d"},
                      ResolveCase{"https://a.example/b/c", "../d", "https://a.example/d"},
                      ResolveCase{"https://a.example/b/c", "?q=1", "https://a.example/b/c?q=1"},
                      ResolveCase{"", "https://x.example/", "https://x.example/"},
                      ResolveCase{"https://a.example/", "a b", "https://a.example/a%20b"},
                      ResolveCase{"https://a.example/", "ftp://x.example/", ""},
                      ResolveCase{"https://a.example/", "/caf\xC3\xA9?q=\xC3\xA9",
                                  "https://a.example/caf%C3%A9?q=%C3%A9"},
                      ResolveCase{"https://a.example/x", "https://b\xC3\xBC.example/\xC3\xBC",
                                  "https://b%C3%BC.example/%C3%BC"},
                      ResolveCase{"https://a.example/", "", ""}, ResolveCase{"", "relative", ""}));

TEST(UrlRefTest, UrlHostDropsUserinfoPortAndCase) {
  EXPECT_EQ(UrlHost("https://User@WWW.Example.ORG:8443/p?q"), "www.example.org");
  EXPECT_EQ(UrlHost("http://[::1]:80/"), "[::1]");
  EXPECT_EQ(UrlHost("mailto:x@example.org"), "");
  EXPECT_EQ(UrlHost("https:///path"), "");
}

TEST(UrlRefTest, SameSiteIgnoresCaseAndOneWwwPrefix) {
  EXPECT_TRUE(SameSite("www.example.org", "EXAMPLE.org"));
  EXPECT_FALSE(SameSite("blog.example.org", "example.org"));
  EXPECT_FALSE(SameSite("", ""));
}

TEST(UrlRefTest, ReplaceOriginKeepsPathQueryAndFragment) {
  EXPECT_EQ(ReplaceOrigin("https://b.example/f.xml?x=1#y", "http://127.0.0.1:9"),
            "http://127.0.0.1:9/f.xml?x=1#y");
  EXPECT_EQ(ReplaceOrigin("https://b.example", "http://127.0.0.1:9/sim/"),
            "http://127.0.0.1:9/sim/");
  EXPECT_EQ(ReplaceOrigin("https://b.example/f", ""), "https://b.example/f");
}

TEST(HtmlTextTest, HtmlToTextDropsTagsAndCollapsesWhitespace) {
  xmlInitParser();
  EXPECT_EQ(HtmlToText("<b>Slack</b>  Stock &amp;\n <i>more</i>"), "Slack Stock & more");
  EXPECT_EQ(HtmlToText(""), "");
}

TEST(HtmlTextTest, FindAdvertisedFeedsReadsAlternateLinks) {
  xmlInitParser();
  std::string page =
      R"(<html><head><link rel="stylesheet" href="/s.css">)"
      R"(<link rel="alternate" type="application/atom+xml" href="/atom.xml">)"
      R"(<link rel="alternate" type="text/html" hreflang="vi" href="/vi/"></head></html>)";
  EXPECT_EQ(FindAdvertisedFeeds(page, "https://site.example/"),
            Links{"https://site.example/atom.xml"});
}

}  // namespace
}  // namespace postwatch::plugin
