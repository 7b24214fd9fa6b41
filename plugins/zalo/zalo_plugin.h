// The `zalo` plugin: the articles of a Zalo Official Account, through the Zalo OA Open API
// with the access token the OA's owner granted (OAuth v4 with PKCE), refreshed with its
// single-use refresh token.
//
// A poll: GET <api>/v2.0/article/getslice?offset=0&limit=N&type=normal (tag "slice:0";
// header access_token), newest first. With a cursor (the newest article already stored), the
// plugin walks pages "slice:<offset>" until one reaches the cursor, the listing ends or
// max_pages; the oldest page with new articles is the one read this poll (re-fetched with
// tag "take:<offset>" when the walk ended one page past it). Each new article of that page is
// read with GET <api>/v2.0/article/getdetail?id=… (tag "detail:<create_ms>:<id>"), oldest
// first, and each detail emits its post and the cursor, so a poll cut short by the host's
// request cap loses nothing. Newer pages follow on the next polls. refresh_credentials POSTs
// the refresh token (tag "refresh"); authorize builds the permission URL or exchanges the
// code (tag "grant"). The state built by init() is never modified afterwards, so calls may
// run on several threads at once.
#pragma once

#include "postwatch/plugin_api.h"

namespace postwatch::zalo {

// The plugin's manifest and function table; static storage, valid for the program's life.
const pw_plugin* ZaloPlugin();

}  // namespace postwatch::zalo
