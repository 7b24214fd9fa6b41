// Safe reading of untrusted XML (feeds) with libxml2, and small accessors for its tree.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace postwatch::plugin {

struct XmlDocDeleter {
  void operator()(xmlDoc* doc) const noexcept { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocDeleter>;

// Parses untrusted XML bytes. Skips a UTF-8 byte-order mark and blank lines before the first
// '<' (real feeds have them). Options: XML_PARSE_RECOVER (read what a browser would read of
// ill-formed feeds), XML_PARSE_NONET, no entity substitution, no DTD loading, and libxml2's
// default limits (nesting depth 256, no XML_PARSE_HUGE); errors are not printed. `url` becomes
// the document's base URI for relative references. Returns NULL when there is no root element.
// Thread-safe once xmlInitParser() has run.
XmlDocPtr ReadXmlDocument(std::string_view bytes, std::string_view url);

// The element's local name ("encoded" for content:encoded); "" for NULL. When the parser met
// an undeclared prefix it keeps the qualified name, so "content:encoded" is also possible.
std::string_view LocalName(const xmlNode* node);

// The element's namespace URI; "" when it has none.
std::string_view NamespaceUri(const xmlNode* node);

// True when `node` is an element named `local` whose namespace is one of `namespaces`; an
// empty string in `namespaces` accepts an element without a namespace. Also accepts the
// qualified name `prefixed` (e.g. "content:encoded") when not empty, for feeds that use a
// prefix without declaring it.
bool IsElement(const xmlNode* node, std::string_view local,
               const std::vector<std::string_view>& namespaces, std::string_view prefixed = {});

// The element children of `node`, in document order.
std::vector<xmlNode*> ChildElements(const xmlNode* node);

// The concatenated text and CDATA of `node`'s subtree. Internal entity references that the
// parser kept are replaced by their replacement text without recursion, and the result is
// capped at 4 MiB, so that entity tricks cannot blow up memory.
std::string NodeText(const xmlNode* node);

// Like NodeText, trimmed of leading and trailing whitespace.
std::string TrimmedText(const xmlNode* node);

// The value of the attribute `name` without a namespace; "" when absent.
std::string Attribute(const xmlNode* node, const char* name);

// The value of the attribute `name` in namespace `ns_uri`; "" when absent.
std::string AttributeNs(const xmlNode* node, const char* name, const char* ns_uri);

// The base URI in effect at `node`: the nearest xml:base resolved against its ancestors and
// the document URL. "" when unknown.
std::string NodeBase(const xmlNode* node);

}  // namespace postwatch::plugin
