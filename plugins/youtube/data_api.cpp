#include "youtube/data_api.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "support/feed_date.h"
#include "support/json_fields.h"
#include "support/plain_text.h"
#include "support/text_urls.h"
#include "youtube/video_feed.h"

namespace postwatch::youtube {
namespace {

constexpr size_t kMaxTextBytes = 300;

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    }
  }
  return out;
}

std::string StringOr(const rapidjson::Value* object, std::string_view key) {
  if (object == nullptr) return "";
  std::optional<std::string_view> value = plugin::JsonString(*object, key);
  return value ? std::string(*value) : std::string();
}

bool IsRateLimitReason(std::string_view reason) {
  return reason == "quotaExceeded" || reason == "rateLimitExceeded" ||
         reason == "userRateLimitExceeded" || reason == "dailyLimitExceeded";
}

bool IsAuthReason(std::string_view reason) {
  return reason == "keyInvalid" || reason == "keyExpired" || reason == "accessNotConfigured" ||
         reason == "forbidden" || reason == "ipRefererBlocked" || reason == "API_KEY_INVALID" ||
         reason == "PERMISSION_DENIED" || reason == "UNAUTHENTICATED";
}

}  // namespace

std::string UploadsPlaylistId(std::string_view channel_id) {
  return "UU" + std::string(channel_id.substr(2));
}

std::string PlaylistItemsUrl(std::string_view playlist_id, std::string_view page_token) {
  std::string url =
      "https://www.googleapis.com/youtube/v3/playlistItems?part=snippet,contentDetails"
      "&maxResults=50&playlistId=" +
      PercentEncode(playlist_id);
  if (!page_token.empty()) url += "&pageToken=" + PercentEncode(page_token);
  return url;
}

PlaylistPage ReadPlaylistPage(std::string_view body, std::string_view cursor) {
  PlaylistPage page;
  plugin::JsonParse parsed = plugin::ParseJson(body);
  if (!parsed.ok()) {
    page.error = "the playlistItems answer is not JSON: " + parsed.error;
    page.not_json = true;
    return page;
  }
  const rapidjson::Value* items = plugin::JsonMember(parsed.doc, "items");
  if (items == nullptr || !items->IsArray()) {
    page.error = "the playlistItems answer has no items array";
    return page;
  }
  page.next_page_token = StringOr(&parsed.doc, "nextPageToken");
  for (const rapidjson::Value& item : items->GetArray()) {
    const rapidjson::Value* snippet = plugin::JsonMember(item, "snippet");
    const rapidjson::Value* details = plugin::JsonMember(item, "contentDetails");
    const rapidjson::Value* resource =
        snippet == nullptr ? nullptr : plugin::JsonMember(*snippet, "resourceId");
    std::string id = StringOr(details, "videoId");
    if (id.empty()) id = StringOr(resource, "videoId");
    if (id.empty()) continue;
    if (page.first_id.empty()) page.first_id = id;
    if (!cursor.empty() && id == cursor) {
      page.reached_cursor = true;
      break;
    }
    std::string title = StringOr(snippet, "title");
    std::string video_published = StringOr(details, "videoPublishedAt");
    if (details != nullptr && video_published.empty() &&
        (title == "Private video" || title == "Deleted video")) {
      continue;
    }
    plugin::PostFields post;
    post.id = id;
    post.kind = PW_POST_KIND_VIDEO;
    post.url = "https://www.youtube.com/watch?v=" + id;
    std::optional<int64_t> when = plugin::ParseFeedDate(video_published);
    if (!when) when = plugin::ParseFeedDate(StringOr(snippet, "publishedAt"));
    post.published_at = when.value_or(0);
    post.text = plugin::TruncateUtf8(plugin::CollapseWhitespace(title), kMaxTextBytes);
    AppendUnique(plugin::ExtractTextUrls(StringOr(snippet, "description")), post.links);
    page.posts.push_back(std::move(post));
  }
  return page;
}

ApiError ReadApiError(int status, std::string_view body) {
  ApiError result;
  // Both error shapes carry reasons: error.errors[].reason (legacy), error.status and
  // error.details[].reason (newer); any of them may decide the class.
  std::vector<std::string> reasons;
  std::string text;
  plugin::JsonParse parsed = plugin::ParseJson(body);
  const rapidjson::Value* error = parsed.ok() ? plugin::JsonMember(parsed.doc, "error") : nullptr;
  if (error != nullptr) {
    text = StringOr(error, "message");
    for (const char* list : {"errors", "details"}) {
      const rapidjson::Value* entries = plugin::JsonMember(*error, list);
      if (entries == nullptr || !entries->IsArray()) continue;
      for (const rapidjson::Value& entry : entries->GetArray()) {
        std::string reason = StringOr(&entry, "reason");
        if (!reason.empty()) reasons.push_back(std::move(reason));
      }
    }
    std::string grpc_status = StringOr(error, "status");
    if (!grpc_status.empty()) reasons.push_back(std::move(grpc_status));
  }
  auto any = [&reasons](bool (*test)(std::string_view)) {
    return std::any_of(reasons.begin(), reasons.end(),
                       [test](const std::string& reason) { return test(reason); });
  };
  std::string detail = "YouTube Data API HTTP " + std::to_string(status);
  if (!reasons.empty()) detail += " " + reasons.front();
  if (!text.empty()) detail += ": " + text;
  if (any(IsRateLimitReason) || status == 429) {
    result.code = PW_E_RATELIMITED;
    result.message = detail + " (the API quota is spent; polls resume when it resets)";
  } else if (any([](std::string_view r) { return r == "playlistNotFound"; }) || status == 404) {
    result.code = PW_E_GONE;
    result.message = detail + " (the channel or its uploads playlist no longer exists)";
  } else if (any(IsAuthReason) || status == 401 || status == 403) {
    result.code = PW_E_AUTH;
    result.message = detail + " (check the API key passed as the account's credential)";
  } else {
    result.code = PW_E_PARSE;
    result.message = detail;
  }
  return result;
}

}  // namespace postwatch::youtube
