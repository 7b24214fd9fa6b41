#include "web/atom_reader.h"

#include <cctype>
#include <string>

#include "support/feed_date.h"
#include "support/html_links.h"
#include "support/plain_text.h"
#include "support/text_urls.h"
#include "support/url_ref.h"
#include "support/xml_tree.h"
#include "web/feed_namespaces.h"
#include "web/item_text.h"

namespace postwatch::web {
namespace {

bool IsAtom(const xmlNode* node, std::string_view local) {
  return plugin::IsElement(node, local, AtomNamespaces());
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

enum class TextKind { kText, kHtml, kXhtml, kSkip };

// Atom 1.0: type is text (default), html, xhtml or a MIME type. Atom 0.3: type is a MIME type
// (default text/plain) and mode is xml (default), escaped or base64.
TextKind KindOf(const xmlNode* node) {
  std::string type = Lower(plugin::Attribute(node, "type"));
  std::string mode = Lower(plugin::Attribute(node, "mode"));
  if (mode == "base64" || !plugin::Attribute(node, "src").empty()) return TextKind::kSkip;
  if (!plugin::ChildElements(node).empty()) return TextKind::kXhtml;
  if (type == "xhtml" || type == "application/xhtml+xml") return TextKind::kXhtml;
  if (type == "html" || type == "text/html" || mode == "escaped") return TextKind::kHtml;
  return TextKind::kText;
}

// The post text of a text construct: tags removed when it is HTML, whitespace collapsed, cut.
std::string PlainText(const xmlNode* node) {
  TextKind kind = KindOf(node);
  if (kind == TextKind::kSkip) return "";
  return ShortText(plugin::NodeText(node), kind == TextKind::kHtml);
}

// Adds the links of a content or summary element to `item`. When `excerpt` is not NULL, also
// sets *excerpt to PlainText(node), from the same parse of the HTML.
void ReadContent(const xmlNode* node, const std::string& text, FeedItem& item,
                 std::string* excerpt) {
  std::vector<std::string> found;
  TextKind kind = KindOf(node);
  switch (kind) {
    case TextKind::kXhtml:
      found = plugin::ExtractTreeLinks(node, plugin::NodeBase(node));
      break;
    case TextKind::kHtml: {
      plugin::HtmlContent content =
          plugin::ReadHtmlContent(text, plugin::NodeBase(node), excerpt != nullptr);
      found = std::move(content.links);
      if (excerpt != nullptr) *excerpt = plugin::TruncateUtf8(content.text, kMaxPostTextBytes);
      break;
    }
    case TextKind::kText:
      found = plugin::ExtractTextUrls(text);
      break;
    case TextKind::kSkip:
      break;
  }
  if (excerpt != nullptr && kind != TextKind::kHtml) {
    *excerpt = kind == TextKind::kSkip ? "" : ShortText(text, false);
  }
  for (std::string& link : found) item.links.push_back(std::move(link));
}

std::string LinkHref(const xmlNode* node) {
  // Atom 0.3 and some 1.0 feeds in the wild put the URL in the element's text.
  std::string href = plugin::Attribute(node, "href");
  if (href.empty()) href = plugin::TrimmedText(node);
  return plugin::ResolveHttpUrl(plugin::NodeBase(node), href);
}

FeedItem ReadEntry(const xmlNode* node) {
  FeedItem item;
  std::string title;
  std::string excerpt;
  // published (1.0), issued and created (0.3), then updated (1.0) and modified (0.3).
  std::string dates[5];
  for (const xmlNode* child : plugin::ChildElements(node)) {
    if (IsAtom(child, "id")) {
      if (item.id.empty()) item.id = plugin::TrimmedText(child);
    } else if (IsAtom(child, "link")) {
      std::string rel = plugin::Attribute(child, "rel");
      if (rel.empty() || rel == "alternate") {
        if (item.url.empty()) item.url = LinkHref(child);
      } else if (rel == "related" || rel == "via") {
        std::string href = LinkHref(child);
        if (!href.empty()) item.links.push_back(std::move(href));
      }
    } else if (IsAtom(child, "title")) {
      if (title.empty()) title = PlainText(child);
    } else if (IsAtom(child, "content") || IsAtom(child, "summary")) {
      // The excerpt is only used when the entry has no title: a title read before it
      // (the usual order) makes it unnecessary, and a title is never unset.
      std::string text = plugin::NodeText(child);
      ReadContent(child, text, item, excerpt.empty() && title.empty() ? &excerpt : nullptr);
      item.content_key += text;
    } else if (IsAtom(child, "published")) {
      dates[0] = plugin::TrimmedText(child);
    } else if (IsAtom(child, "issued")) {
      dates[1] = plugin::TrimmedText(child);
    } else if (IsAtom(child, "created")) {
      dates[2] = plugin::TrimmedText(child);
    } else if (IsAtom(child, "updated")) {
      dates[3] = plugin::TrimmedText(child);
    } else if (IsAtom(child, "modified")) {
      dates[4] = plugin::TrimmedText(child);
    }
  }
  for (const std::string& date : dates) {
    if (date.empty()) continue;
    if (item.date_text.empty()) item.date_text = date;
    if (auto parsed = plugin::ParseFeedDate(date)) {
      item.published_at = *parsed;
      item.date_text = date;
      break;
    }
  }
  item.text = title.empty() ? excerpt : title;
  if (item.content_key.empty()) item.content_key = title;
  return item;
}

}  // namespace

Feed ReadAtom(const xmlNode* root) {
  Feed feed;
  std::string version = plugin::Attribute(root, "version");
  feed.format =
      plugin::NamespaceUri(root) == kAtom03Ns || version == "0.3" ? "Atom 0.3" : "Atom 1.0";
  for (const xmlNode* child : plugin::ChildElements(root)) {
    if (IsAtom(child, "entry")) {
      feed.items.push_back(ReadEntry(child));
    } else if (IsAtom(child, "link") && feed.site_url.empty()) {
      std::string rel = plugin::Attribute(child, "rel");
      if (rel.empty() || rel == "alternate") feed.site_url = LinkHref(child);
    }
  }
  return feed;
}

}  // namespace postwatch::web
