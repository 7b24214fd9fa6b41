// The `youtube` plugin: a channel's videos from its public Atom feed, or from the YouTube
// Data API v3 uploads playlist.
//
// Request tags (what each response passed back to parse() answers):
//   "channel"           the public channel page, fetched by plan() when the channel id is
//                       not known yet; parse() emits the id, then the feed or API request.
//   "resolve"           the same page fetched by resolve(); parse() emits the id only.
//   "feed"              feeds/videos.xml?channel_id=UC…; parse() emits posts, PW_DONE.
//   "api:<n>:<UU…>"     page n of playlistItems of the uploads playlist UU…; parse() emits
//                       posts and asks for page n+1 until the cursor, the last page or
//                       max_pages.
// The state built by init() (the YoutubeConfig) is never modified afterwards, so plan(),
// parse() and resolve() may run on several threads at once.
#pragma once

#include "postwatch/plugin_api.h"

namespace postwatch::youtube {

// The plugin's manifest and function table; static storage, valid for the program's life.
const pw_plugin* YoutubePlugin();

}  // namespace postwatch::youtube
