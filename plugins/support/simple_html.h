// Reading the links and text of feed-entry HTML written in a small, common subset of HTML
// without building a libxml2 tree. Feed entries are mostly paragraphs of text with links and
// a little inline markup; for those this scanner gives exactly what libxml2's HTML parser and
// the tree walk in html_links.cpp give, at a fraction of the cost, and it declines everything
// else so that the parser handles it.
#pragma once

#include <optional>
#include <string_view>

#include "support/html_links.h"

namespace postwatch::plugin {

// The links and (when `with_text`) the text of `html`, exactly as ReadHtmlContent computes
// them with libxml2, when `html` stays inside the subset; std::nullopt otherwise. The subset:
//  - valid UTF-8 of XML characters other than U+FEFF, no control characters but tab, LF, CR;
//  - the elements p, br, a, b, i, em, strong, span and code, with lower-case names; p only
//    where no element is open, a not inside a, br the only one written "<br/>"; every element
//    but br closed by its own end tag ("</p>"), in order;
//  - attributes with lower-case names and double-quoted values, at most one href, whose value
//    has no control character;
//  - the references &amp; &lt; &gt; &quot; &nbsp; and numeric references to printable
//    characters, each ended by ';', and '&' before a byte that cannot start a reference;
//  - at most 1 MiB.
// Thread-safe.
std::optional<HtmlContent> ReadSimpleHtml(std::string_view html, std::string_view base_url,
                                          bool with_text);

}  // namespace postwatch::plugin
