#include "web/rss_reader.h"

#include <optional>
#include <string>

#include "support/feed_date.h"
#include "support/html_links.h"
#include "support/plain_text.h"
#include "support/url_ref.h"
#include "support/xml_tree.h"
#include "web/feed_namespaces.h"
#include "web/item_text.h"

namespace postwatch::web {
namespace {

using plugin::IsElement;

bool IsCore(const xmlNode* node, std::string_view local) {
  return IsElement(node, local, RssCoreNamespaces());
}

bool IsAtom(const xmlNode* node, std::string_view local) {
  return IsElement(node, local, {kAtom10Ns, kAtom03Ns}, "atom:" + std::string(local));
}

std::string ResolveAt(const xmlNode* node, std::string_view ref) {
  return plugin::ResolveHttpUrl(plugin::NodeBase(node), ref);
}

// The href of an atom:link with rel="alternate" (or no rel), resolved; "" when none.
std::string AtomAlternate(const xmlNode* node) {
  std::string rel = plugin::Attribute(node, "rel");
  if (!rel.empty() && rel != "alternate") return "";
  return ResolveAt(node, plugin::Attribute(node, "href"));
}

void AddLinks(std::vector<std::string> found, FeedItem& item) {
  for (std::string& link : found) item.links.push_back(std::move(link));
}

FeedItem ReadItem(const xmlNode* node) {
  FeedItem item;
  std::string title;
  std::string link;
  std::string atom_link;
  std::string guid;
  bool guid_is_permalink = true;
  std::string excerpt;
  std::optional<std::string> excerpt_text;  // HtmlToText(excerpt), when the parse made it
  // Candidate dates in order of preference: pubDate, dc:date, dcterms:issued,
  // atom:published, atom:updated, dcterms:modified.
  std::string dates[6];
  for (const xmlNode* child : plugin::ChildElements(node)) {
    if (IsCore(child, "title")) {
      if (title.empty()) title = plugin::TrimmedText(child);
    } else if (IsCore(child, "link")) {
      if (link.empty()) link = plugin::TrimmedText(child);
    } else if (IsCore(child, "guid")) {
      guid = plugin::TrimmedText(child);
      guid_is_permalink = plugin::Attribute(child, "isPermaLink") != "false";
    } else if (IsCore(child, "description") ||
               IsElement(child, "encoded", {kContentNs}, "content:encoded")) {
      std::string html = plugin::NodeText(child);
      // The excerpt (the first non-empty description or content) is only used when the item
      // has no title; a title read before it (the usual order) makes it unnecessary.
      bool is_excerpt = excerpt.empty() && !html.empty() && title.empty();
      plugin::HtmlContent content =
          plugin::ReadHtmlContent(html, plugin::NodeBase(child), is_excerpt);
      AddLinks(std::move(content.links), item);
      if (is_excerpt) excerpt_text = std::move(content.text);
      if (excerpt.empty()) excerpt = html;
      item.content_key += html;
    } else if (IsElement(child, "body", {kXhtmlNs})) {
      AddLinks(plugin::ExtractTreeLinks(child, plugin::NodeBase(child)), item);
    } else if (IsCore(child, "enclosure")) {
      std::string type = plugin::Attribute(child, "type");
      if (type == "text/html" || type == "application/xhtml+xml") {
        std::string url = ResolveAt(child, plugin::Attribute(child, "url"));
        if (!url.empty()) item.links.push_back(std::move(url));
      }
    } else if (IsCore(child, "pubDate")) {
      dates[0] = plugin::TrimmedText(child);
    } else if (IsElement(child, "date", {kDcNs}, "dc:date")) {
      dates[1] = plugin::TrimmedText(child);
    } else if (IsElement(child, "issued", {kDcTermsNs})) {
      dates[2] = plugin::TrimmedText(child);
    } else if (IsAtom(child, "published")) {
      dates[3] = plugin::TrimmedText(child);
    } else if (IsAtom(child, "updated")) {
      dates[4] = plugin::TrimmedText(child);
    } else if (IsElement(child, "modified", {kDcTermsNs})) {
      dates[5] = plugin::TrimmedText(child);
    } else if (IsAtom(child, "link") && atom_link.empty()) {
      atom_link = AtomAlternate(child);
    }
  }
  item.id = !guid.empty() ? guid : plugin::AttributeNs(node, "about", kRdfNs.data());
  item.url = ResolveAt(node, link);
  if (item.url.empty()) item.url = atom_link;
  if (item.url.empty() && guid_is_permalink && plugin::IsHttpUrl(guid)) item.url = guid;
  for (const std::string& date : dates) {
    if (date.empty()) continue;
    if (item.date_text.empty()) item.date_text = date;
    if (auto parsed = plugin::ParseFeedDate(date)) {
      item.published_at = *parsed;
      item.date_text = date;
      break;
    }
  }
  if (!title.empty()) {
    item.text = ShortText(title, false);
  } else if (excerpt_text.has_value()) {
    item.text = plugin::TruncateUtf8(*excerpt_text, kMaxPostTextBytes);
  } else {
    item.text = ShortText(excerpt, true);
  }
  if (item.content_key.empty()) item.content_key = title;
  return item;
}

std::string FormatName(const xmlNode* root) {
  if (plugin::LocalName(root) == "RDF") {
    for (const xmlNode* child : plugin::ChildElements(root)) {
      if (plugin::NamespaceUri(child) == kRss090Ns) return "RSS 0.90";
    }
    return "RSS 1.0";
  }
  std::string version = plugin::Attribute(root, "version");
  return version.empty() ? "RSS" : "RSS " + version;
}

}  // namespace

Feed ReadRss(const xmlNode* root) {
  Feed feed;
  feed.format = FormatName(root);
  std::vector<const xmlNode*> item_nodes;
  for (const xmlNode* child : plugin::ChildElements(root)) {
    if (IsCore(child, "item")) {
      item_nodes.push_back(child);
    } else if (IsCore(child, "channel")) {
      for (const xmlNode* entry : plugin::ChildElements(child)) {
        if (IsCore(entry, "item")) {
          item_nodes.push_back(entry);
        } else if (IsCore(entry, "link") && feed.site_url.empty()) {
          feed.site_url = ResolveAt(entry, plugin::TrimmedText(entry));
        } else if (IsAtom(entry, "link") && feed.site_url.empty()) {
          feed.site_url = AtomAlternate(entry);
        }
      }
    }
  }
  feed.items.reserve(item_nodes.size());
  for (const xmlNode* node : item_nodes) feed.items.push_back(ReadItem(node));
  return feed;
}

}  // namespace postwatch::web
