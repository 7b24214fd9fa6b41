// What the feed readers extract from RSS, Atom and JSON Feed documents, before it becomes
// posts. Plain data; produced by rss_reader, atom_reader and json_feed_reader.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace postwatch::web {

struct FeedItem {
  std::string id;                  // guid / rdf:about / atom:id / JSON Feed id; may be empty
  std::string url;                 // the item's own link, absolute; may be empty
  std::string text;                // title as plain text, else a plain-text excerpt; may be empty
  std::string date_text;           // the raw date the published time came from; may be empty
  int64_t published_at = 0;        // Unix seconds UTC; 0 when the item has no readable date
  std::vector<std::string> links;  // outbound links from content, in order, with duplicates
  std::string content_key;         // raw content, only used to derive an id when nothing else is
};

struct Feed {
  std::string format;           // "RSS 2.0", "RSS 1.0", "RSS 0.91", "Atom 1.0", "JSON Feed 1.1"
  std::string site_url;         // the site the feed belongs to (channel link, alternate link,
                                // home_page_url); "" when the feed does not say
  std::vector<FeedItem> items;  // in document order
};

}  // namespace postwatch::web
