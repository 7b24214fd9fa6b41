#include "web/wordpress_posts.h"

#include <rapidjson/document.h>

#include "support/feed_date.h"
#include "support/html_links.h"
#include "support/http_fields.h"
#include "support/json_fields.h"
#include "support/url_ref.h"
#include "web/item_text.h"

namespace postwatch::web {
namespace {

WordPressPage Failure(pw_status status, std::string message) {
  WordPressPage page;
  page.status = status;
  page.message = std::move(message);
  return page;
}

// The "rendered" string of a WordPress rendered field ({"rendered": "..."}), or the field
// itself when a site returns a plain string.
std::string_view Rendered(const rapidjson::Value& post, std::string_view key) {
  const rapidjson::Value* field = plugin::JsonMember(post, key);
  if (field == nullptr) return {};
  if (field->IsString()) return {field->GetString(), field->GetStringLength()};
  return plugin::JsonString(*field, "rendered").value_or("");
}

bool IsLoginRefusal(std::string_view code) {
  return code == "rest_forbidden" || code == "rest_cannot_access" ||
         code == "rest_login_required" || code == "rest_not_logged_in" ||
         code == "rest_authentication_required" || code == "rest_cannot_read" ||
         code == "rest_forbidden_context";
}

// A WordPress error body: {"code": "...", "message": "...", "data": {"status": N}}.
WordPressPage ErrorBody(int status, const rapidjson::Value& error, std::string_view url) {
  std::string code(plugin::JsonString(error, "code").value_or(""));
  std::string text(plugin::JsonString(error, "message").value_or(""));
  std::string what = "WordPress REST API answered HTTP " + std::to_string(status) +
                     (code.empty() ? "" : " " + code) + (text.empty() ? "" : " (" + text + ")") +
                     " at " + std::string(url);
  if (code == "rest_post_invalid_page_number") return Failure(PW_DONE, what);
  if (code == "rest_no_route") {
    return Failure(PW_E_LAYOUT, what +
                                    ": the site has no wp/v2/posts route (REST API disabled or "
                                    "not WordPress); register the site's feed instead");
  }
  if (IsLoginRefusal(code) || status == 401 || status == 403) {
    return Failure(PW_E_AUTH, what +
                                  ": the posts are not public through the REST API; "
                                  "register the site's feed instead");
  }
  if (status == 404 || status == 410) return Failure(PW_E_GONE, what);
  if (status == 429) return Failure(PW_E_RATELIMITED, what);
  return Failure(PW_E_PARSE, what);
}

std::optional<plugin::PostFields> ReadPost(const rapidjson::Value& post, int64_t& id,
                                           int64_t& published_at) {
  std::optional<int64_t> numeric = plugin::JsonInt(post, "id");
  if (!numeric) return std::nullopt;
  id = *numeric;
  plugin::PostFields fields;
  std::string link = plugin::ResolveHttpUrl("", plugin::JsonString(post, "link").value_or(""));
  std::string guid(Rendered(post, "guid"));
  fields.id = !guid.empty() ? guid : !link.empty() ? link : "wp:" + std::to_string(id);
  fields.url = link;
  std::string date(plugin::JsonString(post, "date_gmt").value_or(""));
  published_at = plugin::ParseFeedDate(date).value_or(0);
  fields.published_at = published_at;
  std::string_view title = Rendered(post, "title");
  std::string_view content = Rendered(post, "content");
  fields.text = ShortText(title.empty() ? content : title, true);
  for (std::string& found : plugin::ExtractHtmlLinks(content, link)) {
    bool seen = false;
    for (const std::string& existing : fields.links) seen = seen || existing == found;
    if (!seen) fields.links.push_back(std::move(found));
  }
  return fields;
}

}  // namespace

WordPressPage ReadWordPressPage(int status, std::string_view body, std::string_view url,
                                const std::optional<WordPressCursor>& cursor) {
  plugin::JsonParse parsed = plugin::ParseJson(body);
  if (parsed.ok() && parsed.doc.IsObject() && plugin::JsonMember(parsed.doc, "code") != nullptr) {
    return ErrorBody(status, parsed.doc, url);
  }
  if (!plugin::IsSuccess(status)) {
    std::string where = "HTTP " + std::to_string(status) + " from " + std::string(url);
    if (status == 404 || status == 410) return Failure(PW_E_GONE, where + ": no such site");
    if (status == 401 || status == 403) return Failure(PW_E_AUTH, where + ": not public");
    if (status == 429) return Failure(PW_E_RATELIMITED, where);
    return Failure(PW_E_PARSE, where + ": expected a WordPress posts list");
  }
  if (!parsed.ok()) {
    size_t first = body.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && body[first] == '<') {
      return Failure(PW_E_LAYOUT, "the WordPress REST API at " + std::string(url) +
                                      " answered HTML, not JSON (REST API disabled?); register "
                                      "the site's feed instead");
    }
    return Failure(PW_E_PARSE, "the WordPress REST API at " + std::string(url) +
                                   " answered invalid JSON (" + parsed.error + ")");
  }
  if (!parsed.doc.IsArray()) {
    return Failure(PW_E_LAYOUT, "the WordPress REST API at " + std::string(url) +
                                    " answered JSON that is not a list of posts");
  }
  WordPressPage page;
  for (const rapidjson::Value& post : parsed.doc.GetArray()) {
    if (!post.IsObject()) continue;
    int64_t id = 0;
    int64_t published_at = 0;
    std::optional<plugin::PostFields> fields = ReadPost(post, id, published_at);
    if (!fields) continue;
    ++page.listed;
    WordPressCursor position{published_at, id};
    if (!page.newest || *page.newest < position) page.newest = position;
    if (cursor && !(*cursor < position)) {
      page.reached_cursor = true;
      continue;
    }
    page.posts.push_back(std::move(*fields));
  }
  return page;
}

}  // namespace postwatch::web
