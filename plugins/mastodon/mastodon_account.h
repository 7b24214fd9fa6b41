// Who a Mastodon account is: the handle a member typed, the canonical id the plugin stores,
// and the API URLs built from them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mastodon/mastodon_config.h"

namespace postwatch::mastodon {

// A Mastodon account on its home instance.
struct MastodonHandle {
  std::string user;      // "alice": letters, digits, '_', '.', '-'
  std::string instance;  // "mastodon.social", lowercased; may carry a ":port"
};

struct HandleParse {
  MastodonHandle handle;
  std::string error;  // "" on success
};

// Parses what a member registered: "@alice@mastodon.social", "alice@mastodon.social",
// "https://mastodon.social/@alice" (a trailing slash, query or fragment is ignored),
// "https://mastodon.social/users/alice", and "https://other.example/@alice@mastodon.social"
// (a remote profile seen through another instance: the home instance is the one in the
// handle). Errors name what is missing. Thread-safe.
HandleParse ParseMastodonHandle(std::string_view registered);

// The canonical id the plugin stores through emit_account_id: "<instance>/<account id>",
// e.g. "mastodon.social/109302436954721982". Keeping the instance makes a stored id useless,
// rather than wrong, when a member re-registers the account on another instance.
std::string CanonicalId(const MastodonHandle& handle, std::string_view account_id);

// The account id inside a canonical id, when it belongs to `handle`'s instance and is a
// valid status/account id; nullopt otherwise (then the plugin looks the account up again).
std::optional<std::string> AccountIdOf(std::string_view canonical_id, const MastodonHandle& handle);

// True when `id` can be a Mastodon id: 1..32 ASCII letters or digits (Mastodon uses decimal
// snowflakes; Pleroma and Akkoma use base62 flake ids).
bool IsValidId(std::string_view id);

// Orders two ids as Mastodon does: a longer id is newer, equal lengths compare
// lexicographically. Returns <0, 0 or >0 like strcmp.
int CompareIds(std::string_view a, std::string_view b);

// GET https://<instance>/api/v1/accounts/lookup?acct=<user>, rewritten by config.base_url.
std::string LookupUrl(const MastodonConfig& config, const MastodonHandle& handle);

// GET https://<instance>/api/v1/accounts/<id>/statuses?exclude_replies=true&limit=<n>
// [&max_id=<max_id>], rewritten by config.base_url. Preconditions: IsValidId(account_id),
// max_id empty or valid.
std::string StatusesUrl(const MastodonConfig& config, const MastodonHandle& handle,
                        std::string_view account_id, std::string_view max_id);

}  // namespace postwatch::mastodon
