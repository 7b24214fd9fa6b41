#include "facebook/facebook_posts.h"

#include <algorithm>
#include <charconv>

#include "facebook/facebook_page.h"
#include "support/feed_date.h"
#include "support/json_fields.h"
#include "support/plain_text.h"
#include "support/text_urls.h"
#include "support/url_ref.h"

namespace postwatch::facebook {
namespace {

constexpr size_t kMaxTextBytes = 500;
constexpr int kMaxAttachmentDepth = 3;

std::string StringOr(const rapidjson::Value& object, std::string_view key) {
  return std::string(plugin::JsonString(object, key).value_or(""));
}

void AddUnique(std::vector<std::string>& links, std::string link) {
  if (std::find(links.begin(), links.end(), link) == links.end()) {
    links.push_back(std::move(link));
  }
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The link an attachment carries: unshimmed_url, else url, else target.url; "" when none is
// an http(s) URL.
std::string AttachmentUrl(const rapidjson::Value& attachment) {
  for (std::string_view key : {"unshimmed_url", "url"}) {
    std::string url = StringOr(attachment, key);
    if (plugin::IsHttpUrl(url)) return url;
  }
  if (const rapidjson::Value* target = plugin::JsonMember(attachment, "target")) {
    std::string url = StringOr(*target, "url");
    if (plugin::IsHttpUrl(url)) return url;
  }
  return "";
}

struct AttachmentScan {
  std::vector<std::string> links;
  std::string shared_url;
  std::string first_type;
};

void ScanAttachments(const rapidjson::Value& container, int depth, AttachmentScan& scan) {
  const rapidjson::Value* data = plugin::JsonMember(container, "data");
  if (data == nullptr || !data->IsArray() || depth > kMaxAttachmentDepth) return;
  for (const rapidjson::Value& attachment : data->GetArray()) {
    if (!attachment.IsObject()) continue;
    std::string type = StringOr(attachment, "type");
    if (scan.first_type.empty()) scan.first_type = type.empty() ? "-" : type;
    std::string url = AttachmentUrl(attachment);
    if (!url.empty()) {
      if (!IsFacebookContentUrl(url)) {
        AddUnique(scan.links, url);
      } else if (type == "share" && scan.shared_url.empty()) {
        scan.shared_url = url;
      }
    }
    if (const rapidjson::Value* sub = plugin::JsonMember(attachment, "subattachments")) {
      ScanAttachments(*sub, depth + 1, scan);
    }
  }
}

plugin::PostFields ReadPost(const rapidjson::Value& post, std::string id, int64_t published_at) {
  plugin::PostFields out;
  out.id = std::move(id);
  out.published_at = published_at;
  std::string permalink = StringOr(post, "permalink_url");
  if (plugin::IsHttpUrl(permalink)) out.url = permalink;
  std::string message = StringOr(post, "message");
  for (std::string& url : plugin::ExtractTextUrls(message)) AddUnique(out.links, url);
  out.text = plugin::TruncateUtf8(plugin::CollapseWhitespace(message), kMaxTextBytes);
  AttachmentScan scan;
  if (const rapidjson::Value* attachments = plugin::JsonMember(post, "attachments")) {
    ScanAttachments(*attachments, 0, scan);
  }
  for (std::string& link : scan.links) AddUnique(out.links, link);
  if (!scan.shared_url.empty()) {
    out.kind = PW_POST_KIND_SHARE;
    out.shared_url = scan.shared_url;
  } else if (scan.first_type.rfind("video", 0) == 0) {
    out.kind = PW_POST_KIND_VIDEO;
  }
  return out;
}

PostsParse Error(pw_status code, std::string message) {
  PostsParse result;
  result.code = code;
  result.message = std::move(message);
  return result;
}

}  // namespace

std::optional<PostsCursor> ParsePostsCursor(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  PostsCursor cursor;
  std::string_view seconds = text.substr(0, colon);
  auto [end, ec] = std::from_chars(seconds.data(), seconds.data() + seconds.size(), cursor.time);
  if (ec != std::errc() || end != seconds.data() + seconds.size() || cursor.time < 0) {
    return std::nullopt;
  }
  std::string_view ids = text.substr(colon + 1);
  while (!ids.empty()) {
    size_t comma = ids.find(',');
    std::string_view id = ids.substr(0, comma);
    if (!IsPostId(id)) return std::nullopt;
    cursor.ids.emplace_back(id);
    if (comma == std::string_view::npos) break;
    ids.remove_prefix(comma + 1);
  }
  if (cursor.ids.empty()) return std::nullopt;
  return cursor;
}

std::string FormatPostsCursor(const PostsCursor& cursor) {
  std::string text = std::to_string(cursor.time) + ":";
  for (size_t i = 0; i < cursor.ids.size(); ++i) {
    if (i > 0) text += ",";
    text += cursor.ids[i];
  }
  return text;
}

PostsCursor NewerCursor(const std::optional<PostsCursor>& old_cursor, const PostsCursor& page) {
  if (!old_cursor || page.time > old_cursor->time) return page;
  if (page.time < old_cursor->time) return *old_cursor;
  PostsCursor merged = *old_cursor;
  for (const std::string& id : page.ids) {
    if (std::find(merged.ids.begin(), merged.ids.end(), id) == merged.ids.end()) {
      merged.ids.push_back(id);
    }
  }
  return merged;
}

bool SeenBy(const PostsCursor& cursor, int64_t time, std::string_view id) {
  if (time != cursor.time) return time < cursor.time;
  return std::find(cursor.ids.begin(), cursor.ids.end(), id) != cursor.ids.end();
}

bool IsFacebookContentUrl(std::string_view url) {
  std::string host = plugin::UrlHost(url);
  if (host == "l.facebook.com" || host == "lm.facebook.com") return false;
  return host == "facebook.com" || EndsWith(host, ".facebook.com") || host == "fb.com" ||
         host == "www.fb.com" || host == "fb.watch";
}

PostsParse ParsePostsPage(std::string_view body, const std::optional<PostsCursor>& cursor) {
  plugin::JsonParse json = plugin::ParseJson(body);
  if (!json.ok()) return Error(PW_E_PARSE, "the posts page is not JSON: " + json.error);
  const rapidjson::Value* data = plugin::JsonMember(json.doc, "data");
  if (data == nullptr || !data->IsArray()) {
    return Error(PW_E_LAYOUT, "the posts page has no \"data\" array of posts");
  }
  PostsParse result;
  PostsPage& page = result.page;
  size_t index = 0;
  for (const rapidjson::Value& post : data->GetArray()) {
    std::optional<std::string_view> id = plugin::JsonString(post, "id");
    if (!id || !IsPostId(*id)) {
      return Error(PW_E_LAYOUT, "post " + std::to_string(index) + " of the page has no valid id");
    }
    ++index;
    std::optional<int64_t> time;
    if (auto created = plugin::JsonString(post, "created_time")) {
      time = plugin::ParseIso8601Date(*created);
    }
    if (time) {
      if (!page.newest || *time > page.newest->time) {
        page.newest = PostsCursor{*time, {std::string(*id)}};
      } else if (*time == page.newest->time) {
        page.newest->ids.emplace_back(*id);
      }
      if (cursor && SeenBy(*cursor, *time, *id)) {
        page.reached_cursor = true;
        continue;
      }
    }
    page.posts.push_back(ReadPost(post, std::string(*id), time.value_or(0)));
  }
  page.post_count = index;
  if (const rapidjson::Value* paging = plugin::JsonMember(json.doc, "paging")) {
    if (const rapidjson::Value* cursors = plugin::JsonMember(*paging, "cursors")) {
      page.after = StringOr(*cursors, "after");
    }
    page.has_next = !StringOr(*paging, "next").empty();
  }
  return result;
}

}  // namespace postwatch::facebook
