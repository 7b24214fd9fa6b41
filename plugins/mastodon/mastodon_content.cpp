#include "mastodon/mastodon_content.h"

#include <libxml/HTMLparser.h>
#include <strings.h>

#include <cctype>
#include <climits>

#include "support/url_ref.h"
#include "support/xml_tree.h"

namespace postwatch::mastodon {
namespace {

bool IsAnchor(const xmlNode* node) {
  return node->type == XML_ELEMENT_NODE && node->name != nullptr &&
         strcasecmp(reinterpret_cast<const char*>(node->name), "a") == 0;
}

// True when the whitespace-separated list `list` holds `token` (ASCII case-insensitive).
bool HasToken(std::string_view list, std::string_view token) {
  size_t pos = 0;
  while (pos < list.size()) {
    while (pos < list.size() && std::isspace(static_cast<unsigned char>(list[pos]))) ++pos;
    size_t end = pos;
    while (end < list.size() && !std::isspace(static_cast<unsigned char>(list[end]))) ++end;
    if (end - pos == token.size() &&
        strncasecmp(list.data() + pos, token.data(), token.size()) == 0) {
      return true;
    }
    pos = end;
  }
  return false;
}

bool IsMentionOrHashtag(const xmlNode* anchor) {
  std::string css_class = plugin::Attribute(anchor, "class");
  if (HasToken(css_class, "mention") || HasToken(css_class, "hashtag")) return true;
  return HasToken(plugin::Attribute(anchor, "rel"), "tag");
}

// Deeper trees are not statuses; the limit keeps hostile input from exhausting the stack.
constexpr int kMaxDepth = 256;

void Collect(const xmlNode* node, std::string_view base, int depth, std::vector<std::string>& out) {
  if (depth > kMaxDepth) return;
  for (; node != nullptr; node = node->next) {
    if (IsAnchor(node)) {
      if (!IsMentionOrHashtag(node)) {
        std::string href = plugin::Attribute(node, "href");
        size_t first = href.find_first_not_of(" \t\r\n");
        if (first != std::string::npos && href[first] != '#') {
          std::string resolved = plugin::ResolveHttpUrl(base, href.substr(first));
          if (!resolved.empty()) out.push_back(std::move(resolved));
        }
      }
      // Nested anchors are invalid HTML; the parser closes the outer one, so nothing inside
      // an anchor needs a visit.
      continue;
    }
    if (node->type == XML_ELEMENT_NODE || node->type == XML_DOCUMENT_NODE ||
        node->type == XML_HTML_DOCUMENT_NODE) {
      Collect(node->children, base, depth + 1, out);
    }
  }
}

}  // namespace

std::vector<std::string> ContentLinks(std::string_view html, std::string_view status_url) {
  std::vector<std::string> links;
  if (html.empty() || html.size() > static_cast<size_t>(INT_MAX)) return links;
  plugin::XmlDocPtr doc(htmlReadMemory(
      html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
  if (doc == nullptr) return links;
  Collect(reinterpret_cast<const xmlNode*>(doc.get())->children, status_url, 0, links);
  return links;
}

}  // namespace postwatch::mastodon
