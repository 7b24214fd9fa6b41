// The Facebook platform of the simulator: the Graph API, its token endpoint and the OAuth
// dialog of Facebook Pages under /facebook/. Point the facebook plugin at it with
//   {"base_url": "http://127.0.0.1:PORT/facebook/graph",
//    "dialog_base_url": "http://127.0.0.1:PORT/facebook/www"}
//
//   GET /facebook/graph/<v>/<page-id|simpage<i>>?fields=id,name[,access_token]
//       the Page {"id","name"}; with access_token in fields and a token of that Page's owner,
//       also the Page token; 400 (#803) for an unknown username
//   GET /facebook/graph/<v>/<page-id>/posts?fields=...&limit=N[&after=C]
//       the newest published posts older than the after cursor, newest first, at most
//       min(limit, 100) (default 25), {"data":[...],"paging":{"cursors":{"before","after"},
//       "next"}} (next, with the token in its query as Facebook writes it, only while older
//       posts remain); X-App-Usage and X-Business-Use-Case-Usage headers
//   GET|POST /facebook/graph/<v>/oauth/access_token   (query or form body)
//       code exchange (client_id, redirect_uri, client_secret, code) and
//       grant_type=fb_exchange_token -> {"access_token","token_type":"bearer","expires_in"}
//   GET /facebook/www/<v>/dialog/oauth?client_id&redirect_uri&state&scope&response_type=code
//       consents as the owner logged in (POST /_sim/oauth/owner?account=i) and answers 302 to
//       redirect_uri?code=..&state=..#_=_ (Facebook appends that fragment); nobody logged in:
//       302 to /facebook/www/login.php
//   POST /facebook/_sim/throttle?account=i&minutes=M  (M = 0 ends it)
//       the Page's reads answer (#80001) with estimated_time_to_regain_access M
//
// Access tokens come from the shared TokenAuthority (platform "facebook"), in an
// "Authorization: Bearer" header or an access_token parameter. Missing: (#2500); unknown:
// (#190); expired: (#190/463); revoked: (#190/458); another Page's token: (#10). Facebook
// has no refresh tokens; the user token, its long-lived exchange and the Page token are the
// same authority token here (so its lifetime is the authority's), in Facebook's formats.
// An unknown Page id or one of another platform's accounts: (#100/33) "does not exist".
//
// Account i is Page "simpage<i>" with id 104000000000000 + i; post `index` has id
// "<page id>_<7000000000 + index>". Post links are placed where Facebook hides them: the
// first in the message text, the second as a "share" attachment (unshimmed_url, and url and
// target.url as an l.facebook.com/l.php wrapper), the others only as l.facebook.com wrappers in
// the subattachments of an album; every fifth post also carries a photo attachment on
// facebook.com (not a link).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "platform_service.h"

namespace postwatch::sim {

inline constexpr std::string_view kFacebookPrefix = "/facebook/";

// Thread-safe once constructed. The context's world, served log and token authority must
// outlive it.
std::unique_ptr<PlatformService> MakeFacebookService(const PlatformContext& context);

// The Page id of account i, its username, and the id of post `index`.
std::string FacebookPageId(uint32_t account);
std::string FacebookUsername(uint32_t account);
std::string FacebookPostId(uint32_t account, uint64_t index);

// The l.facebook.com/l.php wrapper the simulator writes around `url`.
std::string FacebookShim(std::string_view url);

}  // namespace postwatch::sim
