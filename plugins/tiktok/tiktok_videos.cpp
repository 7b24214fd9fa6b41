#include "tiktok/tiktok_videos.h"

#include <algorithm>
#include <charconv>

#include "support/json_fields.h"
#include "support/plain_text.h"
#include "support/text_urls.h"
#include "support/url_ref.h"
#include "tiktok/tiktok_errors.h"

namespace postwatch::tiktok {
namespace {

constexpr size_t kMaxTextBytes = 500;
constexpr size_t kMaxIdDigits = 32;

std::string StringOr(const rapidjson::Value& object, std::string_view key) {
  std::optional<std::string_view> value = plugin::JsonString(object, key);
  return value ? std::string(*value) : std::string();
}

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view StripLeadingZeros(std::string_view digits) {
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  return digits;
}

void AddUnique(std::vector<std::string>& links, std::string link) {
  if (std::find(links.begin(), links.end(), link) == links.end()) {
    links.push_back(std::move(link));
  }
}

// share_url without its query and fragment; "" when it is not an http(s) URL.
std::string CanonicalShareUrl(std::string_view share_url) {
  if (!plugin::IsHttpUrl(share_url)) return "";
  return std::string(share_url.substr(0, share_url.find_first_of("?#")));
}

plugin::PostFields ReadVideo(const rapidjson::Value& video, std::string id, int64_t create_time) {
  plugin::PostFields post;
  post.id = std::move(id);
  post.kind = PW_POST_KIND_VIDEO;
  post.published_at = create_time;
  post.url = CanonicalShareUrl(StringOr(video, "share_url"));
  std::string description = plugin::CollapseWhitespace(StringOr(video, "video_description"));
  std::string title = plugin::CollapseWhitespace(StringOr(video, "title"));
  for (std::string& link : plugin::ExtractTextUrls(description)) AddUnique(post.links, link);
  for (std::string& link : plugin::ExtractTextUrls(title)) AddUnique(post.links, link);
  std::string text = description;
  if (!title.empty() && description.rfind(title, 0) != 0) {
    text = description.empty() ? title : title + " " + description;
  }
  post.text = plugin::TruncateUtf8(text, kMaxTextBytes);
  return post;
}

VideoPageParse Failure(pw_status code, std::string message) {
  VideoPageParse result;
  result.code = code;
  result.message = std::move(message);
  return result;
}

}  // namespace

std::optional<VideoPosition> ParsePollCursor(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view time = text.substr(0, colon);
  std::string_view id = text.substr(colon + 1);
  if (!AllDigits(time) || time.size() > 15 || !IsValidVideoId(id)) return std::nullopt;
  VideoPosition position;
  std::from_chars(time.data(), time.data() + time.size(), position.create_time);
  position.id = std::string(id);
  return position;
}

std::string FormatPollCursor(const VideoPosition& position) {
  return std::to_string(position.create_time) + ":" + position.id;
}

int ComparePositions(const VideoPosition& a, const VideoPosition& b) {
  if (a.create_time != b.create_time) return a.create_time < b.create_time ? -1 : 1;
  std::string_view x = StripLeadingZeros(a.id);
  std::string_view y = StripLeadingZeros(b.id);
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  return x.compare(y) < 0 ? -1 : (x.compare(y) > 0 ? 1 : 0);
}

bool IsValidVideoId(std::string_view id) { return id.size() <= kMaxIdDigits && AllDigits(id); }

VideoPageParse ParseVideoListPage(int http_status, std::string_view body,
                                  const std::optional<VideoPosition>& cursor) {
  plugin::JsonParse json = plugin::ParseJson(body);
  ApiFailure failure = CheckApiResponse(http_status, json.ok() ? &json.doc : nullptr, "video list");
  if (failure.code != PW_OK) return Failure(failure.code, failure.message);
  if (!json.ok()) return Failure(PW_E_PARSE, "the video list is not JSON: " + json.error);
  const rapidjson::Value* data = plugin::JsonMember(json.doc, "data");
  if (data == nullptr || !data->IsObject()) {
    return Failure(PW_E_LAYOUT, "the video list answer has no \"data\" object");
  }
  VideoPageParse result;
  VideoPage& page = result.page;
  if (const rapidjson::Value* more = plugin::JsonMember(*data, "has_more")) {
    page.has_more = more->IsBool() && more->GetBool();
  }
  page.next_cursor = plugin::JsonInt(*data, "cursor");
  const rapidjson::Value* videos = plugin::JsonMember(*data, "videos");
  if (videos == nullptr || videos->IsNull()) return result;
  if (!videos->IsArray()) {
    return Failure(PW_E_LAYOUT, "the video list's data.videos is not an array");
  }
  size_t index = 0;
  for (const rapidjson::Value& video : videos->GetArray()) {
    std::optional<std::string> id = plugin::JsonScalarText(video, "id");
    std::optional<int64_t> create_time = plugin::JsonInt(video, "create_time");
    if (!id || !IsValidVideoId(*id) || !create_time || *create_time <= 0) {
      return Failure(PW_E_LAYOUT, "video " + std::to_string(index) +
                                      " of the list has no valid id or create_time");
    }
    ++index;
    VideoPosition position{*create_time, *id};
    if (!page.newest || ComparePositions(position, *page.newest) > 0) page.newest = position;
    if (cursor && ComparePositions(position, *cursor) <= 0) {
      page.reached_cursor = true;
      continue;
    }
    page.posts.push_back(ReadVideo(video, std::move(*id), *create_time));
  }
  page.video_count = index;
  return result;
}

}  // namespace postwatch::tiktok
