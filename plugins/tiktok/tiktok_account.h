// Who a TikTok account is, as a member registered it.
//
// The Display API reads only the videos of the user who granted the token, so the
// registered handle identifies nothing to the API: the grant does (its open_id becomes the
// canonical id). The handle is still checked, so that a typo is reported when the account is
// registered rather than never.
#pragma once

#include <string>
#include <string_view>

namespace postwatch::tiktok {

struct TikTokHandleParse {
  std::string username;  // lowercased, without '@'
  std::string error;     // "" on success
};

// Parses "@username", "username", "https://www.tiktok.com/@username" (also without "www.",
// "m." for mobile, http, a trailing slash, a query or a fragment, or a "/video/<id>" tail).
// A username is 1..32 letters, digits, '_' or '.' (TikTok allows 2..24; the plugin is
// lenient about length). Thread-safe.
TikTokHandleParse ParseTikTokHandle(std::string_view registered);

}  // namespace postwatch::tiktok
