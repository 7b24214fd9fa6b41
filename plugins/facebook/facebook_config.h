// The facebook plugin's config and account ref: their JSON Schemas and their parsed form.
#pragma once

#include <string>
#include <string_view>

namespace postwatch::facebook {

// JSON Schema (draft 4) of the plugin's config. Keys:
//   base_url         "http(s)://host[:port][/prefix]", default https://graph.facebook.com:
//                    the Graph API, which also serves the token endpoint (oauth/access_token).
//   dialog_base_url  default https://www.facebook.com: where the owner's browser is sent for
//                    the authorisation dialog (<dialog_base_url>/<version>/dialog/oauth).
//   api_version      "v<major>.<minor>", default "v19.0".
//   page_limit       integer 1..100, default 25: posts per page (the limit parameter).
//   max_pages        integer 1..9, default 5: posts pages per poll (a username lookup makes
//                    one more request; the host allows 10 per poll).
extern const char* const kFacebookConfigSchema;

// JSON Schema (draft 4) of an account's ref: an empty object.
extern const char* const kFacebookAccountSchema;

inline constexpr std::string_view kDefaultGraphBase = "https://graph.facebook.com";
inline constexpr std::string_view kDefaultDialogBase = "https://www.facebook.com";
inline constexpr std::string_view kDefaultApiVersion = "v19.0";

struct FacebookConfig {
  std::string base_url = std::string(kDefaultGraphBase);          // no trailing '/'
  std::string dialog_base_url = std::string(kDefaultDialogBase);  // no trailing '/'
  std::string api_version = std::string(kDefaultApiVersion);
  int page_limit = 25;
  int max_pages = 5;

  // "<base_url>/<api_version>": the prefix of every Graph API URL.
  std::string GraphRoot() const { return base_url + "/" + api_version; }
};

struct FacebookConfigParse {
  FacebookConfig config;
  std::string error;  // "" on success
};

// Parses the plugin config (comments and trailing commas allowed; "" means all defaults).
// Rechecks what the schema says, so that a host that skipped validation still gets an error
// rather than surprises. Thread-safe.
FacebookConfigParse ParseFacebookConfig(std::string_view json);

}  // namespace postwatch::facebook
