// Links and text from HTML fragments (feed item content), parsed with libxml2's HTML parser.
#pragma once

#include <libxml/tree.h>

#include <string>
#include <string_view>
#include <vector>

namespace postwatch::plugin {

// Returns, in document order, the target of every <a href> and <area href> in the HTML
// fragment `html`, resolved against `base_url` (which may be empty: then only absolute hrefs
// are kept), followed by the plain-text URLs (see ExtractTextUrls) in text outside anchors.
// Skips empty hrefs, "#fragment" hrefs and every non-http(s) target (mailto:, javascript:,
// tel:, data:). Duplicates are kept. Parsing uses HTML_PARSE_RECOVER | NOERROR | NOWARNING |
// NONET, so any bytes are accepted. Thread-safe once xmlInitParser() has run.
std::vector<std::string> ExtractHtmlLinks(std::string_view html, std::string_view base_url);

// The same walk over a subtree that is already parsed (inline XHTML inside an Atom entry):
// each href is resolved against the base in effect at its element (xml:base, then the
// document URL), or `fallback_base` when that is empty.
std::vector<std::string> ExtractTreeLinks(const xmlNode* root, std::string_view fallback_base);

// The text of an HTML fragment, tags removed, entities decoded, runs of whitespace collapsed
// to one space, trimmed. Thread-safe once xmlInitParser() has run.
std::string HtmlToText(std::string_view html);

// The links and the text of one HTML fragment, from a single parse.
struct HtmlContent {
  std::vector<std::string> links;  // exactly ExtractHtmlLinks(html, base_url)
  std::string text;                // exactly HtmlToText(html) when asked for, else ""
};

// ExtractHtmlLinks and, when `with_text`, HtmlToText of `html` at the cost of one parse.
// Fragments in the common subset that ReadSimpleHtml (simple_html.h) reads are not given to
// libxml2 at all; the result is the same. Thread-safe once xmlInitParser() has run.
HtmlContent ReadHtmlContent(std::string_view html, std::string_view base_url, bool with_text);

// ReadHtmlContent always through libxml2's HTML parser, never the scanner: what the scanner
// must equal wherever it accepts a fragment (tests/fuzz/support/simple_html_fuzzer.cpp).
HtmlContent ReadHtmlContentWithParser(std::string_view html, std::string_view base_url,
                                      bool with_text);

// Feed autodiscovery: the hrefs of <link rel="alternate"> elements whose type is an RSS,
// Atom or JSON Feed media type, resolved against `base_url`. Used to tell an admin which
// URL to register when an HTML page was registered instead of its feed.
std::vector<std::string> FindAdvertisedFeeds(std::string_view html, std::string_view base_url);

}  // namespace postwatch::plugin
