// The `telegram` plugin: a public channel's messages from its web preview, t.me/s/<channel>.
//
// A poll GETs the preview (tag "page:1"), which shows the newest ~20 messages. When the
// previous poll's cursor (the newest message id it saw) is older than the page's oldest
// message, parse() asks for the page before it (t.me/s/<channel>?before=<oldest>, tag
// "page:<n>") until it reaches the cursor or max_pages. The first poll of an account reads
// one page. The state built by init() (the TelegramConfig) is never modified afterwards, so
// plan() and parse() may run on several threads at once.
#pragma once

#include "postwatch/plugin_api.h"

namespace postwatch::telegram {

// The plugin's manifest and function table; static storage, valid for the program's life.
const pw_plugin* TelegramPlugin();

}  // namespace postwatch::telegram
