// Reads RSS 0.9x, RSS 1.0 (RDF) and RSS 2.0 documents.
#pragma once

#include <libxml/tree.h>

#include "web/feed_model.h"

namespace postwatch::web {

// Reads the feed whose root element is <rss> or <rdf:RDF>. Items are taken from the channel
// (RSS 0.9x/2.0) and from the root (RSS 0.90/1.0). Relative links resolve against xml:base
// and the document URL. Never fails: a channel without items is an empty feed. Thread-safe.
Feed ReadRss(const xmlNode* root);

}  // namespace postwatch::web
