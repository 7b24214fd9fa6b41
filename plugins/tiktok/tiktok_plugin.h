// The `tiktok` plugin: the public videos of a TikTok user who granted postwatch access, read
// through the Display API v2 with the owner's user access token.
//
// A poll: POST <api>/v2/video/list/?fields=… with {"max_count": N} (tag "videos"), then
// {"cursor": data.cursor, "max_count": N} (tags "videos:<n>") while has_more and the page is
// newer than the poll cursor, at most max_pages. resolve() GETs /v2/user/info/ (tag "resolve")
// and emits the open_id. refresh_credentials() POSTs the refresh token to /v2/oauth/token/
// (tag "refresh"); authorize() builds the Login Kit URL, or POSTs the code exchange (tag
// "grant"); parse() of both emits the credential (and, for "grant", the open_id as the
// account id). The state built by init() (the config) is never modified afterwards, so every
// function may run on several threads at once.
#pragma once

#include "postwatch/plugin_api.h"

namespace postwatch::tiktok {

// The plugin's manifest and function table; static storage, valid for the program's life.
// The exported postwatch_plugin_v1() (plugin_entry.cpp) returns it; tests call it directly.
const pw_plugin* TikTokPlugin();

}  // namespace postwatch::tiktok
