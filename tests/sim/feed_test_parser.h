// Parses the simulator's feeds back into items for the tests, with real parsers: libxml2 for
// RSS and Atom, RapidJSON for JSON Feed. A document that is not well-formed fails.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "world.h"

namespace postwatch::sim::testing {

struct ParsedItem {
  std::string id;         // RSS guid, Atom id, JSON Feed id
  std::string title;      // unescaped
  std::string url;        // RSS link, Atom link[rel=alternate]/@href, JSON Feed url
  std::string published;  // the date text as written
  std::string content;    // the HTML, unescaped (RSS: content:encoded, else description)
};

struct ParsedFeed {
  std::string title;
  std::vector<ParsedItem> items;
};

// Fails with kInvalidArgument when the document is not well-formed or lacks the format's
// root element.
Result<ParsedFeed> ParseFeedForTest(FeedFormat format, std::string_view body);

}  // namespace postwatch::sim::testing
