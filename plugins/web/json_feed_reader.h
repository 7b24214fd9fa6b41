// Reads JSON Feed 1.0 and 1.1 documents.
#pragma once

#include <rapidjson/document.h>

#include <string_view>

#include "web/feed_model.h"

namespace postwatch::web {

// True when `root` is an object whose "version" starts with "https://jsonfeed.org/version/"
// (or the early "http://" form).
bool IsJsonFeed(const rapidjson::Value& root);

// Reads a document for which IsJsonFeed() holds. `url` is where it was fetched from; relative
// URLs resolve against the item url, then home_page_url, then `url`. Items that are not
// objects are skipped. Never fails. Thread-safe.
Feed ReadJsonFeed(const rapidjson::Value& root, std::string_view url);

}  // namespace postwatch::web
