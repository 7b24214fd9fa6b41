// The telegram plugin's config and account ref: their JSON Schemas and their parsed form.
#pragma once

#include <string>
#include <string_view>

namespace postwatch::telegram {

// JSON Schema (draft 4) of the plugin's config. Keys:
//   max_pages  integer 1..50, default 5: preview pages (about 20 messages each) per poll
//              when catching up to the cursor.
//   base_url   "http(s)://host[:port][/prefix]", tests and demos only: replaces the scheme
//              and host of every URL the plugin plans, and registered URLs under it are read
//              as t.me URLs.
extern const char* const kTelegramConfigSchema;

// JSON Schema (draft 4) of an account's ref: an empty object (the channel name is what was
// registered).
extern const char* const kTelegramAccountSchema;

struct TelegramConfig {
  int max_pages = 5;
  std::string base_url;  // "" when unset
};

struct TelegramConfigParse {
  TelegramConfig config;
  std::string error;  // "" on success
};

// Parses the plugin config (comments and trailing commas allowed; "" means all defaults),
// rechecking what the schema says. Thread-safe.
TelegramConfigParse ParseTelegramConfig(std::string_view json);

}  // namespace postwatch::telegram
