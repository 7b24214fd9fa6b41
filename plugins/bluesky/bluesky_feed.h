// Reading a page of app.bsky.feed.getAuthorFeed into posts, and the plugin's cursor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "postwatch/plugin_api.h"
#include "support/emitter.h"

namespace postwatch::bluesky {

// The plugin's cursor: the sort time (Unix ms) and post id of the newest feed item of the
// last poll. Stored as "<ms> <id>", e.g. "1696000000123 at://did:plc:x/app.bsky.feed.post/3k".
// The sort time is the time the AppView orders the author feed by: the post's indexedAt, or
// for a repost the repost's indexedAt.
struct FeedCursor {
  int64_t sort_ms = 0;
  std::string id;
};

std::string FormatFeedCursor(const FeedCursor& cursor);
// nullopt for "" or anything that is not "<digits> <id>".
std::optional<FeedCursor> ParseFeedCursor(std::string_view text);

// An RFC 3339 time with optional fractional seconds, in Unix ms (fractions beyond ms are
// truncated); nullopt when unparseable.
std::optional<int64_t> ParseTimeMs(std::string_view text);

// What one page holds, relative to the stored cursor.
struct FeedPage {
  // The items newer than the cursor, in page order (newest first). Per post:
  //  - a post: id = post.uri (the at:// URI); url = https://bsky.app/profile/<author handle,
  //    or DID when the handle is missing or "handle.invalid">/post/<rkey>; published_at =
  //    record.createdAt (else indexedAt); kind REPLY when record.reply is set, else POST;
  //  - a repost (reason.$type app.bsky.feed.defs#reasonRepost): id = "repost:" + the original
  //    post's at:// URI (stable whichever AppView version answers); kind SHARE; url and
  //    shared_url = the original's bsky.app URL; published_at = reason.indexedAt; the links
  //    are the original's.
  // Links, de-duplicated in order: the uri of every record.facets[].features[] of $type
  // app.bsky.richtext.facet#link, then record.embed external.uri (app.bsky.embed.external,
  // or the media of app.bsky.embed.recordWithMedia), else the embed view's external.uri.
  // Facet byte offsets are not needed: the feature carries the full URI. text = record.text,
  // at most 500 bytes.
  std::vector<plugin::PostFields> posts;
  std::optional<FeedCursor> newest;  // the newest item on the page (pinned items excluded)
  std::string next_cursor;           // the response's opaque "cursor"; "" when absent
  size_t item_count = 0;
  bool reached_cursor = false;  // some item is the cursor's item or older than it
};

struct FeedParse {
  FeedPage page;
  pw_status code = PW_OK;  // PW_OK, PW_E_PARSE (not JSON) or PW_E_LAYOUT (not a feed)
  std::string message;
};

// Parses a 200 body of getAuthorFeed. {"feed": []} is a valid, empty page; a document without a
// "feed" array, or an item without a post that has an at:// uri, is PW_E_LAYOUT. A pinned item
// (reason #reasonPin) is emitted only when newer than the cursor and never moves the cursor or
// stops paging. Thread-safe.
FeedParse ParseAuthorFeed(std::string_view body, const std::optional<FeedCursor>& cursor);

}  // namespace postwatch::bluesky
