// The Bluesky platform of the simulator: postwatch-sim acts as the public AppView under
// /xrpc/. Point the bluesky plugin at it with {"base_url": "http://127.0.0.1:PORT"}.
//
//   GET /xrpc/com.atproto.identity.resolveHandle?handle=acct-<i>.bsky-sim.example
//       {"did":"did:plc:pwsimacct<i>"}; 400 {"error":"InvalidRequest","message":"Unable to
//       resolve handle"} for an unknown handle or an account of another platform
//   GET /xrpc/app.bsky.feed.getAuthorFeed?actor=<DID or handle>&limit=N[&cursor=C][&filter=…]
//       the newest published posts older than the cursor, newest first, at most
//       min(limit, 100) (default 50); "cursor" (the ISO time of the page's last item) when
//       older posts exist; RateLimit-Limit/-Remaining/-Reset (Unix seconds)/-Policy;
//       400 {"error":"InvalidRequest","message":"Profile not found"} for an unknown actor
//
// Post k of account i is at://did:plc:pwsimacct<i>/app.bsky.feed.post/<rkey>, the rkey a TID
// made from its publication time. Its text starts with an emoji and carries the world's links
// as link facets (byte offsets, shortened link text, as the Bluesky app writes them); when
// k % 5 == 2 the last link is an external card embed instead. Post 7k+6 is a repost (reason
// #reasonRepost) of a post of account i+1 that carries the world's links. Its id is
// "repost:<original at:// uri>"; its shared URL, the original's bsky.app URL, is the one link
// the daemon stores that /_sim/served does not list (it is never flagged).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "platform_service.h"

namespace postwatch::sim {

inline constexpr std::string_view kBlueskyPrefix = "/xrpc/";
inline constexpr std::string_view kBlueskyHandleSuffix = ".bsky-sim.example";

// Thread-safe once constructed. The context's world and served log must outlive it.
std::unique_ptr<PlatformService> MakeBlueskyService(const PlatformContext& context);

std::string BlueskyDid(uint32_t account);
std::string BlueskyHandle(uint32_t account);
// True when post `index` of an account is rendered as a repost.
inline bool BlueskyIsRepost(uint64_t index) { return index % 7 == 6; }
// https://bsky.app/profile/<handle>/post/<rkey> of the post a repost shares; "" for a post.
std::string BlueskySharedUrl(const World& world, uint32_t account, uint64_t index);

}  // namespace postwatch::sim
