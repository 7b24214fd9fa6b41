// Character encodings of feeds served over HTTP: a byte-order mark wins, then the
// Content-Type charset, then the XML declaration. Every case reads the same text a browser
// would show.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "recording_host.h"
#include "web/feed_xml.h"
#include "web/web_plugin.h"

namespace postwatch::web {
namespace {

using testing::PluginInstance;
using testing::RecordingHost;

std::string Fixture(const std::string& name) {
  return testing::ReadFileOrFail(std::string(PW_WEB_FIXTURES_DIR) + "/" + name);
}

struct CharsetCase {
  const char* name;
  const char* fixture;
  const char* content_type;  // "" for no Content-Type header
  const char* text;          // the first post's text, UTF-8
  std::vector<std::string> links;
};

class WebCharsetTest : public ::testing::TestWithParam<CharsetCase> {};

TEST_P(WebCharsetTest, FeedTextIsDecodedByTheRulesForXmlOverHttp) {
  const CharsetCase& c = GetParam();
  PluginInstance plugin(WebPlugin(), "{}");
  RecordingHost host;
  std::vector<std::pair<std::string, std::string>> headers;
  if (*c.content_type != '\0') headers.emplace_back("Content-Type", c.content_type);
  ASSERT_EQ(plugin.Parse(host, 200, Fixture(c.fixture), "https://feeds.example.org/feed", "feed",
                         headers),
            PW_DONE)
      << (host.errors.empty() ? "" : host.errors.front());
  ASSERT_EQ(host.posts.size(), 1u);
  EXPECT_EQ(host.posts[0].text, c.text);
  EXPECT_EQ(host.posts[0].links, c.links);
}

const char* const kCafe = "\u201cPrices\u201d rose to 5\u20ac at the caf\u00e9";
const char* const kSmorrebrod = "Sm\u00f8rrebr\u00f8d \u00e0 la carte";
const char* const kHaru = "\u6771\u4eac\u306e\u6625";

INSTANTIATE_TEST_SUITE_P(
    Encodings, WebCharsetTest,
    ::testing::Values(
        // The XML declaration alone, with no charset from the server.
        CharsetCase{"windows1252_declared",
                    "rss_windows1252.xml",
                    "application/rss+xml",
                    kCafe,
                    {"https://menu.example.com/cafe"}},
        // The server's charset agrees with the declaration.
        CharsetCase{"windows1252_both",
                    "rss_windows1252.xml",
                    "application/rss+xml; charset=windows-1252",
                    kCafe,
                    {"https://menu.example.com/cafe"}},
        // ISO-8859-1 only in the header; the document does not say.
        CharsetCase{"latin1_header_only",
                    "rss_latin1_undeclared.xml",
                    "text/xml; charset=ISO-8859-1",
                    kSmorrebrod,
                    {}},
        CharsetCase{"latin1_quoted_label",
                    "rss_latin1_undeclared.xml",
                    "application/rss+xml;charset=\"latin1\"",
                    kSmorrebrod,
                    {}},
        // The declaration says UTF-8 but the bytes are ISO-8859-1, as the header says: the
        // header wins.
        CharsetCase{"header_beats_declaration",
                    "rss_declared_utf8_bytes_latin1.xml",
                    "application/xml; charset=iso-8859-1",
                    kSmorrebrod,
                    {}},
        // A UTF-8 BOM beats a header that claims windows-1252.
        CharsetCase{"utf8_bom_beats_header",
                    "rss_utf8_bom.xml",
                    "application/rss+xml; charset=windows-1252",
                    kSmorrebrod,
                    {}},
        // UTF-16 with either BOM beats a header that claims ISO-8859-1.
        CharsetCase{"utf16le_bom",
                    "atom_utf16le_bom.xml",
                    "application/atom+xml; charset=ISO-8859-1",
                    kHaru,
                    {"https://sakura.example.com/"}},
        CharsetCase{"utf16be_bom",
                    "atom_utf16be_bom.xml",
                    "application/atom+xml",
                    kHaru,
                    {"https://sakura.example.com/"}},
        // UTF-16 without a BOM: the "<?" in 16-bit units and the declaration tell.
        CharsetCase{"utf16le_no_bom",
                    "atom_utf16le_no_bom.xml",
                    "application/atom+xml; charset=utf-16",
                    kHaru,
                    {"https://sakura.example.com/"}},
        // A label libxml2 cannot use is ignored rather than failing the feed.
        CharsetCase{"unknown_label_ignored",
                    "rss_windows1252.xml",
                    "application/rss+xml; charset=x-no-such-charset",
                    kCafe,
                    {"https://menu.example.com/cafe"}}),
    [](const ::testing::TestParamInfo<CharsetCase>& param_info) { return param_info.param.name; });

TEST(FeedXmlTest, CharsetParameterIsReadFromAnyPosition) {
  EXPECT_EQ(CharsetParameter("text/xml; charset=ISO-8859-1"), "ISO-8859-1");
  EXPECT_EQ(CharsetParameter("text/xml;foo=bar; Charset = \"utf-8\" ;x=y"), "utf-8");
  EXPECT_EQ(CharsetParameter("application/rss+xml"), "");
  EXPECT_EQ(CharsetParameter(""), "");
}

TEST(FeedXmlTest, EncodingChoiceFollowsBomThenHeaderThenDeclaration) {
  EXPECT_EQ(XmlEncodingFor("\xEF\xBB\xBF<?xml?>", "windows-1252"), "");
  EXPECT_EQ(XmlEncodingFor("\xFF\xFE<\0", "iso-8859-1"), "");
  EXPECT_EQ(XmlEncodingFor("<?xml version=\"1.0\"?>", "ISO-8859-1"), "windows-1252");
  EXPECT_EQ(XmlEncodingFor("<?xml version=\"1.0\"?>", "UTF-8"), "utf-8");
  EXPECT_EQ(XmlEncodingFor("<?xml version=\"1.0\" encoding=\"koi8-r\"?>", ""), "");
  EXPECT_EQ(XmlEncodingFor("<rss/>", "no-such-charset"), "");
}

}  // namespace
}  // namespace postwatch::web
