// Reading a page of GET /api/v1/accounts/:id/statuses into posts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "postwatch/plugin_api.h"
#include "support/emitter.h"

namespace postwatch::mastodon {

// What one statuses page holds, relative to the cursor (the newest status id of the last
// poll; "" on the first poll).
struct StatusesPage {
  // The statuses newer than the cursor, in page order (newest first). Per post: id = the
  // status id; url = status.url (else the reblogged status's url); published_at =
  // created_at; kind SHARE for a reblog (shared_url = the reblogged status's url, links from
  // the reblogged status), REPLY when in_reply_to_id is set, else POST; links = ContentLinks
  // of the content, then card.url, de-duplicated; text = spoiler_text and the content's text,
  // at most 500 bytes.
  std::vector<plugin::PostFields> posts;
  std::string newest_id;  // the greatest id on the page (CompareIds); "" for an empty page
  std::string oldest_id;  // the least id on the page; "" for an empty page
  size_t status_count = 0;
  bool reached_cursor = false;  // some status on the page is at or older than the cursor
};

struct StatusesParse {
  StatusesPage page;
  pw_status code = PW_OK;  // PW_OK, PW_E_PARSE (not JSON) or PW_E_LAYOUT (not a status array)
  std::string message;     // why, when code is an error
};

// Parses a 200 body. An empty array is a valid, empty page. A JSON document that is not an
// array, or an element that is not an object with a valid string id, is PW_E_LAYOUT.
// Thread-safe once xmlInitParser() has run.
StatusesParse ParseStatusesPage(std::string_view body, std::string_view cursor);

// The max_id of the rel="next" entry of a Link header
// (`<https://i/api/v1/accounts/1/statuses?max_id=7>; rel="next", <…>; rel="prev"`);
// "" when there is no next entry or its max_id is missing or not a valid id.
std::string NextMaxId(std::string_view link_header);

}  // namespace postwatch::mastodon
