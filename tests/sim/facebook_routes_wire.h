// The Graph API's wire format as the simulator's Facebook service writes it: times, error
// envelopes, opaque paging cursors, web answers of the dialog, and posts with their
// attachments. Part of facebook_routes; see facebook_routes.h for what is served.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim_http.h"
#include "world.h"

namespace postwatch::sim {

using FacebookJsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Post `index` is number kFacebookPostNumberBase + index of its Page.
inline constexpr uint64_t kFacebookPostNumberBase = 7000000000ULL;

// "2024-02-12T12:45:08+0000", as the Graph API writes times.
std::string FbGraphTime(int64_t ms);
uint64_t FbFnv1a64(std::string_view text);
// Percent-encodes every byte except RFC 3986 unreserved characters.
std::string FbPercentEncode(std::string_view text);
// Standard base64 with padding, as Facebook's paging cursors look; Unbase64 is its inverse
// (nullopt for a character outside the alphabet).
std::string FbBase64(std::string_view data);
std::optional<std::string> FbUnbase64(std::string_view text);

// {"error":{"message","type","code"[,"error_subcode"],"fbtrace_id"}} with `status`, and a
// WWW-Authenticate header for OAuthException as Facebook sends it.
SimResponse FbGraphError(unsigned status, int64_t code, int64_t subcode, std::string_view type,
                         std::string_view message);
// A small HTML page, and a 302 to `location`.
SimResponse FbHtml(unsigned status, std::string_view title);
SimResponse FbRedirect(std::string location);

// One post object of a /posts page (see facebook_routes.h for where its links go); `www` is
// the simulated www.facebook.com origin of permalinks.
void WriteFacebookPost(FacebookJsonWriter& w, const Post& post, std::string_view www);

}  // namespace postwatch::sim
