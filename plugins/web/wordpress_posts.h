// Reading one page of a WordPress REST API posts collection (GET /wp/v2/posts).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "postwatch/plugin_api.h"
#include "support/emitter.h"
#include "web/wordpress_api.h"

namespace postwatch::web {

struct WordPressPage {
  // PW_OK: a page of posts. PW_DONE: the page is past the last one (WordPress answers
  // 400 rest_post_invalid_page_number), so there is nothing more. Anything else: an error
  // for the host, with `message`.
  pw_status status = PW_OK;
  std::string message;
  // The posts newer than the cursor, in the page's order (newest first).
  std::vector<plugin::PostFields> posts;
  size_t listed = 0;                      // how many posts the page listed, new or not
  bool reached_cursor = false;            // a post at or before the cursor was listed: stop paging
  std::optional<WordPressCursor> newest;  // the newest post of the page
};

// Reads the response to a posts request (`status`, `body`, answered by `url`). Each post
// becomes a PostFields: id = guid.rendered (the same id WordPress puts in its RSS <guid>),
// else link, else "wp:<id>"; url = link; published_at = date_gmt (UTC); text = the plain
// title, else an excerpt of the content; links = the <a href> targets and bare URLs of
// content.rendered, resolved against the post's link. Posts without a numeric id are skipped.
// With `cursor`, listing stops at the first post that is not newer. Error bodies
// ({"code": ..., "message": ...}) map to typed errors: rest_no_route -> PW_E_LAYOUT (the site
// has no wp/v2 posts route), rest_forbidden and other login refusals -> PW_E_AUTH, 404/410 ->
// PW_E_GONE, 429 -> PW_E_RATELIMITED, a body that is not a JSON array of objects ->
// PW_E_LAYOUT or PW_E_PARSE. Thread-safe once xmlInitParser() has run.
WordPressPage ReadWordPressPage(int status, std::string_view body, std::string_view url,
                                const std::optional<WordPressCursor>& cursor);

}  // namespace postwatch::web
