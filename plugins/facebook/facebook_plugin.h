// The `facebook` plugin: the posts of a Facebook Page through the Graph API, with the Page
// access token its owner granted (Facebook forbids scraping; there is no public read).
//
// A poll: without the Page's numeric id, GET /<v>/<username>?fields=id,name (tag "lookup"),
// whose parse emits the canonical id and the first posts request; then
// GET /<v>/<page-id>/posts?fields=...&limit=N (tag "posts", later pages "posts:<n>" with
// &after= from paging.cursors.after) until a page reaches the cursor, Facebook has no next
// page, or max_pages. resolve() takes a numeric id as it is and looks a username up (tag
// "resolve"). authorize() builds the dialog URL, then runs the code flow (tags "grant",
// "grant:long", "grant:page"; see facebook_grant.h). No refresh_credentials: Facebook has no
// refresh tokens, and Page tokens from long-lived user tokens do not expire; a revoked or
// expired token is PW_E_AUTH and the owner reconnects. The token always travels in an
// Authorization header, never in a URL. The state built by init() (the config) is never
// modified afterwards, so every call may run on several threads at once.
#pragma once

#include "postwatch/plugin_api.h"

namespace postwatch::facebook {

// The plugin's manifest and function table; static storage, valid for the program's life.
// The exported postwatch_plugin_v1() (plugin_entry.cpp) returns it; tests call it directly.
const pw_plugin* FacebookPlugin();

}  // namespace postwatch::facebook
