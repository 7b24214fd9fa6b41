// The steps of a web poll, one per response tag. web_plugin.cpp dispatches to them.
//
//   "resolve"     resolve() fetched the registered URL: a feed is its own canonical id; an
//                 HTML page names its feed or WordPress API (autodiscovery).
//   "feed"        the feed of the account. An HTML page instead (the site moved its feed,
//                 or the account was never resolved) is searched for its feed, which is
//                 fetched next ("discovered") and becomes the canonical id.
//   "discovered"  a feed found by autodiscovery; an HTML page here is an error, not a loop.
//   "wp:<n>"      page n of a WordPress REST API posts collection; the next page is asked
//                 for until the cursor, the last page or max_items. A refused first page
//                 falls back to the site's RSS feed ("discovered").
#pragma once

#include <string>
#include <string_view>

#include "postwatch/plugin_api.h"
#include "support/emitter.h"
#include "web/web_config.h"

namespace postwatch::web {

inline constexpr std::string_view kResolveTag = "resolve";
inline constexpr std::string_view kFeedTag = "feed";
inline constexpr std::string_view kDiscoveredTag = "discovered";
inline constexpr std::string_view kWordPressTagPrefix = "wp:";

// The request for `source` (a feed or the first WordPress page), or for an unknown URL the
// feed-first GET that parse() will look into.
plugin::RequestFields FirstRequest(const WebConfig& config, const AccountSource& source);

// The registered URL as it answered resolve(): emits the canonical id, or an error.
pw_status ParseResolveStep(const WebConfig& config, const plugin::Emitter& emit,
                           const pw_response& response);

// A feed ("feed" or "discovered"): emits posts and the cursor (PW_DONE), or follows the feed
// an HTML page advertises (PW_OK) when `discover` and the tag is "feed".
pw_status ParseFeedStep(const WebConfig& config, const plugin::Emitter& emit,
                        const pw_response& response, bool discover);

// Page `page` of a WordPress posts collection: emits the posts newer than `cursor`, the new
// cursor (from page 1), and the next page's request while there may be more. When the first
// page is refused (rest_no_route, a login requirement, an HTML answer) and the API was found
// by discovery rather than required (`fall_back_to_feed`), the site's RSS feed becomes the
// canonical id and is fetched instead ("discovered"): many sites turn the REST API off for
// visitors but keep their feed.
pw_status ParseWordPressStep(const WebConfig& config, const plugin::Emitter& emit,
                             std::string_view cursor, const pw_response& response, int page,
                             bool fall_back_to_feed);

}  // namespace postwatch::web
