// The `mastodon` plugin: the public statuses of an account on any Mastodon instance (and
// compatible servers), through the instance's REST API, without credentials.
//
// A poll: when the account's canonical id is unknown, GET /api/v1/accounts/lookup?acct=
// (tag "lookup"), whose parse emits the canonical id and the first statuses request; then
// GET /api/v1/accounts/:id/statuses?exclude_replies=true&limit=N (tag "statuses" for the first
// page, "statuses:<n>" for page n), paging with the Link header's rel="next" max_id until a
// page reaches the cursor, the pages run out, or max_pages. resolve() GETs the lookup with
// tag "resolve" and only emits the canonical id. The state built by init() (the config) is
// never modified afterwards, so plan() and parse() may run on several threads at once.
#pragma once

#include "postwatch/plugin_api.h"

namespace postwatch::mastodon {

// The plugin's manifest and function table; static storage, valid for the program's life.
// The exported postwatch_plugin_v1() (plugin_entry.cpp) returns it; tests call it directly.
const pw_plugin* MastodonPlugin();

}  // namespace postwatch::mastodon
