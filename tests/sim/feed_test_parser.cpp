#include "feed_test_parser.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <rapidjson/document.h>

#include <memory>

namespace postwatch::sim::testing {

namespace {

struct XmlDocDeleter {
  void operator()(xmlDoc* doc) const noexcept { xmlFreeDoc(doc); }
};
struct XPathContextDeleter {
  void operator()(xmlXPathContext* context) const noexcept { xmlXPathFreeContext(context); }
};
struct XPathObjectDeleter {
  void operator()(xmlXPathObject* object) const noexcept { xmlXPathFreeObject(object); }
};
using XPathObject = std::unique_ptr<xmlXPathObject, XPathObjectDeleter>;

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

XPathObject Eval(xmlXPathContext* context, const char* expression, xmlNode* node) {
  context->node = node;
  XPathObject object(xmlXPathEvalExpression(X(expression), context));
  return object;
}

std::vector<xmlNode*> Nodes(xmlXPathContext* context, const char* expression,
                            xmlNode* node = nullptr) {
  std::vector<xmlNode*> nodes;
  XPathObject object = Eval(context, expression, node);
  if (object && object->nodesetval != nullptr) {
    for (int i = 0; i < object->nodesetval->nodeNr; ++i) {
      nodes.push_back(object->nodesetval->nodeTab[i]);
    }
  }
  return nodes;
}

std::string Text(xmlXPathContext* context, const char* expression, xmlNode* node) {
  XPathObject object = Eval(context, (std::string("string(") + expression + ")").c_str(), node);
  if (!object || object->stringval == nullptr) return {};
  return reinterpret_cast<const char*>(object->stringval);
}

Result<ParsedFeed> ParseXml(FeedFormat format, std::string_view body) {
  std::unique_ptr<xmlDoc, XmlDocDeleter> doc(
      xmlReadMemory(body.data(), static_cast<int>(body.size()), "feed.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (!doc) return Status::InvalidArgument("not well-formed XML");
  std::unique_ptr<xmlXPathContext, XPathContextDeleter> context(xmlXPathNewContext(doc.get()));
  if (!context) return Status::Internal("xmlXPathNewContext failed");
  xmlXPathRegisterNs(context.get(), X("a"), X("http://www.w3.org/2005/Atom"));
  xmlXPathRegisterNs(context.get(), X("content"), X("http://purl.org/rss/1.0/modules/content/"));
  ParsedFeed feed;
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (format == FeedFormat::kRss) {
    if (Nodes(context.get(), "/rss[@version='2.0']/channel").size() != 1) {
      return Status::InvalidArgument("no /rss[@version='2.0']/channel");
    }
    feed.title = Text(context.get(), "/rss/channel/title", root);
    for (xmlNode* item : Nodes(context.get(), "/rss/channel/item")) {
      ParsedItem parsed;
      parsed.id = Text(context.get(), "guid", item);
      parsed.title = Text(context.get(), "title", item);
      parsed.url = Text(context.get(), "link", item);
      parsed.published = Text(context.get(), "pubDate", item);
      parsed.content = Text(context.get(), "content:encoded", item);
      if (parsed.content.empty()) parsed.content = Text(context.get(), "description", item);
      feed.items.push_back(std::move(parsed));
    }
  } else {
    if (Nodes(context.get(), "/a:feed").size() != 1) return Status::InvalidArgument("no /feed");
    feed.title = Text(context.get(), "/a:feed/a:title", root);
    for (xmlNode* entry : Nodes(context.get(), "/a:feed/a:entry")) {
      ParsedItem parsed;
      parsed.id = Text(context.get(), "a:id", entry);
      parsed.title = Text(context.get(), "a:title", entry);
      parsed.url = Text(context.get(), "a:link[@rel='alternate']/@href", entry);
      parsed.published = Text(context.get(), "a:published", entry);
      parsed.content = Text(context.get(), "a:content[@type='html']", entry);
      feed.items.push_back(std::move(parsed));
    }
  }
  return feed;
}

Result<ParsedFeed> ParseJson(std::string_view body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return Status::InvalidArgument("not a JSON object");
  if (!doc.HasMember("version") || !doc["version"].IsString() ||
      std::string_view(doc["version"].GetString()) != "https://jsonfeed.org/version/1.1") {
    return Status::InvalidArgument("no JSON Feed 1.1 version");
  }
  if (!doc.HasMember("items") || !doc["items"].IsArray()) {
    return Status::InvalidArgument("no items array");
  }
  ParsedFeed feed;
  if (doc.HasMember("title") && doc["title"].IsString()) feed.title = doc["title"].GetString();
  const auto get = [](const rapidjson::Value& item, const char* key) {
    return item.HasMember(key) && item[key].IsString() ? std::string(item[key].GetString())
                                                       : std::string();
  };
  for (const auto& item : doc["items"].GetArray()) {
    if (!item.IsObject()) return Status::InvalidArgument("item is not an object");
    ParsedItem parsed;
    parsed.id = get(item, "id");
    parsed.title = get(item, "title");
    parsed.url = get(item, "url");
    parsed.published = get(item, "date_published");
    parsed.content = get(item, "content_html");
    feed.items.push_back(std::move(parsed));
  }
  return feed;
}

}  // namespace

Result<ParsedFeed> ParseFeedForTest(FeedFormat format, std::string_view body) {
  return format == FeedFormat::kJson ? ParseJson(body) : ParseXml(format, body);
}

}  // namespace postwatch::sim::testing
