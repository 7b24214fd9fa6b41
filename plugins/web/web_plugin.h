// The `web` plugin: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.x feeds of personal sites
// and blogs.
//
// One poll is one request: plan() GETs the feed (tag "feed"), parse() reads it and returns
// PW_DONE. The state built by init() (the WebConfig) is never modified afterwards, so plan()
// and parse() may run on several threads at once.
#pragma once

#include "postwatch/plugin_api.h"

namespace postwatch::web {

// The plugin's manifest and function table; static storage, valid for the program's life.
// The exported postwatch_plugin_v1() (plugin_entry.cpp) returns it; tests call it directly.
const pw_plugin* WebPlugin();

}  // namespace postwatch::web
