// The zalo plugin's config and account ref: their JSON Schemas and their parsed form.
#pragma once

#include <string>
#include <string_view>

namespace postwatch::zalo {

// JSON Schema (draft 4) of the plugin's config. Keys:
//   api_base_url        http(s) URL, default "https://openapi.zalo.me": the OA Open API
//                       (article listing and detail).
//   oauth_base_url      http(s) URL, default "https://oauth.zaloapp.com": the token endpoint
//                       (<oauth_base_url>/v4/oa/access_token).
//   authorize_base_url  http(s) URL, default oauth_base_url: the owner's permission page
//                       (<authorize_base_url>/v4/oa/permission).
//   page_limit          integer 1..10, default 8: articles per listing request (Zalo caps it
//                       at 10; 8 leaves room for the listing and each article's detail
//                       within the host's default 10 requests per poll).
//   max_pages           integer 1..5, default 3: listing pages walked per poll to find the
//                       previous poll's newest article; detail requests share the host's
//                       per-poll request cap.
// Each base URL may carry a path prefix (tests point all three at postwatch-sim).
extern const char* const kZaloConfigSchema;

// JSON Schema (draft 4) of an account's ref: an empty object.
extern const char* const kZaloAccountSchema;

inline constexpr std::string_view kDefaultApiBaseUrl = "https://openapi.zalo.me";
inline constexpr std::string_view kDefaultOAuthBaseUrl = "https://oauth.zaloapp.com";

struct ZaloConfig {
  std::string api_base_url = std::string(kDefaultApiBaseUrl);
  std::string oauth_base_url = std::string(kDefaultOAuthBaseUrl);
  std::string authorize_base_url = std::string(kDefaultOAuthBaseUrl);
  int page_limit = 8;
  int max_pages = 3;
};

struct ZaloConfigParse {
  ZaloConfig config;
  std::string error;  // "" on success
};

// Parses the plugin config (comments and trailing commas allowed; "" means all defaults).
// Rechecks what the schema says, so that a host that skipped validation still gets an error.
// Trailing slashes of base URLs are dropped. Thread-safe.
ZaloConfigParse ParseZaloConfig(std::string_view json);

}  // namespace postwatch::zalo
