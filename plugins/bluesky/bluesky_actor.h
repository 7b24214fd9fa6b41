// Who a Bluesky account is (a handle or a DID), and the XRPC and bsky.app URLs built from it.
#pragma once

#include <string>
#include <string_view>

#include "bluesky/bluesky_config.h"

namespace postwatch::bluesky {

// What a member registered, reduced to one actor.
struct Actor {
  std::string handle;  // "alice.bsky.social", lowercased; "" when a DID was registered
  std::string did;     // "did:plc:…"; "" when a handle was registered
};

struct ActorParse {
  Actor actor;
  std::string error;  // "" on success
};

// Parses "alice.bsky.social", "@alice.bsky.social", "https://bsky.app/profile/alice.bsky.social"
// (also with a DID in place of the handle, a trailing slash, query or fragment), "did:plc:…",
// "did:web:…" and "at://did:plc:…". A post URL (…/post/<rkey>) is an error. Thread-safe.
ActorParse ParseActor(std::string_view registered);

// True for "did:<method>:<id>" with a lowercase method and id characters
// [A-Za-z0-9._:%-], at most 2048 bytes.
bool IsDid(std::string_view text);

// True for a syntactically valid handle: at least two dot-separated labels of [a-z0-9-]
// (not starting or ending with '-'), at most 253 bytes; compared lowercased.
bool IsHandle(std::string_view text);

// GET https://public.api.bsky.app/xrpc/com.atproto.identity.resolveHandle?handle=<handle>,
// rewritten by config.base_url.
std::string ResolveHandleUrl(const BlueskyConfig& config, std::string_view handle);

// GET https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=<actor>
// &filter=posts_no_replies&limit=<n>[&cursor=<cursor>], values percent-encoded, rewritten by
// config.base_url.
std::string AuthorFeedUrl(const BlueskyConfig& config, std::string_view actor,
                          std::string_view cursor);

// Percent-encodes every byte outside RFC 3986's unreserved set.
std::string PercentEncode(std::string_view text);

// Decodes %XX escapes (and '+' as a space is NOT applied: XRPC clients do not use it).
// Invalid escapes are kept as they are.
std::string PercentDecode(std::string_view text);

// The record key of an at:// URI: its last path segment ("3kaheyt6vpc22"); "" when the URI
// has no collection and key.
std::string RecordKey(std::string_view at_uri);

// https://bsky.app/profile/<handle or DID>/post/<rkey>: the web page of a post.
std::string PostWebUrl(std::string_view handle_or_did, std::string_view rkey);

}  // namespace postwatch::bluesky
