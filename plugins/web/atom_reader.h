// Reads Atom 1.0 (RFC 4287) and Atom 0.3 documents.
#pragma once

#include <libxml/tree.h>

#include "web/feed_model.h"

namespace postwatch::web {

// Reads the feed whose root element is <feed>. Text constructs are read by their type
// (text, html, xhtml; 0.3 MIME types and mode="escaped"); base64 content is skipped. Links
// with rel="related" or rel="via" count as outbound links. Relative references resolve
// against xml:base and the document URL. Never fails. Thread-safe.
Feed ReadAtom(const xmlNode* root);

}  // namespace postwatch::web
