// The Graph API reads of a poll: the URLs and requests the plugin emits, and the rate-limit
// hint read from a response's usage headers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "facebook/facebook_config.h"
#include "postwatch/plugin_api.h"
#include "support/emitter.h"

namespace postwatch::facebook {

// The fields of every posts request: id, message, created_time, permalink_url and
// attachments{type,url,unshimmed_url,target,title,subattachments}, braces percent-encoded.
extern const char* const kPostsFields;

// GET <graph>/<v>/<page_id>/posts?fields=<kPostsFields>&limit=<page_limit>[&after=<after>].
// Precondition: IsPageId(page_id). Thread-safe.
std::string PostsUrl(const FacebookConfig& config, std::string_view page_id,
                     std::string_view after);

// GET <graph>/<v>/<node>?fields=id,name: a Page's id from its username (or id). Thread-safe.
std::string PageLookupUrl(const FacebookConfig& config, std::string_view node);

// A GET of `url` with the token in an Authorization: Bearer header. Thread-safe.
plugin::RequestFields GraphGet(std::string url, std::string_view access_token,
                               std::string_view tag);

// The Page id in a posts URL ("…/v19.0/104512345678901/posts?…"); "" when there is none.
std::string PageIdInPostsUrl(std::string_view url);

// The rate-limit hint of X-App-Usage, X-Page-Usage and X-Business-Use-Case-Usage: remaining =
// 100 - the highest percentage (at least 0), limit = 100, reset_at = the response's Date (or
// `fallback_now` when it has none) plus the longest estimated_time_to_regain_access; 0 when
// that is not given. nullopt when no usage header is readable. Thread-safe.
std::optional<pw_rate_limit> UsageRateLimit(const pw_response& response, int64_t fallback_now);

}  // namespace postwatch::facebook
