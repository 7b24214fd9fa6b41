#include "bluesky/bluesky_feed.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "bluesky/bluesky_actor.h"
#include "support/feed_date.h"
#include "support/json_fields.h"
#include "support/plain_text.h"
#include "support/url_ref.h"

namespace postwatch::bluesky {
namespace {

constexpr size_t kMaxTextBytes = 500;
constexpr std::string_view kLinkFeature = "app.bsky.richtext.facet#link";
constexpr std::string_view kExternalEmbed = "app.bsky.embed.external";
constexpr std::string_view kExternalEmbedView = "app.bsky.embed.external#view";
constexpr std::string_view kRecordWithMedia = "app.bsky.embed.recordWithMedia";
constexpr std::string_view kRecordWithMediaView = "app.bsky.embed.recordWithMedia#view";
constexpr std::string_view kReasonRepost = "app.bsky.feed.defs#reasonRepost";
constexpr std::string_view kReasonPin = "app.bsky.feed.defs#reasonPin";

std::string StringOr(const rapidjson::Value& object, std::string_view key) {
  std::optional<std::string_view> value = plugin::JsonString(object, key);
  return value ? std::string(*value) : std::string();
}

void AddUnique(std::vector<std::string>& links, std::string link) {
  if (!plugin::IsHttpUrl(link)) return;
  if (std::find(links.begin(), links.end(), link) == links.end()) {
    links.push_back(std::move(link));
  }
}

// external.uri of an external embed (record or view form).
void AddExternal(const rapidjson::Value* embed, std::vector<std::string>& links) {
  if (embed == nullptr) return;
  std::string type = StringOr(*embed, "$type");
  if (type == kExternalEmbed || type == kExternalEmbedView) {
    if (const rapidjson::Value* external = plugin::JsonMember(*embed, "external")) {
      AddUnique(links, StringOr(*external, "uri"));
    }
  } else if (type == kRecordWithMedia || type == kRecordWithMediaView) {
    AddExternal(plugin::JsonMember(*embed, "media"), links);
  }
}

std::vector<std::string> PostLinks(const rapidjson::Value& post) {
  std::vector<std::string> links;
  const rapidjson::Value* record = plugin::JsonMember(post, "record");
  if (record == nullptr) return links;
  if (const rapidjson::Value* facets = plugin::JsonMember(*record, "facets");
      facets != nullptr && facets->IsArray()) {
    for (const rapidjson::Value& facet : facets->GetArray()) {
      const rapidjson::Value* features = plugin::JsonMember(facet, "features");
      if (features == nullptr || !features->IsArray()) continue;
      for (const rapidjson::Value& feature : features->GetArray()) {
        if (StringOr(feature, "$type") == kLinkFeature) AddUnique(links, StringOr(feature, "uri"));
      }
    }
  }
  size_t before = links.size();
  AddExternal(plugin::JsonMember(*record, "embed"), links);
  // The hydrated view carries the same card; read it only when the record had none.
  if (links.size() == before) AddExternal(plugin::JsonMember(post, "embed"), links);
  return links;
}

std::string WebUrlOf(const rapidjson::Value& post, std::string_view uri) {
  std::string who;
  if (const rapidjson::Value* author = plugin::JsonMember(post, "author")) {
    who = StringOr(*author, "handle");
    if (who.empty() || who == "handle.invalid") who = StringOr(*author, "did");
  }
  if (who.empty()) {
    std::string_view rest = uri.substr(5);
    who = std::string(rest.substr(0, rest.find('/')));
  }
  std::string rkey = RecordKey(uri);
  return rkey.empty() ? std::string() : PostWebUrl(who, rkey);
}

struct ReadItem {
  plugin::PostFields post;
  int64_t sort_ms = 0;
  bool pinned = false;
};

ReadItem ReadFeedItem(const rapidjson::Value& item, const rapidjson::Value& post,
                      std::string_view uri) {
  ReadItem read;
  const rapidjson::Value* record = plugin::JsonMember(post, "record");
  const rapidjson::Value* reason = plugin::JsonMember(item, "reason");
  std::string reason_type = reason != nullptr ? StringOr(*reason, "$type") : std::string();
  std::string web_url = WebUrlOf(post, uri);
  // 0 means unknown for both times (ParseTimeMs never yields 0 for a real post).
  const int64_t indexed_ms = ParseTimeMs(StringOr(post, "indexedAt")).value_or(0);
  const int64_t created_ms =
      record != nullptr ? ParseTimeMs(StringOr(*record, "createdAt")).value_or(0) : 0;
  plugin::PostFields& out = read.post;
  if (reason_type == kReasonRepost) {
    const int64_t reposted_ms = ParseTimeMs(StringOr(*reason, "indexedAt")).value_or(0);
    out.id = "repost:" + std::string(uri);
    out.kind = PW_POST_KIND_SHARE;
    out.url = web_url;
    out.shared_url = web_url;
    read.sort_ms = reposted_ms != 0 ? reposted_ms : indexed_ms;
    out.published_at = read.sort_ms / 1000;
  } else {
    out.id = std::string(uri);
    out.url = web_url;
    if (record != nullptr && plugin::JsonMember(*record, "reply") != nullptr) {
      out.kind = PW_POST_KIND_REPLY;
    }
    read.sort_ms = indexed_ms != 0 ? indexed_ms : created_ms;
    out.published_at = (created_ms != 0 ? created_ms : indexed_ms) / 1000;
    read.pinned = reason_type == kReasonPin;
  }
  out.links = PostLinks(post);
  if (record != nullptr) {
    out.text = plugin::TruncateUtf8(StringOr(*record, "text"), kMaxTextBytes);
  }
  return read;
}

FeedParse Error(pw_status code, std::string message) {
  FeedParse result;
  result.code = code;
  result.message = std::move(message);
  return result;
}

// Orders items by (sort time, id), to pick the newest item of a page.
bool Newer(int64_t sort_ms, std::string_view id, const FeedCursor& than) {
  return sort_ms > than.sort_ms || (sort_ms == than.sort_ms && id > than.id);
}

// An item was seen by an earlier poll when it is older than the cursor's item, or is that
// item. An item indexed in the same millisecond with another id counts as new: emitting it
// twice costs nothing (the host keeps one row per post id), missing it would lose a post.
bool Seen(int64_t sort_ms, std::string_view id, const FeedCursor& cursor) {
  return sort_ms < cursor.sort_ms || (sort_ms == cursor.sort_ms && id == cursor.id);
}

}  // namespace

std::string FormatFeedCursor(const FeedCursor& cursor) {
  return std::to_string(cursor.sort_ms) + " " + cursor.id;
}

std::optional<FeedCursor> ParseFeedCursor(std::string_view text) {
  size_t space = text.find(' ');
  if (space == std::string_view::npos || space == 0 || space + 1 == text.size()) {
    return std::nullopt;
  }
  FeedCursor cursor;
  auto [end, ec] = std::from_chars(text.data(), text.data() + space, cursor.sort_ms);
  if (ec != std::errc() || end != text.data() + space) return std::nullopt;
  cursor.id = std::string(text.substr(space + 1));
  return cursor;
}

std::optional<int64_t> ParseTimeMs(std::string_view text) {
  std::optional<int64_t> seconds = plugin::ParseIso8601Date(text);
  if (!seconds) return std::nullopt;
  int64_t ms = 0;
  size_t t = text.find_first_of("Tt ");
  size_t dot = t == std::string_view::npos ? t : text.find_first_of(".,", t);
  if (dot != std::string_view::npos) {
    int digits = 0;
    for (size_t i = dot + 1; i < text.size() && digits < 3; ++i, ++digits) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) break;
      ms = ms * 10 + (text[i] - '0');
    }
    for (; digits < 3; ++digits) ms *= 10;
  }
  return *seconds * 1000 + ms;
}

FeedParse ParseAuthorFeed(std::string_view body, const std::optional<FeedCursor>& cursor) {
  plugin::JsonParse json = plugin::ParseJson(body);
  if (!json.ok()) return Error(PW_E_PARSE, "the author feed is not JSON: " + json.error);
  const rapidjson::Value* feed = plugin::JsonMember(json.doc, "feed");
  if (feed == nullptr || !feed->IsArray()) {
    return Error(PW_E_LAYOUT, "the author feed has no \"feed\" array");
  }
  FeedParse result;
  FeedPage& page = result.page;
  page.next_cursor = StringOr(json.doc, "cursor");
  size_t index = 0;
  for (const rapidjson::Value& item : feed->GetArray()) {
    const rapidjson::Value* post = plugin::JsonMember(item, "post");
    std::optional<std::string_view> uri =
        post != nullptr ? plugin::JsonString(*post, "uri") : std::nullopt;
    if (!uri || uri->substr(0, 5) != "at://" || RecordKey(*uri).empty()) {
      return Error(PW_E_LAYOUT,
                   "feed item " + std::to_string(index) + " has no post with an at:// uri");
    }
    ++index;
    ReadItem read = ReadFeedItem(item, *post, *uri);
    bool is_new = !cursor || read.sort_ms == 0 || !Seen(read.sort_ms, read.post.id, *cursor);
    if (!read.pinned) {
      if (!page.newest || Newer(read.sort_ms, read.post.id, *page.newest)) {
        page.newest = FeedCursor{read.sort_ms, read.post.id};
      }
      if (!is_new) page.reached_cursor = true;
    }
    if (is_new) page.posts.push_back(std::move(read.post));
  }
  page.item_count = index;
  return result;
}

}  // namespace postwatch::bluesky
