#include "web/feed_document.h"

#include <cctype>

#include "support/json_fields.h"
#include "support/xml_tree.h"
#include "web/atom_reader.h"
#include "web/feed_xml.h"
#include "web/json_feed_reader.h"
#include "web/rss_reader.h"

namespace postwatch::web {
namespace {

bool ContainsNoCase(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    bool match = true;
    for (size_t j = 0; j < needle.size() && match; ++j) {
      match = std::tolower(static_cast<unsigned char>(haystack[i + j])) == needle[j];
    }
    if (match) return true;
  }
  return false;
}

bool LooksLikeHtml(std::string_view body) {
  std::string_view head = body.substr(0, 2048);
  return ContainsNoCase(head, "<!doctype html") || ContainsNoCase(head, "<html");
}

FeedDocument NotAFeed(std::string message) {
  return FeedDocument{FeedDocumentKind::kNotAFeed, std::move(message), {}};
}

FeedDocument Unreadable(std::string message) {
  return FeedDocument{FeedDocumentKind::kUnreadable, std::move(message), {}};
}

FeedDocument HtmlPage() {
  return FeedDocument{FeedDocumentKind::kHtmlPage,
                      "the response is an HTML page, not an RSS, Atom or JSON feed",
                      {}};
}

FeedDocument ReadJson(std::string_view body, std::string_view url) {
  plugin::JsonParse parsed = plugin::ParseJson(body);
  if (!parsed.ok()) return Unreadable("the response is not valid JSON (" + parsed.error + ")");
  if (!IsJsonFeed(parsed.doc)) {
    return NotAFeed(
        "the response is JSON but not a JSON Feed (no \"version\" starting with "
        "https://jsonfeed.org/version/)");
  }
  return FeedDocument{FeedDocumentKind::kFeed, "", ReadJsonFeed(parsed.doc, url)};
}

FeedDocument ReadXml(std::string_view body, std::string_view url, std::string_view charset) {
  plugin::XmlDocPtr doc = ReadFeedXml(body, url, charset);
  if (doc == nullptr) {
    if (LooksLikeHtml(body)) return HtmlPage();
    return Unreadable("the response is not well-formed XML and has no root element");
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  std::string_view name = plugin::LocalName(root);
  if (name == "rss" || name == "RDF" || name == "rdf:RDF") {
    return FeedDocument{FeedDocumentKind::kFeed, "", ReadRss(root)};
  }
  if (name == "feed") return FeedDocument{FeedDocumentKind::kFeed, "", ReadAtom(root)};
  if (ContainsNoCase(name, "html")) return HtmlPage();
  return NotAFeed("the response is XML with root element <" + std::string(name) +
                  ">, not an RSS, RDF or Atom feed");
}

}  // namespace

FeedDocument ReadFeedDocument(std::string_view body, std::string_view url,
                              std::string_view http_charset) {
  if (LooksLikeUtf16(body)) return ReadXml(body, url, http_charset);
  std::string_view rest = body;
  if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);
  size_t first = rest.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return Unreadable("the response body is empty");
  char lead = rest[first];
  if (lead == '{') return ReadJson(rest, url);
  if (lead == '[') {
    return NotAFeed("the response is a JSON array, not a JSON Feed object");
  }
  if (lead == '<') return ReadXml(body, url, http_charset);
  if (LooksLikeHtml(rest)) return HtmlPage();
  return Unreadable("the response is neither XML nor JSON");
}

}  // namespace postwatch::web
