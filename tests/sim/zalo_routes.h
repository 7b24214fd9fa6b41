// The Zalo Official Account platform of the simulator, under /zalo/: the OA Open API and
// Zalo's OAuth v4 server. Point the zalo plugin at it with
//   {"api_base_url": "http://127.0.0.1:PORT/zalo",
//    "oauth_base_url": "http://127.0.0.1:PORT/zalo/oauth"}.
//
//   GET /zalo/v2.0/article/getslice?offset=O&limit=L&type=normal   (header access_token)
//       the OA's published articles, newest first, from offset O, at most L (1..10, else
//       error -201): {"error":0,"message":"Success","data":{"medias":[…],"total":N}}; the
//       listing has no bodies. type other than "normal" lists nothing.
//   GET /zalo/v2.0/article/getdetail?id=ID                          (header access_token)
//       one article with its body: a "text" block holding the world's HTML (one <a href> per
//       link), an "image" block (its url is a picture, not a link), "cite" = the last link and
//       a description naming the first link as plain text. Unknown or unpublished ids, or
//       another OA's: error -201. Each detail served is recorded in the ServedLog.
//   The OA is the access token's: a missing, unknown, expired or revoked token answers
//   error -216 (with a message saying which); a token of an account that is not a zalo
//   account answers -205 (OA not found); more than kZaloRequestsPerMinute requests of one OA
//   within a minute of sim time answer -32 (rate limit). Every error is HTTP 200, as on Zalo.
//   GET /zalo/oauth/v4/oa/permission?app_id=&redirect_uri=&code_challenge=&state=
//       consents as the logged-in owner (TokenAuthority::IssueCode, PKCE S256 when a
//       challenge is given) and answers 302 to redirect_uri?code=…&oa_id=…&state=…; 401 with
//       Zalo's error object when no owner is logged in; 400 without app_id or redirect_uri.
//   POST /zalo/oauth/v4/oa/access_token   (header secret_key; form body)
//       grant_type=authorization_code (code, app_id, code_verifier) or refresh_token
//       (refresh_token, app_id): {"access_token","refresh_token","expires_in":"<seconds>"}
//       (expires_in a string, as Zalo sends it); failures {"error":-140xx,"error_name",
//       "error_description"}: -14002 wrong app, -14003 no secret_key, -14004 bad or used
//       code, -14019 code_verifier mismatch, -14014 invalid, expired or revoked refresh token.
//
// Account i is the OA with id ZaloOaId(i), registered as https://zalo.me/<oa id>. Article ids
// are 32 hex digits: 8 for the account, 24 for the post index.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "platform_service.h"

namespace postwatch::sim {

inline constexpr std::string_view kZaloPrefix = "/zalo/";
inline constexpr int64_t kZaloRequestsPerMinute = 240;

// Thread-safe once constructed. The context's world, served log and token authority must
// outlive it.
std::unique_ptr<PlatformService> MakeZaloService(const PlatformContext& context);

// The OA id of account i (19 decimal digits) and the article id of post `index`.
std::string ZaloOaId(uint32_t account);
std::string ZaloArticleId(uint32_t account, uint64_t index);

}  // namespace postwatch::sim
