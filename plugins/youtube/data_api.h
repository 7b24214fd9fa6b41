// YouTube Data API v3: the playlistItems of a channel's uploads playlist, and the API's
// error bodies.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "postwatch/plugin_api.h"
#include "support/emitter.h"

namespace postwatch::youtube {

// The uploads playlist of a channel: "UU" followed by the channel id without its "UC".
// Precondition: IsChannelId(channel_id).
std::string UploadsPlaylistId(std::string_view channel_id);

// https://www.googleapis.com/youtube/v3/playlistItems?part=snippet,contentDetails
// &maxResults=50&playlistId=…[&pageToken=…] (the token percent-encoded). The API key is not
// in the URL: the plugin sends it in the X-Goog-Api-Key header, so it never reaches logs.
std::string PlaylistItemsUrl(std::string_view playlist_id, std::string_view page_token);

struct PlaylistPage {
  // The page's videos in order (newest first), up to but excluding the video whose id is
  // the cursor: id = resourceId.videoId, kind video, url = the watch URL, published_at =
  // contentDetails.videoPublishedAt (else snippet.publishedAt), text = title, links = the URLs
  // in the description. Private and deleted videos (no videoPublishedAt, title "Private
  // video"/"Deleted video") are skipped.
  std::vector<plugin::PostFields> posts;
  std::string next_page_token;  // "" on the last page
  bool reached_cursor = false;  // the cursor's video was on this page
  std::string first_id;         // the first video id on the page; "" when empty
  std::string error;            // "" when the body is a playlistItems list
  bool not_json = false;        // with error: the body is not JSON at all
};

// Reads a 200 playlistItems.list body. Thread-safe.
PlaylistPage ReadPlaylistPage(std::string_view body, std::string_view cursor);

struct ApiError {
  pw_status code = PW_E_PARSE;
  std::string message;
};

// Maps a non-2xx API answer to a typed error, reading error.errors[].reason: quotaExceeded,
// rateLimitExceeded, userRateLimitExceeded and dailyLimitExceeded are PW_E_RATELIMITED (the
// daily quota, not a failure of the account); keyInvalid, keyExpired, accessNotConfigured
// and other 401/403 answers are PW_E_AUTH; playlistNotFound and 404 are PW_E_GONE; 429 is
// PW_E_RATELIMITED; anything else PW_E_PARSE. The message quotes the API's reason and text.
ApiError ReadApiError(int status, std::string_view body);

}  // namespace postwatch::youtube
