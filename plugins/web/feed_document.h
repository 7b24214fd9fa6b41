// Format detection: turns a response body into a Feed, or says why it is not one.
#pragma once

#include <string>
#include <string_view>

#include "web/feed_model.h"

namespace postwatch::web {

enum class FeedDocumentKind {
  kFeed,        // RSS, RDF, Atom or JSON Feed; `feed` is set (possibly with no items)
  kHtmlPage,    // an HTML or XHTML page (a site's home page): look for the feed it advertises;
                // `message` says what it is
  kNotAFeed,    // well-formed enough to read, but something else (other XML or JSON);
                // `message` says what and how to fix the registration
  kUnreadable,  // neither XML nor JSON, or JSON that does not parse; `message` says why
};

struct FeedDocument {
  FeedDocumentKind kind = FeedDocumentKind::kUnreadable;
  std::string message;
  Feed feed;
};

// Sniffs `body` and reads it: a JSON object whose version starts with
// "https://jsonfeed.org/version/" is JSON Feed; otherwise XML with root <rss>, <rdf:RDF> or
// <feed>. XML is read in libxml2's recover mode, so ill-formed feeds still yield their items,
// and decoded by the XML-over-HTTP rules (see XmlEncodingFor): a byte-order mark, then
// `http_charset` (the Content-Type charset; "" when none), then the XML declaration.
// `url` is the URL that answered (the base for relative links). Thread-safe once
// xmlInitParser() has run.
FeedDocument ReadFeedDocument(std::string_view body, std::string_view url,
                              std::string_view http_charset = "");

}  // namespace postwatch::web
