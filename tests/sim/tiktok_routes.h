// The TikTok platform of the simulator, under /tiktok/: the Display API v2, the Login Kit
// authorisation page and the token endpoint, answering in TikTok's wire formats. Point the
// tiktok plugin at it with
//   {"api_base_url": "http://127.0.0.1:PORT/tiktok", "auth_base_url":
//   "http://127.0.0.1:PORT/tiktok"}
//
//   GET  /tiktok/v2/auth/authorize/?client_key=&scope=&response_type=code&redirect_uri=&state=
//        [&code_challenge=&code_challenge_method=S256]
//        consents as the owner logged in through /_sim/oauth/owner (a TikTok account) and
//        redirects 302 to redirect_uri?code=…&scopes=…&state=…; with nobody (or a non-TikTok
//        account) logged in, redirects with error=access_denied&error_description=…; without
//        client_key or redirect_uri, or another response_type, answers 400 (TikTok's error
//        page) since there is nowhere safe to redirect to
//   POST /tiktok/v2/oauth/token/   (application/x-www-form-urlencoded)
//        grant_type=authorization_code (client_key, client_secret, code, redirect_uri,
//        code_verifier) or grant_type=refresh_token (client_key, client_secret, refresh_token):
//        {"access_token","expires_in","open_id","refresh_expires_in","refresh_token","scope",
//        "token_type":"Bearer"}; failures {"error","error_description","log_id"} with 400
//        (invalid_request, invalid_grant) or 401 (invalid_client)
//   POST /tiktok/v2/video/list/?fields=…   (Authorization: Bearer, JSON {"cursor","max_count"})
//        the token owner's published videos created before `cursor` (Unix ms; default now),
//        newest first, at most max_count (1..20, default 20): {"data":{"videos":[…],
//        "cursor":<ms of the oldest video shown>,"has_more":…},"error":{"code":"ok",…}}; only
//        the requested fields are written
//   GET  /tiktok/v2/user/info/?fields=open_id,union_id,display_name   (Authorization: Bearer)
//
// Display API failures use TikTok's envelope {"data":{},"error":{"code","message","log_id"}}:
// 401 access_token_invalid (missing, unknown, expired or revoked token, or a token of an
// account that is not on TikTok), 400 invalid_params (no fields, bad body or max_count), 429
// rate_limit_exceeded past 600 requests of one account's token per endpoint in a sliding
// minute, as TikTok documents. TikTok sends no rate-limit headers, so neither does the sim.
//
// Video ids are 7300000000000000000 + index * 1000000 + i, so they grow with the index. A
// video's description carries the world's links as plain text; for every third index the last
// link is only in the title, so that a plugin must read both.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "platform_service.h"

namespace postwatch::sim {

inline constexpr std::string_view kTikTokPrefix = "/tiktok/";
// The platform name the token authority knows TikTok's tokens by.
inline constexpr std::string_view kTikTokPlatform = "tiktok";

// Thread-safe once constructed. The context's world, served log and token authority must
// outlive it.
std::unique_ptr<PlatformService> MakeTikTokService(const PlatformContext& context);

// The username of account i ("acct_3": TikTok usernames have no '-'), the open_id the token
// endpoint answers for it, and the id of its post `index`.
std::string TikTokUsername(uint32_t account);
std::string TikTokOpenId(uint32_t account);
std::string TikTokVideoId(uint32_t account, uint64_t index);
// True when post `index` carries its last link only in the title.
bool TikTokLinkInTitle(const World& world, uint32_t account, uint64_t index);

}  // namespace postwatch::sim
