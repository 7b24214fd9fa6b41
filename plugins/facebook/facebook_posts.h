// Reading a page of GET /<version>/<page-id>/posts into posts, and the plugin's cursor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "postwatch/plugin_api.h"
#include "support/emitter.h"

namespace postwatch::facebook {

// The newest posts a poll saw: their created_time (Unix seconds) and the ids of every post
// at that second, so that posts published in the same second are told apart. Written as
// "<seconds>:<id>[,<id>...]", e.g. "1707741908:104512345678901_7000001".
struct PostsCursor {
  int64_t time = 0;
  std::vector<std::string> ids;
};

// nullopt for "" and for text that is not a cursor.
std::optional<PostsCursor> ParsePostsCursor(std::string_view text);
std::string FormatPostsCursor(const PostsCursor& cursor);

// The newer of two cursors (the union of ids when they share the second).
PostsCursor NewerCursor(const std::optional<PostsCursor>& old_cursor, const PostsCursor& page);

// True when a post with `time` and `id` was seen by the poll that wrote `cursor`: older
// than its second, or at that second with one of its ids.
bool SeenBy(const PostsCursor& cursor, int64_t time, std::string_view id);

// What one posts page holds, relative to the cursor.
struct PostsPage {
  // The posts newer than the cursor, in page order (newest first). Per post: id; url =
  // permalink_url; published_at = created_time; text = message (whitespace collapsed, at most
  // 500 bytes); links = the URLs of the message text, then each attachment's unshimmed_url
  // (else url, else target.url; an l.facebook.com/l.php wrapper is kept as found) including
  // nested subattachments, without attachments that point into Facebook itself (photos,
  // videos, albums), de-duplicated; kind SHARE when an attachment of type "share" points at
  // a Facebook post (shared_url = that URL), VIDEO when the first attachment is a video,
  // else POST.
  std::vector<plugin::PostFields> posts;
  std::optional<PostsCursor> newest;  // the newest post(s) on the page; nullopt when empty
  size_t post_count = 0;
  bool reached_cursor = false;  // some post on the page was seen by the cursor's poll
  std::string after;            // paging.cursors.after; "" when absent
  bool has_next = false;        // paging.next is present: Facebook has another page
};

struct PostsParse {
  PostsPage page;
  pw_status code = PW_OK;  // PW_OK, PW_E_PARSE (not JSON) or PW_E_LAYOUT (no data array)
  std::string message;
};

// Parses a 200 body {"data":[...],"paging":{...}}. {"data":[]} is a valid, empty page. A
// document without a "data" array, or a post without a valid id, is PW_E_LAYOUT.
// Thread-safe.
PostsParse ParsePostsPage(std::string_view body, const std::optional<PostsCursor>& cursor);

// True when `url` is on Facebook itself (facebook.com and its subdomains, fb.com, fb.watch)
// and is not one of its outbound-link wrappers (l.facebook.com, lm.facebook.com).
bool IsFacebookContentUrl(std::string_view url);

}  // namespace postwatch::facebook
