// The `web` plugin: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.x feeds of personal sites
// and blogs.
//
// resolve() turns what was registered into the canonical id: the feed URL, or the posts
// collection of a WordPress REST API. A URL that is plainly a feed (ref.feed_url, ".../feed",
// "*.xml", a /wp-json/ URL, ...) is its own id without a request; any other URL is fetched
// (tag "resolve") and, when it answers an HTML page, the page's autodiscovery links name the
// feed. A poll is then one GET of the feed (tag "feed"), or the WordPress pages back to the
// cursor (tags "wp:1", "wp:2", ...); see poll_steps.h. The state built by init() (the
// WebConfig) is never modified afterwards, so every entry may run on several threads at once.
#pragma once

#include "postwatch/plugin_api.h"

namespace postwatch::web {

// The plugin's manifest and function table; static storage, valid for the program's life.
// The exported postwatch_plugin_v1() (plugin_entry.cpp) returns it; tests call it directly.
const pw_plugin* WebPlugin();

}  // namespace postwatch::web
