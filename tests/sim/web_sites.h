// Web sites of the simulator: accounts registered by their site's address rather than their
// feed, so that the web plugin has to find the feed. Platform "website" in --platforms (the
// registry still says "web": the same plugin reads them); opt-in, so that runs without it
// serve exactly what they always did.
//
// Each account of this platform is, as the world's seed decides (WebSiteKindOf):
//  - a home page: GET /site/acct-<i>/ is an HTML page whose <head> has a <base href>, a
//    comments feed link first, then the main feed (rel="alternate feed", the account's
//    format), a hreflang alternate; GET /site/acct-<i>/feed is that feed, exactly as the web
//    platform serves it (ETag, 304, ids "acct-<i>-post-<k>");
//  - a WordPress site: the home page has <link rel="https://api.w.org/">, a comments feed
//    and the page's own REST resource (type application/json), and
//    GET /site/acct-<i>/wp-json/wp/v2/posts?page=N&per_page=M serves the posts newest first
//    with X-WP-Total and X-WP-TotalPages (see web_wordpress.h); a page past the end is
//    WordPress's 400 rest_post_invalid_page_number, other wp-json routes 404 rest_no_route.
//    Post ids are the WordPress guids "<base>/site/acct-<i>/?p=<2k+5>".
// Post pages are GET /site/acct-<i>/posts/<k>. Accounts of other platforms are 404.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "platform_service.h"

namespace postwatch::sim {

inline constexpr std::string_view kWebSitePlatform = "website";
inline constexpr std::string_view kWebSitePrefix = "/site/";

enum class SiteKind { kHomePage, kWordPress };

// Deterministic in (world seed, account): about half the accounts are each kind.
SiteKind WebSiteKindOf(const World& world, uint32_t account);

// Thread-safe once constructed. The context's world and served log must outlive it.
std::unique_ptr<PlatformService> MakeWebSiteService(const PlatformContext& context);

}  // namespace postwatch::sim
