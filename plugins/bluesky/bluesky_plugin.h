// The `bluesky` plugin: the public posts and reposts of a Bluesky account through the public
// AppView (public.api.bsky.app), without credentials.
//
// A poll: when neither the canonical id (the account's DID) nor a registered DID is known,
// GET com.atproto.identity.resolveHandle (tag "resolve"), whose parse emits the DID and the
// first feed request; then GET app.bsky.feed.getAuthorFeed?actor=<DID>&filter=posts_no_replies
// (tag "feed" for the first page, "feed:<n>" for page n), paging with the opaque cursor until
// a page reaches the stored cursor, the feed ends, or max_pages. resolve() GETs
// resolveHandle with tag "identity" and only emits the DID. The state built by init() (the
// config) is never modified afterwards, so plan() and parse() may run on several threads.
#pragma once

#include "postwatch/plugin_api.h"

namespace postwatch::bluesky {

// The plugin's manifest and function table; static storage, valid for the program's life.
// The exported postwatch_plugin_v1() (plugin_entry.cpp) returns it; tests call it directly.
const pw_plugin* BlueskyPlugin();

}  // namespace postwatch::bluesky
