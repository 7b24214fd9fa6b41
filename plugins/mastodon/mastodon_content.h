// Links in the HTML `content` of a Mastodon status.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace postwatch::mastodon {

// The href of every <a> in a status's content HTML, in document order, resolved against
// `status_url` (Mastodon writes absolute hrefs; relative ones are rare but resolved), except:
//  - mentions: a `class` with the token "mention" (Mastodon writes "u-url mention");
//  - hashtags: a `class` with the token "hashtag", or a `rel` with the token "tag";
//  - hrefs that are empty, "#fragment" or not http(s).
// The visible text of a link is irrelevant: Mastodon splits it into "invisible" and
// "ellipsis" spans ("example.org/very-lo…"), so the href is always what counts. Plain-text
// URLs outside anchors are not returned (Mastodon linkifies every URL it accepts).
// Duplicates are kept. Parsing uses libxml2's HTML parser in recover mode with no network, so
// any bytes are accepted. Thread-safe once xmlInitParser() has run.
std::vector<std::string> ContentLinks(std::string_view html, std::string_view status_url);

}  // namespace postwatch::mastodon
