#include "support/xml_tree.h"

#include <libxml/entities.h>
#include <libxml/parser.h>

#include <climits>
#include <cstring>

namespace postwatch::plugin {
namespace {

constexpr size_t kMaxTextBytes = 4u << 20;

struct XmlCharDeleter {
  void operator()(xmlChar* text) const noexcept { xmlFree(text); }
};
using XmlCharPtr = std::unique_ptr<xmlChar, XmlCharDeleter>;

std::string_view AsView(const xmlChar* text) {
  return text == nullptr ? std::string_view()
                         : std::string_view(reinterpret_cast<const char*>(text));
}

void AppendCapped(std::string& out, std::string_view text) {
  if (out.size() >= kMaxTextBytes) return;
  out.append(text.substr(0, kMaxTextBytes - out.size()));
}

}  // namespace

XmlDocPtr ReadXmlDocument(std::string_view bytes, std::string_view url) {
  if (bytes.size() >= 3 && std::memcmp(bytes.data(), "\xEF\xBB\xBF", 3) == 0) {
    bytes.remove_prefix(3);
  }
  size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return nullptr;
  if (bytes[first] == '<') bytes.remove_prefix(first);
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return nullptr;
  std::string url_z(url);
  XmlDocPtr doc(xmlReadMemory(
      bytes.data(), static_cast<int>(bytes.size()), url_z.empty() ? nullptr : url_z.c_str(),
      nullptr, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (doc != nullptr && xmlDocGetRootElement(doc.get()) == nullptr) return nullptr;
  return doc;
}

std::string_view LocalName(const xmlNode* node) {
  return node == nullptr ? std::string_view() : AsView(node->name);
}

std::string_view NamespaceUri(const xmlNode* node) {
  return node == nullptr || node->ns == nullptr ? std::string_view() : AsView(node->ns->href);
}

bool IsElement(const xmlNode* node, std::string_view local,
               const std::vector<std::string_view>& namespaces, std::string_view prefixed) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE) return false;
  std::string_view name = LocalName(node);
  if (!prefixed.empty() && name == prefixed) return true;
  if (name != local) return false;
  std::string_view ns = NamespaceUri(node);
  for (std::string_view accepted : namespaces) {
    if (ns == accepted) return true;
  }
  return false;
}

std::vector<xmlNode*> ChildElements(const xmlNode* node) {
  std::vector<xmlNode*> children;
  if (node == nullptr) return children;
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE) children.push_back(child);
  }
  return children;
}

std::string NodeText(const xmlNode* node) {
  std::string out;
  if (node == nullptr) return out;
  // Iterative pre-order walk of the subtree rooted at `node`.
  const xmlNode* current = node->children;
  while (current != nullptr && out.size() < kMaxTextBytes) {
    if (current->type == XML_TEXT_NODE || current->type == XML_CDATA_SECTION_NODE) {
      AppendCapped(out, AsView(current->content));
    } else if (current->type == XML_ENTITY_REF_NODE) {
      const auto* entity = reinterpret_cast<const xmlEntity*>(current->children);
      if (entity != nullptr && entity->etype == XML_INTERNAL_GENERAL_ENTITY) {
        AppendCapped(out, AsView(entity->content));
      }
    } else if (current->type == XML_ELEMENT_NODE && current->children != nullptr) {
      current = current->children;
      continue;
    }
    while (current != nullptr && current->next == nullptr) {
      current = current->parent;
      if (current == node) return out;
    }
    if (current != nullptr) current = current->next;
  }
  return out;
}

std::string TrimmedText(const xmlNode* node) {
  std::string text = NodeText(node);
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string Attribute(const xmlNode* node, const char* name) {
  if (node == nullptr) return "";
  XmlCharPtr value(xmlGetNoNsProp(node, reinterpret_cast<const xmlChar*>(name)));
  return std::string(AsView(value.get()));
}

std::string AttributeNs(const xmlNode* node, const char* name, const char* ns_uri) {
  if (node == nullptr) return "";
  XmlCharPtr value(xmlGetNsProp(node, reinterpret_cast<const xmlChar*>(name),
                                reinterpret_cast<const xmlChar*>(ns_uri)));
  return std::string(AsView(value.get()));
}

std::string NodeBase(const xmlNode* node) {
  if (node == nullptr) return "";
  XmlCharPtr base(xmlNodeGetBase(node->doc, node));
  return std::string(AsView(base.get()));
}

}  // namespace postwatch::plugin
