// XML namespace URIs of the feed formats and the extensions the readers understand.
#pragma once

#include <string_view>
#include <vector>

namespace postwatch::web {

inline constexpr std::string_view kRss10Ns = "http://purl.org/rss/1.0/";
inline constexpr std::string_view kRss090Ns = "http://my.netscape.com/rdf/simple/0.9/";
inline constexpr std::string_view kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kContentNs = "http://purl.org/rss/1.0/modules/content/";
inline constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view kDcTermsNs = "http://purl.org/dc/terms/";
inline constexpr std::string_view kAtom10Ns = "http://www.w3.org/2005/Atom";
inline constexpr std::string_view kAtom03Ns = "http://purl.org/atom/ns#";
inline constexpr std::string_view kXhtmlNs = "http://www.w3.org/1999/xhtml";

// RSS core elements: no namespace (0.9x, 2.0), or one of the namespaces RSS versions and
// their variants declared as default.
inline const std::vector<std::string_view>& RssCoreNamespaces() {
  static const std::vector<std::string_view> kNamespaces = {
      "", kRss10Ns, kRss090Ns, "http://backend.userland.com/rss2",
      "http://blogs.law.harvard.edu/tech/rss"};
  return kNamespaces;
}

// Atom elements: 1.0, 0.3, or no namespace (feeds that forgot xmlns).
inline const std::vector<std::string_view>& AtomNamespaces() {
  static const std::vector<std::string_view> kNamespaces = {kAtom10Ns, kAtom03Ns, ""};
  return kNamespaces;
}

}  // namespace postwatch::web
