#include "telegram/preview_page.h"

#include <libxml/HTMLparser.h>
#include <strings.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <optional>

#include "support/feed_date.h"
#include "support/http_fields.h"
#include "support/plain_text.h"
#include "support/text_urls.h"
#include "support/url_ref.h"
#include "support/xml_tree.h"

namespace postwatch::telegram {
namespace {

constexpr size_t kMaxTextBytes = 4096;

bool NameIs(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE && node->name != nullptr &&
         strcasecmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

// True when the element's class attribute contains the token `name`.
bool HasClass(const xmlNode* node, std::string_view name) {
  if (node->type != XML_ELEMENT_NODE) return false;
  std::string classes = plugin::Attribute(node, "class");
  size_t pos = 0;
  while (pos < classes.size()) {
    size_t start = classes.find_first_not_of(" \t\r\n\f", pos);
    if (start == std::string::npos) break;
    size_t end = classes.find_first_of(" \t\r\n\f", start);
    if (end == std::string::npos) end = classes.size();
    if (std::string_view(classes).substr(start, end - start) == name) return true;
    pos = end;
  }
  return false;
}

// Visits every node under `root` (not root itself) in document order without recursion.
// visit(node) returns false to skip the node's subtree.
template <typename Visit>
void Walk(const xmlNode* root, Visit visit) {
  if (root == nullptr) return;
  const xmlNode* current = root->children;
  while (current != nullptr) {
    bool descend = visit(current);
    if (descend && current->type == XML_ELEMENT_NODE && current->children != nullptr &&
        !NameIs(current, "script") && !NameIs(current, "style")) {
      current = current->children;
      continue;
    }
    while (current != nullptr && current->next == nullptr) {
      current = current->parent;
      if (current == root || current == nullptr) return;
    }
    if (current != nullptr) current = current->next;
  }
}

std::optional<int64_t> ParseId(std::string_view digits) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || value <= 0) {
    return std::nullopt;
  }
  return value;
}

void AddUnique(std::string link, std::vector<std::string>& links) {
  if (!link.empty() && std::find(links.begin(), links.end(), link) == links.end()) {
    links.push_back(std::move(link));
  }
}

// The text and links of a .tgme_widget_message_text element.
void ReadMessageText(const xmlNode* text_node, std::string_view page_url, std::string& text,
                     std::vector<std::string>& anchors, std::vector<std::string>& text_urls) {
  std::string raw;
  Walk(text_node, [&](const xmlNode* node) {
    if (NameIs(node, "br")) {
      raw += '\n';
    } else if (NameIs(node, "a")) {
      std::string href = plugin::Attribute(node, "href");
      size_t first = href.find_first_not_of(" \t\r\n");
      href.erase(0, first == std::string::npos ? href.size() : first);
      // "?q=%23tag" and "?q=%24TICKER" are searches within the preview, not links.
      if (!href.empty() && href.front() != '?' && href.front() != '#') {
        anchors.push_back(plugin::ResolveHttpUrl(page_url, href));
      }
      raw += plugin::NodeText(node);
      return false;
    } else if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
               node->content != nullptr) {
      std::string_view content(reinterpret_cast<const char*>(node->content));
      raw += content;
      for (std::string& url : plugin::ExtractTextUrls(content)) text_urls.push_back(std::move(url));
    }
    return true;
  });
  if (!text.empty() && !raw.empty()) text += ' ';
  text += raw;
}

PreviewMessage ReadMessage(const xmlNode* message, std::string_view page_url,
                           std::string_view post) {
  PreviewMessage out;
  out.service = HasClass(message, "service_message");
  std::vector<std::string> anchors;
  std::vector<std::string> text_urls;
  std::string preview;
  Walk(message, [&](const xmlNode* node) {
    if (node->type != XML_ELEMENT_NODE) return true;
    if (HasClass(node, "tgme_widget_message_reply")) return false;  // the quoted message
    if (HasClass(node, "tgme_widget_message_date")) {
      std::string href = plugin::Attribute(node, "href");
      if (plugin::IsHttpUrl(href)) out.url = href;
      Walk(node, [&](const xmlNode* inner) {
        if (NameIs(inner, "time") && out.published_at == 0) {
          out.published_at =
              plugin::ParseIso8601Date(plugin::Attribute(inner, "datetime")).value_or(0);
        }
        return true;
      });
      return false;
    }
    if (HasClass(node, "tgme_widget_message_forwarded_from_name")) {
      out.forwarded_from = plugin::ResolveHttpUrl(page_url, plugin::Attribute(node, "href"));
      return false;
    }
    if (HasClass(node, "tgme_widget_message_link_preview")) {
      if (preview.empty())
        preview = plugin::ResolveHttpUrl(page_url, plugin::Attribute(node, "href"));
      return false;
    }
    if (HasClass(node, "tgme_widget_message_text")) {
      ReadMessageText(node, page_url, out.text, anchors, text_urls);
      return false;
    }
    return true;
  });
  if (out.url.empty()) out.url = "https://t.me/" + std::string(post);
  std::string own = "https://t.me/" + std::string(post);
  auto add = [&](std::string link) {
    if (link.empty() || plugin::EqualsNoCase(link, out.url) || plugin::EqualsNoCase(link, own)) {
      return;
    }
    AddUnique(std::move(link), out.links);
  };
  for (std::string& link : anchors) add(std::move(link));
  for (std::string& link : text_urls) add(std::move(link));
  add(std::move(preview));
  out.text = plugin::TruncateUtf8(plugin::CollapseWhitespace(out.text), kMaxTextBytes);
  return out;
}

}  // namespace

PreviewPage ReadPreviewPage(std::string_view html, std::string_view page_url) {
  PreviewPage page;
  if (html.empty() || html.size() > static_cast<size_t>(INT_MAX)) return page;
  std::string url(page_url);
  plugin::XmlDocPtr doc(htmlReadMemory(
      html.data(), static_cast<int>(html.size()), url.empty() ? nullptr : url.c_str(), "UTF-8",
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
  if (doc == nullptr) return page;
  Walk(reinterpret_cast<const xmlNode*>(doc.get()), [&](const xmlNode* node) {
    if (node->type != XML_ELEMENT_NODE) return true;
    if (HasClass(node, "tgme_channel_history")) page.has_history = true;
    if (HasClass(node, "tgme_page")) page.has_landing = true;
    if (HasClass(node, "tme_messages_more") && page.more_before == 0) {
      page.more_before = ParseId(plugin::Attribute(node, "data-before")).value_or(0);
    }
    if (!HasClass(node, "tgme_widget_message")) return true;
    std::string post = plugin::Attribute(node, "data-post");
    size_t slash = post.rfind('/');
    std::optional<int64_t> id = slash == std::string::npos
                                    ? std::nullopt
                                    : ParseId(std::string_view(post).substr(slash + 1));
    if (!id || slash == 0) {
      ++page.unreadable;
      return false;
    }
    PreviewMessage message = ReadMessage(node, page_url, post);
    message.id = *id;
    page.messages.push_back(std::move(message));
    return false;
  });
  return page;
}

}  // namespace postwatch::telegram
