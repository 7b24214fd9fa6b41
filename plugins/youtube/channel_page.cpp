#include "youtube/channel_page.h"

#include <libxml/HTMLparser.h>
#include <strings.h>

#include <cctype>
#include <climits>

#include "support/xml_tree.h"
#include "youtube/channel_ref.h"

namespace postwatch::youtube {
namespace {

bool NameIs(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE && node->name != nullptr &&
         strcasecmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// True when the space-separated `tokens` contain `token` (compared case-insensitively).
bool HasToken(const std::string& tokens, std::string_view token) {
  std::string lower = Lower(tokens);
  size_t pos = 0;
  while (pos < lower.size()) {
    size_t end = lower.find(' ', pos);
    if (end == std::string::npos) end = lower.size();
    if (std::string_view(lower).substr(pos, end - pos) == token) return true;
    pos = end + 1;
  }
  return false;
}

struct Candidates {
  std::string canonical;
  std::string rss;
  std::string meta;
  std::string og_url;
};

void Visit(const xmlNode* node, Candidates& found) {
  if (NameIs(node, "link")) {
    std::string rel = plugin::Attribute(node, "rel");
    std::string href = plugin::Attribute(node, "href");
    if (found.canonical.empty() && HasToken(rel, "canonical")) {
      found.canonical = ChannelIdInUrl(href);
    } else if (found.rss.empty() && HasToken(rel, "alternate")) {
      found.rss = ChannelIdInUrl(href);
    }
  } else if (NameIs(node, "meta")) {
    std::string itemprop = Lower(plugin::Attribute(node, "itemprop"));
    std::string content = plugin::Attribute(node, "content");
    if (found.meta.empty() && (itemprop == "identifier" || itemprop == "channelid") &&
        IsChannelId(content)) {
      found.meta = content;
    } else if (found.og_url.empty() && plugin::Attribute(node, "property") == "og:url") {
      found.og_url = ChannelIdInUrl(content);
    }
  }
}

// Calls Visit for every element under `root` in document order, without recursion (the
// nesting depth of untrusted HTML is not bounded), skipping script and style bodies.
void VisitAll(const xmlNode* root, Candidates& found) {
  const xmlNode* current = root;
  while (current != nullptr) {
    Visit(current, found);
    if (current->type == XML_ELEMENT_NODE && current->children != nullptr &&
        !NameIs(current, "script") && !NameIs(current, "style")) {
      current = current->children;
      continue;
    }
    while (current != nullptr && current != root && current->next == nullptr) {
      current = current->parent;
    }
    if (current == nullptr || current == root) return;
    current = current->next;
  }
}

}  // namespace

std::string FindChannelId(std::string_view html) {
  if (html.empty() || html.size() > static_cast<size_t>(INT_MAX)) return "";
  plugin::XmlDocPtr doc(htmlReadMemory(
      html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
  if (doc == nullptr) return "";
  Candidates found;
  VisitAll(xmlDocGetRootElement(doc.get()), found);
  for (const std::string* id : {&found.canonical, &found.rss, &found.meta, &found.og_url}) {
    if (!id->empty()) return *id;
  }
  return "";
}

}  // namespace postwatch::youtube
