// The bluesky plugin's config and account ref: their JSON Schemas and their parsed form.
#pragma once

#include <string>
#include <string_view>

namespace postwatch::bluesky {

// JSON Schema (draft 4) of the plugin's config. Keys:
//   base_url    string "http(s)://host[:port][/prefix]", default unset. Tests and demos only:
//               replaces "https://public.api.bsky.app" in every XRPC URL (a path in base_url
//               is kept as a prefix), so that accounts are read from postwatch-sim.
//   page_limit  integer 1..100, default 50: feed items per page (the limit parameter).
//   max_pages   integer 1..9, default 5: feed pages per poll. A poll that must resolve the
//               handle first makes one more request; the host allows 10 per poll.
extern const char* const kBlueskyConfigSchema;

// JSON Schema (draft 4) of an account's ref: an empty object (the registered handle or DID
// says everything the plugin needs).
extern const char* const kBlueskyAccountSchema;

struct BlueskyConfig {
  std::string base_url;  // "" when unset
  int page_limit = 50;
  int max_pages = 5;
};

struct BlueskyConfigParse {
  BlueskyConfig config;
  std::string error;  // "" on success
};

// Parses the plugin config (comments and trailing commas allowed; "" means all defaults).
// Rechecks what the schema says, so that a host that skipped validation still gets an error
// rather than surprises. Thread-safe.
BlueskyConfigParse ParseBlueskyConfig(std::string_view json);

}  // namespace postwatch::bluesky
