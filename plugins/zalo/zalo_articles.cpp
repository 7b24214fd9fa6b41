#include "zalo/zalo_articles.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "support/html_links.h"
#include "support/json_fields.h"
#include "support/plain_text.h"
#include "support/text_urls.h"
#include "support/url_ref.h"

namespace postwatch::zalo {
namespace {

constexpr size_t kMaxTextBytes = 500;
constexpr size_t kMaxIdBytes = 128;

std::string StringOr(const rapidjson::Value& object, std::string_view key) {
  std::optional<std::string_view> value = plugin::JsonString(object, key);
  return value ? std::string(*value) : std::string();
}

// create_date as Zalo writes it: an integer of Unix ms (a numeric string is accepted too).
std::optional<int64_t> MillisOf(const rapidjson::Value& object, std::string_view key) {
  if (auto number = plugin::JsonInt(object, key)) return number;
  if (auto text = plugin::JsonString(object, key)) {
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec == std::errc() && end == text->data() + text->size()) return value;
  }
  return std::nullopt;
}

// The article id: a string, or a number written as text.
std::optional<std::string> IdOf(const rapidjson::Value& object) {
  std::optional<std::string> id = plugin::JsonScalarText(object, "id");
  if (!id || !IsArticleId(*id)) return std::nullopt;
  return id;
}

void AddUnique(std::vector<std::string>& links, std::string link) {
  if (!plugin::IsHttpUrl(link)) return;
  if (std::find(links.begin(), links.end(), link) == links.end()) links.push_back(std::move(link));
}

void AddTextUrls(std::vector<std::string>& links, std::string_view text) {
  for (std::string& url : plugin::ExtractTextUrls(text)) AddUnique(links, std::move(url));
}

bool IsShown(const rapidjson::Value& object) {
  std::optional<std::string_view> status = plugin::JsonString(object, "status");
  return !status || *status == "show";
}

}  // namespace

std::string FormatCursor(const ArticleKey& key) {
  return std::to_string(key.create_ms) + ":" + key.id;
}

std::optional<ArticleKey> ParseCursor(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  ArticleKey key;
  auto [end, ec] = std::from_chars(text.data(), text.data() + colon, key.create_ms);
  if (ec != std::errc() || end != text.data() + colon || key.create_ms < 0) return std::nullopt;
  key.id = std::string(text.substr(colon + 1));
  if (!IsArticleId(key.id)) return std::nullopt;
  return key;
}

bool AtOrOlder(const ArticleKey& article, const ArticleKey& cursor) {
  if (article.create_ms != cursor.create_ms) return article.create_ms < cursor.create_ms;
  return article.id <= cursor.id;
}

bool IsArticleId(std::string_view id) {
  return !id.empty() && id.size() <= kMaxIdBytes && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
  });
}

SliceParse ParseSliceData(const rapidjson::Value& data, const std::optional<ArticleKey>& cursor) {
  SliceParse result;
  const rapidjson::Value* medias = plugin::JsonMember(data, "medias");
  if (medias == nullptr || !medias->IsArray()) {
    result.code = PW_E_LAYOUT;
    result.message = "the article listing has no \"medias\" array";
    return result;
  }
  SlicePage& page = result.page;
  page.total = plugin::JsonInt(data, "total");
  for (const rapidjson::Value& media : medias->GetArray()) {
    std::optional<std::string> id = media.IsObject() ? IdOf(media) : std::nullopt;
    std::optional<int64_t> created =
        media.IsObject() ? MillisOf(media, "create_date") : std::nullopt;
    if (!id || !created) {
      result.code = PW_E_LAYOUT;
      result.message = "media " + std::to_string(page.media_count) +
                       " of the article listing has no valid id or create_date";
      return result;
    }
    ++page.media_count;
    ArticleKey key{*created, std::move(*id)};
    if (cursor && AtOrOlder(key, *cursor)) {
      page.reached_cursor = true;
      continue;
    }
    if (!IsShown(media)) continue;
    ListedArticle article;
    article.link = StringOr(media, "link");
    if (!plugin::IsHttpUrl(article.link)) article.link.clear();
    if (const rapidjson::Value* body = plugin::JsonMember(media, "body");
        body != nullptr && body->IsArray()) {
      DetailParse detail = ParseArticleData(media, key, article.link);
      if (detail.code != PW_OK) {
        result.code = detail.code;
        result.message = detail.message;
        return result;
      }
      article.post = std::move(detail.post);
    }
    article.key = std::move(key);
    page.fresh.push_back(std::move(article));
  }
  std::sort(page.fresh.begin(), page.fresh.end(),
            [](const ListedArticle& a, const ListedArticle& b) {
              return !AtOrOlder(b.key, a.key);  // a strictly older than b
            });
  return result;
}

DetailParse ParseArticleData(const rapidjson::Value& data, const ArticleKey& listed,
                             std::string_view listed_link) {
  DetailParse result;
  if (!data.IsObject()) {
    result.code = PW_E_LAYOUT;
    result.message = "the article detail is not an object";
    return result;
  }
  std::optional<std::string> id = IdOf(data);
  if (id && *id != listed.id) {
    result.code = PW_E_LAYOUT;
    result.message = "the article detail answers id " + *id + " for article " + listed.id;
    return result;
  }
  const rapidjson::Value* body = plugin::JsonMember(data, "body");
  if (body != nullptr && !body->IsArray() && !body->IsNull()) {
    result.code = PW_E_LAYOUT;
    result.message = "the body of article " + listed.id + " is not an array of blocks";
    return result;
  }
  if (!IsShown(data)) return result;
  plugin::PostFields post;
  post.id = listed.id;
  post.url = StringOr(data, "link");
  if (!plugin::IsHttpUrl(post.url)) post.url = std::string(listed_link);
  post.published_at = MillisOf(data, "create_date").value_or(listed.create_ms) / 1000;
  const std::string base = post.url;
  if (body != nullptr && body->IsArray()) {
    for (const rapidjson::Value& block : body->GetArray()) {
      if (!block.IsObject()) continue;
      std::string type = StringOr(block, "type");
      if (auto content = plugin::JsonString(block, "content")) {
        for (std::string& link : plugin::ExtractHtmlLinks(*content, base)) {
          AddUnique(post.links, std::move(link));
        }
      }
      if (auto caption = plugin::JsonString(block, "caption")) AddTextUrls(post.links, *caption);
      AddUnique(post.links, StringOr(block, "link"));
      if (type == "link") AddUnique(post.links, StringOr(block, "url"));
    }
  }
  if (const rapidjson::Value* cite = plugin::JsonMember(data, "cite")) {
    if (cite->IsString()) {
      AddUnique(post.links, std::string(cite->GetString(), cite->GetStringLength()));
    } else {
      AddUnique(post.links, StringOr(*cite, "url"));
    }
  }
  std::string description = StringOr(data, "description");
  AddTextUrls(post.links, description);
  std::string text = plugin::CollapseWhitespace(StringOr(data, "title"));
  std::string summary = plugin::CollapseWhitespace(description);
  if (!text.empty() && !summary.empty()) text += " ";
  text += summary;
  post.text = plugin::TruncateUtf8(text, kMaxTextBytes);
  result.post = std::move(post);
  return result;
}

}  // namespace postwatch::zalo
