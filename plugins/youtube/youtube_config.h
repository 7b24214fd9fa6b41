// The youtube plugin's config and account ref: their JSON Schemas and their parsed form.
#pragma once

#include <string>
#include <string_view>

namespace postwatch::youtube {

// JSON Schema (draft 4) of the plugin's config. Keys:
//   mode       "feed" (default): the public channel feed, the newest 15 videos, no key.
//              "data_api": YouTube Data API v3 playlistItems of the uploads playlist, with
//              paging; the API key is the account's credential (see README.md).
//   max_pages  integer 1..20, default 3: data_api pages (50 videos each) per poll.
//   base_url   "http(s)://host[:port][/prefix]", tests and demos only: replaces the scheme
//              and host of every URL the plugin plans (youtube.com and googleapis.com alike).
extern const char* const kYoutubeConfigSchema;

// JSON Schema (draft 4) of an account's ref. Keys:
//   channel_id  "UC" + 22 characters, optional: the channel to poll, when the registered
//               handle or URL should not be resolved.
extern const char* const kYoutubeAccountSchema;

enum class YoutubeMode { kFeed, kDataApi };

struct YoutubeConfig {
  YoutubeMode mode = YoutubeMode::kFeed;
  int max_pages = 3;
  std::string base_url;  // "" when unset
};

struct YoutubeConfigParse {
  YoutubeConfig config;
  std::string error;  // "" on success
};

// Parses the plugin config (comments and trailing commas allowed; "" means all defaults),
// rechecking what the schema says. Thread-safe.
YoutubeConfigParse ParseYoutubeConfig(std::string_view json);

struct RefChannelId {
  std::string channel_id;  // "" when the ref names none
  std::string error;       // "" on success
};

// The ref's channel_id; an error when the ref is not an object or the id is malformed.
RefChannelId ChannelIdFromRef(std::string_view ref_json);

}  // namespace postwatch::youtube
