#include "support/html_links.h"

#include <libxml/HTMLparser.h>

#include <cctype>
#include <climits>
#include <memory>
#include <optional>

#include "support/plain_text.h"
#include "support/simple_html.h"
#include "support/text_urls.h"
#include "support/url_ref.h"
#include "support/xml_tree.h"

namespace postwatch::plugin {
namespace {

XmlDocPtr ReadHtml(std::string_view html, std::string_view base_url) {
  if (html.empty() || html.size() > static_cast<size_t>(INT_MAX)) return nullptr;
  std::string url(base_url);
  XmlDocPtr doc(htmlReadMemory(
      html.data(), static_cast<int>(html.size()), url.empty() ? nullptr : url.c_str(), "UTF-8",
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
  return doc;
}

// `name` is lower-case ASCII.
bool NameIs(const xmlNode* node, const char* name) {
  if (node->type != XML_ELEMENT_NODE || node->name == nullptr) return false;
  const xmlChar* actual = node->name;
  for (; *name != '\0'; ++actual, ++name) {
    xmlChar c = *actual;
    if (c >= 'A' && c <= 'Z') c = static_cast<xmlChar>(c - 'A' + 'a');
    if (c != static_cast<xmlChar>(*name)) return false;
  }
  return *actual == '\0';
}

// Calls visit(node, inside_anchor) for every node under `root` in document order.
template <typename Visit>
void Walk(const xmlNode* root, Visit visit) {
  if (root == nullptr) return;
  const xmlNode* current = root->children;
  int anchor_depth = 0;
  while (current != nullptr) {
    bool is_anchor = NameIs(current, "a");
    visit(current, anchor_depth > 0);
    // Script and style bodies are not content a reader sees.
    bool opaque = NameIs(current, "script") || NameIs(current, "style");
    if (current->type == XML_ELEMENT_NODE && current->children != nullptr && !opaque) {
      anchor_depth += is_anchor ? 1 : 0;
      current = current->children;
      continue;
    }
    while (current != nullptr && current->next == nullptr) {
      current = current->parent;
      if (current == root || current == nullptr) return;
      if (NameIs(current, "a")) --anchor_depth;
    }
    if (current != nullptr) current = current->next;
  }
}

bool SkippedHref(std::string_view href) { return href.empty() || href.front() == '#'; }

// Appends the links of the subtree under `root` to `links` (anchors in document order, then the
// URLs in text outside anchors) and, when `text` is not NULL, its raw text (text nodes, a space
// for <br> and <p>) to *text, in one walk.
void WalkContent(const xmlNode* root, std::string_view fallback_base,
                 std::vector<std::string>& links, std::string* text) {
  std::vector<std::string> text_urls;
  Walk(root, [&](const xmlNode* node, bool inside_anchor) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content == nullptr) return;
      std::string_view content(reinterpret_cast<const char*>(node->content));
      if (text != nullptr) text->append(content);
      if (!inside_anchor) {
        for (std::string& url : ExtractTextUrls(content)) text_urls.push_back(std::move(url));
      }
      return;
    }
    if (node->type != XML_ELEMENT_NODE) return;
    if (NameIs(node, "a") || NameIs(node, "area")) {
      std::string href = Attribute(node, "href");
      size_t first = href.find_first_not_of(" \t\r\n");
      href.erase(0, first == std::string::npos ? href.size() : first);
      if (SkippedHref(href)) return;
      std::string base = NodeBase(node);
      std::string resolved = ResolveHttpUrl(base.empty() ? fallback_base : base, href);
      if (!resolved.empty()) links.push_back(std::move(resolved));
    } else if (text != nullptr && (NameIs(node, "br") || NameIs(node, "p"))) {
      *text += ' ';
    }
  });
  for (std::string& url : text_urls) links.push_back(std::move(url));
}

}  // namespace

HtmlContent ReadHtmlContent(std::string_view html, std::string_view base_url, bool with_text) {
  // Most feed entries are simple enough to read without building a tree.
  if (std::optional<HtmlContent> simple = ReadSimpleHtml(html, base_url, with_text)) {
    return std::move(*simple);
  }
  return ReadHtmlContentWithParser(html, base_url, with_text);
}

HtmlContent ReadHtmlContentWithParser(std::string_view html, std::string_view base_url,
                                      bool with_text) {
  HtmlContent content;
  XmlDocPtr doc = ReadHtml(html, base_url);
  if (doc == nullptr) return content;
  std::string raw;
  WalkContent(reinterpret_cast<const xmlNode*>(doc.get()), base_url, content.links,
              with_text ? &raw : nullptr);
  if (with_text) content.text = CollapseWhitespace(raw);
  return content;
}

std::vector<std::string> ExtractHtmlLinks(std::string_view html, std::string_view base_url) {
  return ReadHtmlContent(html, base_url, false).links;
}

std::vector<std::string> ExtractTreeLinks(const xmlNode* root, std::string_view fallback_base) {
  std::vector<std::string> links;
  WalkContent(root, fallback_base, links, nullptr);
  return links;
}

std::string HtmlToText(std::string_view html) { return ReadHtmlContent(html, "", true).text; }

std::vector<std::string> FindAdvertisedFeeds(std::string_view html, std::string_view base_url) {
  std::vector<std::string> feeds;
  XmlDocPtr doc = ReadHtml(html, base_url);
  if (doc == nullptr) return feeds;
  Walk(reinterpret_cast<const xmlNode*>(doc.get()), [&](const xmlNode* node, bool) {
    if (!NameIs(node, "link")) return;
    std::string rel = Attribute(node, "rel");
    std::string type = Attribute(node, "type");
    for (char& c : rel) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (rel.find("alternate") == std::string::npos) return;
    if (type != "application/rss+xml" && type != "application/atom+xml" &&
        type != "application/feed+json" && type != "application/json") {
      return;
    }
    std::string resolved = ResolveHttpUrl(base_url, Attribute(node, "href"));
    if (!resolved.empty()) feeds.push_back(std::move(resolved));
  });
  return feeds;
}

}  // namespace postwatch::plugin
