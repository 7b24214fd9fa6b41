// The mastodon plugin's config and account ref: their JSON Schemas and their parsed form.
#pragma once

#include <string>
#include <string_view>

namespace postwatch::mastodon {

// JSON Schema (draft 4) of the plugin's config. Keys:
//   base_url    string "http(s)://host[:port][/prefix]", default unset. Tests and demos only:
//               replaces the scheme and instance of every API URL (the instance normally comes
//               from the registered handle), so that accounts are read from postwatch-sim.
//   page_limit  integer 1..40, default 40: statuses per page (Mastodon's own maximum is 40).
//   max_pages   integer 1..9, default 5: statuses pages per poll. A poll that must look up the
//               account first makes one more request; the host allows 10 per poll.
extern const char* const kMastodonConfigSchema;

// JSON Schema (draft 4) of an account's ref: an empty object (the registered handle says
// everything the plugin needs).
extern const char* const kMastodonAccountSchema;

struct MastodonConfig {
  std::string base_url;  // "" when unset
  int page_limit = 40;
  int max_pages = 5;
};

struct MastodonConfigParse {
  MastodonConfig config;
  std::string error;  // "" on success
};

// Parses the plugin config (comments and trailing commas allowed; "" means all defaults).
// Rechecks what the schema says, so that a host that skipped validation still gets an error
// rather than surprises. Thread-safe.
MastodonConfigParse ParseMastodonConfig(std::string_view json);

}  // namespace postwatch::mastodon
