// Character encodings of feeds served over HTTP, and parsing feed XML with the right one.
#pragma once

#include <string>
#include <string_view>

#include "support/xml_tree.h"

namespace postwatch::web {

// The charset parameter of a Content-Type header value ("text/xml; charset="ISO-8859-1"" ->
// "ISO-8859-1"), unquoted and trimmed; "" when there is none.
std::string CharsetParameter(std::string_view content_type);

// The encoding libxml2 must decode `bytes` with, by the rules for XML over HTTP (RFC 7303
// section 3): a byte-order mark wins (returns "", so that libxml2 reads the BOM itself); then
// the HTTP charset; then the document's own XML declaration (returns "" again). The HTTP
// label is mapped as browsers map it (WHATWG Encoding): ISO-8859-1, latin1 and US-ASCII
// become windows-1252, whose printable characters are a superset, and so on; a label
// libxml2 cannot use is ignored. Thread-safe.
std::string XmlEncodingFor(std::string_view bytes, std::string_view http_charset);

// True when `bytes` start with a UTF-16 byte-order mark, or look like UTF-16 XML without one
// ("<" or "<?" as 16-bit units).
bool LooksLikeUtf16(std::string_view bytes);

// Parses untrusted feed XML like plugin::ReadXmlDocument (recover mode, no network, no
// entity substitution, no DTD loading, default depth limits, errors not printed; small text
// nodes compacted, so the tree must not be modified), decoding it with
// XmlEncodingFor(bytes, http_charset). Returns NULL when there is no root element.
// Thread-safe once xmlInitParser() has run.
plugin::XmlDocPtr ReadFeedXml(std::string_view bytes, std::string_view url,
                              std::string_view http_charset);

}  // namespace postwatch::web
