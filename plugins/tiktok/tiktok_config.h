// The tiktok plugin's config and account ref: their JSON Schemas and their parsed form.
#pragma once

#include <string>
#include <string_view>

namespace postwatch::tiktok {

// JSON Schema (draft 4) of the plugin's config. Keys:
//   api_base_url   "http(s)://host[:port][/prefix]", default "https://open.tiktokapis.com":
//                  the Display API and the token endpoint (<api_base_url>/v2/oauth/token/).
//   auth_base_url  "http(s)://host[:port][/prefix]", default "https://www.tiktok.com": the
//                  authorisation page (<auth_base_url>/v2/auth/authorize/).
//   page_size      integer 1..20, default 20: max_count of each video list request.
//   max_pages      integer 1..9, default 5: video list pages per poll.
// Both base URLs can point at postwatch-sim, e.g. "http://127.0.0.1:8080/tiktok".
extern const char* const kTikTokConfigSchema;

// JSON Schema (draft 4) of an account's ref: an empty object. The Display API reads the
// videos of whoever granted the token, so the grant, not the ref, says whose videos they are.
extern const char* const kTikTokAccountSchema;

inline constexpr std::string_view kDefaultApiBaseUrl = "https://open.tiktokapis.com";
inline constexpr std::string_view kDefaultAuthBaseUrl = "https://www.tiktok.com";

struct TikTokConfig {
  std::string api_base_url = std::string(kDefaultApiBaseUrl);    // no trailing '/'
  std::string auth_base_url = std::string(kDefaultAuthBaseUrl);  // no trailing '/'
  int page_size = 20;
  int max_pages = 5;
};

struct TikTokConfigParse {
  TikTokConfig config;
  std::string error;  // "" on success
};

// Parses the plugin config (comments and trailing commas allowed; "" means all defaults).
// Rechecks what the schema says, so that a host that skipped validation still gets an error.
// Thread-safe.
TikTokConfigParse ParseTikTokConfig(std::string_view json);

}  // namespace postwatch::tiktok
