#include "youtube/video_feed.h"

#include <algorithm>
#include <cctype>

#include "support/feed_date.h"
#include "support/plain_text.h"
#include "support/text_urls.h"
#include "support/xml_tree.h"
#include "youtube/channel_ref.h"

namespace postwatch::youtube {
namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kYtNs = "http://www.youtube.com/xml/schemas/2015";
constexpr std::string_view kMediaNs = "http://search.yahoo.com/mrss/";
constexpr size_t kMaxTextBytes = 300;

bool IsAtom(const xmlNode* node, std::string_view local) {
  return plugin::IsElement(node, local, {kAtomNs, ""});
}
bool IsYt(const xmlNode* node, std::string_view local) {
  return plugin::IsElement(node, local, {kYtNs}, "yt:" + std::string(local));
}
bool IsMedia(const xmlNode* node, std::string_view local) {
  return plugin::IsElement(node, local, {kMediaNs}, "media:" + std::string(local));
}

struct Entry {
  plugin::PostFields post;
  std::string channel_id;
};

Entry ReadEntry(const xmlNode* entry) {
  Entry out;
  out.post.kind = PW_POST_KIND_VIDEO;
  std::string atom_id;
  std::string updated;
  std::string published;
  for (const xmlNode* child : plugin::ChildElements(entry)) {
    if (IsYt(child, "videoId")) {
      out.post.id = plugin::TrimmedText(child);
    } else if (IsYt(child, "channelId")) {
      out.channel_id = plugin::TrimmedText(child);
    } else if (IsAtom(child, "id")) {
      atom_id = plugin::TrimmedText(child);
    } else if (IsAtom(child, "title")) {
      out.post.text =
          plugin::TruncateUtf8(plugin::CollapseWhitespace(plugin::NodeText(child)), kMaxTextBytes);
    } else if (IsAtom(child, "link")) {
      std::string rel = plugin::Attribute(child, "rel");
      if ((rel.empty() || rel == "alternate") && out.post.url.empty()) {
        out.post.url = plugin::Attribute(child, "href");
      }
    } else if (IsAtom(child, "published")) {
      published = plugin::TrimmedText(child);
    } else if (IsAtom(child, "updated")) {
      updated = plugin::TrimmedText(child);
    } else if (IsMedia(child, "group")) {
      for (const xmlNode* media : plugin::ChildElements(child)) {
        if (IsMedia(media, "description")) {
          AppendUnique(plugin::ExtractTextUrls(plugin::NodeText(media)), out.post.links);
        }
      }
    }
  }
  constexpr std::string_view kIdPrefix = "yt:video:";
  if (out.post.id.empty() && atom_id.rfind(kIdPrefix, 0) == 0) {
    out.post.id = atom_id.substr(kIdPrefix.size());
  }
  if (out.post.url.empty() && !out.post.id.empty()) {
    out.post.url = "https://www.youtube.com/watch?v=" + out.post.id;
  }
  std::optional<int64_t> when = plugin::ParseFeedDate(published);
  if (!when) when = plugin::ParseFeedDate(updated);
  out.post.published_at = when.value_or(0);
  return out;
}

bool LooksLikeHtml(std::string_view bytes) {
  std::string head(bytes.substr(0, 512));
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return head.find("<!doctype html") != std::string::npos ||
         head.find("<html") != std::string::npos;
}

}  // namespace

void AppendUnique(std::vector<std::string> links, std::vector<std::string>& out) {
  for (std::string& link : links) {
    if (std::find(out.begin(), out.end(), link) == out.end()) out.push_back(std::move(link));
  }
}

VideoFeed ReadVideoFeed(std::string_view bytes, std::string_view url) {
  VideoFeed feed;
  plugin::XmlDocPtr doc = plugin::ReadXmlDocument(bytes, url);
  const xmlNode* root = doc == nullptr ? nullptr : xmlDocGetRootElement(doc.get());
  if (root == nullptr) {
    // HTML that the XML parser cannot even recover (unquoted attributes) is still a page,
    // not noise: YouTube's consent and error pages are HTML.
    bool html = LooksLikeHtml(bytes);
    feed.kind = html ? VideoFeedKind::kNotAFeed : VideoFeedKind::kUnreadable;
    feed.message =
        html ? "expected the channel feed, got an HTML page" : "the channel feed is not XML";
    return feed;
  }
  if (!IsAtom(root, "feed")) {
    feed.kind = VideoFeedKind::kNotAFeed;
    feed.message = "expected an Atom <feed>, got <" + std::string(plugin::LocalName(root)) + ">";
    return feed;
  }
  std::string feed_channel;
  int64_t newest = 0;
  for (const xmlNode* child : plugin::ChildElements(root)) {
    if (IsYt(child, "channelId")) {
      feed_channel = plugin::TrimmedText(child);
      continue;
    }
    if (!IsAtom(child, "entry")) continue;
    Entry entry = ReadEntry(child);
    if (entry.post.id.empty()) continue;
    if (feed.channel_id.empty() && IsChannelId(entry.channel_id)) {
      feed.channel_id = entry.channel_id;
    }
    if (feed.newest_id.empty() || entry.post.published_at > newest) {
      feed.newest_id = entry.post.id;
      newest = entry.post.published_at;
    }
    feed.posts.push_back(std::move(entry.post));
  }
  // The feed-level id lacks the "UC" prefix (YouTube has written it that way for years).
  if (feed.channel_id.empty()) {
    if (IsChannelId(feed_channel)) {
      feed.channel_id = feed_channel;
    } else if (IsChannelId("UC" + feed_channel)) {
      feed.channel_id = "UC" + feed_channel;
    }
  }
  return feed;
}

}  // namespace postwatch::youtube
