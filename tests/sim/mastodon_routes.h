// The Mastodon platform of the simulator: postwatch-sim acts as one Mastodon instance under
// /mastodon/. Point the mastodon plugin at it with {"base_url": "http://127.0.0.1:PORT/mastodon"}.
//
//   GET /mastodon/api/v1/accounts/lookup?acct=acct-<i>[@mastodon.sim.example]
//       the account (id 109000000000000000 + i); 404 {"error":"Record not found"} for an
//       unknown name or an account of another platform
//   GET /mastodon/api/v1/accounts/<id>/statuses?limit=N[&max_id=X][&exclude_replies=true]
//       the newest published statuses older than max_id, newest first, at most
//       min(limit, 40) (default 20); Link rel="next" (max_id = the page's oldest id) when the
//       page is full, rel="prev" (min_id) when it is not empty; X-RateLimit-Limit/-Remaining/
//       -Reset (ISO 8601); a weak ETag, and 304 for a matching If-None-Match
//
// Status ids are 110000000000000000 + index * 1000000 + i, so they grow with the index, as
// snowflake ids grow with time. Every post of the world is a status whose content is the
// world's HTML plus a mention and a hashtag (which the plugin must not count), and whose
// card.url repeats its last link. Post 7k+6 of an account, when it has links, is a reblog of
// a status of account i+1 carrying the world's links, whose url is the world's first link, so
// that the shared URL is one of the post's world links and /_sim/served stays exact.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "platform_service.h"

namespace postwatch::sim {

inline constexpr std::string_view kMastodonPrefix = "/mastodon/";
// The instance named in registered handles ("@acct-3@mastodon.sim.example").
inline constexpr std::string_view kMastodonInstance = "mastodon.sim.example";

// Thread-safe once constructed. The context's world and served log must outlive it.
std::unique_ptr<PlatformService> MakeMastodonService(const PlatformContext& context);

// The Mastodon id of an account, and of post `index` of an account (the wrapper's id for a
// reblog): what the plugin reports.
std::string MastodonAccountId(uint32_t account);
std::string MastodonStatusId(uint32_t account, uint64_t index);
// True when post `index` of `account` is rendered as a reblog.
bool MastodonIsReblog(const World& world, uint32_t account, uint64_t index);

}  // namespace postwatch::sim
