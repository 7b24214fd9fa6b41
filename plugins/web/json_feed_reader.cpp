#include "web/json_feed_reader.h"

#include <string>

#include "support/feed_date.h"
#include "support/html_links.h"
#include "support/json_fields.h"
#include "support/plain_text.h"
#include "support/text_urls.h"
#include "support/url_ref.h"
#include "web/item_text.h"

namespace postwatch::web {
namespace {

constexpr std::string_view kVersionPrefix = "https://jsonfeed.org/version/";
constexpr std::string_view kOldVersionPrefix = "http://jsonfeed.org/version/";

void Append(std::vector<std::string> found, FeedItem& item) {
  for (std::string& link : found) item.links.push_back(std::move(link));
}

FeedItem ReadItem(const rapidjson::Value& object, const std::string& feed_base) {
  FeedItem item;
  item.id = plugin::JsonScalarText(object, "id").value_or("");
  item.url = plugin::ResolveHttpUrl(feed_base, plugin::JsonString(object, "url").value_or(""));
  const std::string& base = item.url.empty() ? feed_base : item.url;
  std::string_view html = plugin::JsonString(object, "content_html").value_or("");
  std::string_view text = plugin::JsonString(object, "content_text").value_or("");
  std::string_view summary = plugin::JsonString(object, "summary").value_or("");
  std::string_view title = plugin::JsonString(object, "title").value_or("");
  // The text of content_html is the post text only when there is no title and no content_text.
  bool html_is_text = title.empty() && text.empty() && !html.empty();
  plugin::HtmlContent content = plugin::ReadHtmlContent(html, base, html_is_text);
  Append(std::move(content.links), item);
  Append(plugin::ExtractTextUrls(text), item);
  // summary is plain text by the spec, but producers put HTML in it too.
  if (summary.find('<') != std::string_view::npos) {
    Append(plugin::ExtractHtmlLinks(summary, base), item);
  } else {
    Append(plugin::ExtractTextUrls(summary), item);
  }
  std::string external =
      plugin::ResolveHttpUrl(base, plugin::JsonString(object, "external_url").value_or(""));
  if (!external.empty()) item.links.push_back(std::move(external));
  for (const char* key : {"date_published", "date_modified"}) {
    std::string_view date = plugin::JsonString(object, key).value_or("");
    if (date.empty()) continue;
    if (item.date_text.empty()) item.date_text = std::string(date);
    if (auto parsed = plugin::ParseFeedDate(date)) {
      item.published_at = *parsed;
      item.date_text = std::string(date);
      break;
    }
  }
  if (!title.empty()) {
    item.text = ShortText(title, false);
  } else if (!text.empty()) {
    item.text = ShortText(text, false);
  } else if (html_is_text) {
    item.text = plugin::TruncateUtf8(content.text, kMaxPostTextBytes);
  } else {
    item.text = ShortText(summary, false);
  }
  item.content_key = std::string(html) + std::string(text) + std::string(summary);
  if (item.content_key.empty()) item.content_key = std::string(title);
  return item;
}

}  // namespace

bool IsJsonFeed(const rapidjson::Value& root) {
  std::string_view version = plugin::JsonString(root, "version").value_or("");
  return version.starts_with(kVersionPrefix) || version.starts_with(kOldVersionPrefix);
}

Feed ReadJsonFeed(const rapidjson::Value& root, std::string_view url) {
  Feed feed;
  std::string_view version = plugin::JsonString(root, "version").value_or("");
  version.remove_prefix(version.starts_with(kVersionPrefix) ? kVersionPrefix.size()
                                                            : kOldVersionPrefix.size());
  feed.format = "JSON Feed " + std::string(version == "1" ? "1.0" : version);
  feed.site_url =
      plugin::ResolveHttpUrl(url, plugin::JsonString(root, "home_page_url").value_or(""));
  std::string base = feed.site_url.empty() ? std::string(url) : feed.site_url;
  const rapidjson::Value* items = plugin::JsonMember(root, "items");
  if (items == nullptr || !items->IsArray()) return feed;
  for (const rapidjson::Value& item : items->GetArray()) {
    if (item.IsObject()) feed.items.push_back(ReadItem(item, base));
  }
  return feed;
}

}  // namespace postwatch::web
