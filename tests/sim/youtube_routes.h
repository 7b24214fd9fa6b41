// The YouTube platform of the simulator, under /youtube/. Point the youtube plugin at it
// with {"base_url": "http://127.0.0.1:PORT/youtube"}.
//
//   GET|HEAD /youtube/feeds/videos.xml?channel_id=UC…
//       the channel's Atom feed (yt: and media: namespaces, as YouTube writes it): the newest
//       15 published posts, newest first; the feed-level yt:channelId without its "UC", the
//       entry-level one with it; every 5th post (index 5k+4) is a Short (/shorts/ link).
//       The description is the title and one line per world link.
//   GET|HEAD /youtube/@acct-<i>[/…], /youtube/channel/UC…[/…]
//       the channel page: <link rel="canonical"> to /channel/UC… and the RSS alternate link
//   anything else, an unknown channel or an account of another platform:
//       404 with Google's HTML error page (not XML), as YouTube answers
//
// Channel ids are "UCSimAcct" + the account number in 15 digits; video ids are 11
// characters of base64url encoding (account << 40 | index), unique per post.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "platform_service.h"

namespace postwatch::sim {

inline constexpr std::string_view kYoutubePrefix = "/youtube/";
// How many entries a channel feed shows, as on YouTube.
inline constexpr uint64_t kYoutubeFeedEntries = 15;

// Thread-safe once constructed. The context's world and served log must outlive it.
std::unique_ptr<PlatformService> MakeYoutubeService(const PlatformContext& context);

// The channel id of an account, and the video id of post `index` of an account: what the
// youtube plugin reports.
std::string YoutubeChannelId(uint32_t account);
std::string YoutubeVideoId(uint32_t account, uint64_t index);

}  // namespace postwatch::sim
