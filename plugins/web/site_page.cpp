#include "web/site_page.h"

#include <libxml/HTMLparser.h>
#include <strings.h>

#include <cctype>
#include <climits>

#include "support/url_ref.h"
#include "support/xml_tree.h"

namespace postwatch::web {
namespace {

constexpr std::string_view kWordPressApiRel = "https://api.w.org/";

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::vector<std::string> RelTokens(std::string_view rel) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < rel.size()) {
    while (i < rel.size() && IsSpace(rel[i])) ++i;
    size_t start = i;
    while (i < rel.size() && !IsSpace(rel[i])) ++i;
    if (i > start) tokens.push_back(Lower(rel.substr(start, i - start)));
  }
  return tokens;
}

std::string MediaType(std::string_view type) {
  std::string lower = Lower(type.substr(0, type.find(';')));
  size_t first = lower.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return lower.substr(first, lower.find_last_not_of(" \t\r\n") - first + 1);
}

bool IsFeedType(std::string_view type) {
  return type == "application/rss+xml" || type == "application/atom+xml" ||
         type == "application/feed+json" || type == "application/json";
}

bool NameIs(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE && node->name != nullptr &&
         strcasecmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

// Calls visit(element) for every element under `root`, in document order, without
// recursion (pages can nest deeply).
template <typename Visit>
void ForEachElement(const xmlNode* root, Visit visit) {
  const xmlNode* current = root->children;
  while (current != nullptr) {
    if (current->type == XML_ELEMENT_NODE) visit(current);
    if (current->type == XML_ELEMENT_NODE && current->children != nullptr) {
      current = current->children;
      continue;
    }
    while (current != nullptr && current->next == nullptr) {
      current = current->parent;
      if (current == root) return;
    }
    if (current != nullptr) current = current->next;
  }
}

plugin::XmlDocPtr ReadHtml(std::string_view html, std::string_view url, std::string_view charset) {
  if (html.empty() || html.size() > static_cast<size_t>(INT_MAX)) return nullptr;
  std::string url_z(url);
  std::string charset_z(charset);
  plugin::XmlDocPtr doc(htmlReadMemory(
      html.data(), static_cast<int>(html.size()), url_z.empty() ? nullptr : url_z.c_str(),
      charset_z.empty() ? nullptr : charset_z.c_str(),
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
  return doc;
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

SitePage ReadSitePage(std::string_view html, std::string_view url, std::string_view charset) {
  SitePage page;
  plugin::XmlDocPtr doc = ReadHtml(html, url, charset);
  if (doc == nullptr) return page;
  const xmlNode* root = reinterpret_cast<const xmlNode*>(doc.get());
  // The first <base href> sets the base for every link, wherever the <link> is.
  std::string base(url);
  bool base_seen = false;
  ForEachElement(root, [&](const xmlNode* node) {
    if (base_seen || !NameIs(node, "base") ||
        xmlHasProp(node, reinterpret_cast<const xmlChar*>("href")) == nullptr) {
      return;
    }
    base_seen = true;
    std::string resolved = plugin::ResolveHttpUrl(url, plugin::Attribute(node, "href"));
    if (!resolved.empty()) base = resolved;
  });
  ForEachElement(root, [&](const xmlNode* node) {
    if (!NameIs(node, "link")) return;
    std::vector<std::string> rels = RelTokens(plugin::Attribute(node, "rel"));
    std::string href = plugin::Attribute(node, "href");
    for (const std::string& rel : rels) {
      if (rel == kWordPressApiRel && page.wordpress_api.empty()) {
        page.wordpress_api = plugin::ResolveHttpUrl(base, href);
      }
      if (rel != "alternate") continue;
      std::string type = MediaType(plugin::Attribute(node, "type"));
      if (!IsFeedType(type)) break;
      std::string resolved = plugin::ResolveHttpUrl(base, href);
      if (!resolved.empty()) {
        page.feeds.push_back(
            {std::move(resolved), std::move(type), plugin::Attribute(node, "title")});
      }
      break;
    }
  });
  return page;
}

bool IsCommentFeed(const AdvertisedFeed& feed) {
  std::string url = Lower(feed.url);
  return Contains(url, "/comments/") || Contains(url, "comments/feed") ||
         Contains(url, "comments-rss") || Contains(url, "comments-atom") ||
         Contains(Lower(feed.title), "comments");
}

std::string ChooseFeed(const SitePage& page) {
  for (const AdvertisedFeed& feed : page.feeds) {
    if (feed.type != "application/json" && !IsCommentFeed(feed)) return feed.url;
  }
  for (const AdvertisedFeed& feed : page.feeds) {
    if (feed.type == "application/json" && !IsCommentFeed(feed) &&
        !Contains(feed.url, "/wp-json/") && !Contains(feed.url, "rest_route=")) {
      return feed.url;
    }
  }
  for (const AdvertisedFeed& feed : page.feeds) {
    if (IsCommentFeed(feed)) return feed.url;
  }
  return "";
}

}  // namespace postwatch::web
