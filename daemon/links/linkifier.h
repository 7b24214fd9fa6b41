// Linkifier: finds the links people write in plain text and in the text of HTML content.
//
// Found: http(s) URLs ("https://example.com/a"), scheme-less URLs whose last host label is a
// public suffix ("example.com/path", "www.example.co.uk", "bücher.de"), with an optional
// port, path, query and fragment. Trailing punctuation is left out ("see example.com."),
// and closing brackets are kept only when the URL opened them ("wiki/Primer_(film)").
// Scheme-relative "//host/path" and bare IPv4 addresses are found too; so are hosts under the
// reserved .example and .test TLDs (demo and test data). Not found: e-mail addresses, other
// schemes, hosts without a known suffix unless they have a scheme ("http://localhost:8080"
// is found, "localhost" is not).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace postwatch {

struct FoundLink {
  size_t begin = 0;  // byte offsets of the link in the text
  size_t end = 0;
  std::string text;  // the link as written
  bool has_scheme = false;

  // The link with "http://" in front when it was written without a scheme ("http:" in front
  // of a scheme-relative "//host/path").
  std::string Url() const {
    if (text.rfind("//", 0) == 0) return "http:" + text;
    return has_scheme ? text : "http://" + text;
  }
};

// Every link in `text` (UTF-8), in order, not overlapping. Invalid UTF-8 never crashes; it
// ends a link. Thread-safe.
std::vector<FoundLink> FindLinks(std::string_view text);

// The text of HTML content: tags replaced by spaces (so that "<p>a.com</p><p>b" keeps the two
// apart), script/style content dropped, and character references decoded (&amp;, &#39;,
// &#x2F;, &nbsp; ...). Not a full HTML parser; good enough to find links in post bodies.
// Thread-safe.
std::string HtmlToText(std::string_view html);

}  // namespace postwatch
