// Reading a YouTube channel feed (feeds/videos.xml): Atom with yt: and media: extensions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "support/emitter.h"

namespace postwatch::youtube {

enum class VideoFeedKind {
  kFeed,        // an Atom feed; posts may be empty (a channel without videos)
  kUnreadable,  // not XML at all
  kNotAFeed,    // XML or HTML, but not an Atom feed (a consent page, a changed format)
};

struct VideoFeed {
  VideoFeedKind kind = VideoFeedKind::kFeed;
  std::string message;  // why, for kUnreadable and kNotAFeed
  // One post per entry with a video id, in feed order (newest first): id = yt:videoId,
  // kind video, url = link rel=alternate (a /shorts/ URL for Shorts), published_at,
  // text = title, links = the URLs in media:group/media:description, de-duplicated.
  std::vector<plugin::PostFields> posts;
  // The channel id: the first entry's yt:channelId, else "UC" + the feed-level yt:channelId
  // (which YouTube writes without its "UC" prefix). "" when neither is present.
  std::string channel_id;
  // The id of the newest post by published_at; "" when there are no posts.
  std::string newest_id;
};

// Parses a feed body. `url` is the URL that answered (for messages). Never throws on bad
// input. Thread-safe once xmlInitParser() has run.
VideoFeed ReadVideoFeed(std::string_view bytes, std::string_view url);

// Appends the items of `links` not yet in `out`, keeping order.
void AppendUnique(std::vector<std::string> links, std::vector<std::string>& out);

}  // namespace postwatch::youtube
