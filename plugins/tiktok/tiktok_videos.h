// Reading a page of POST /v2/video/list/ into posts, and the poll cursor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "postwatch/plugin_api.h"
#include "support/emitter.h"

namespace postwatch::tiktok {

// Where a video sits in the account's timeline: (create_time, id), newest greatest. Stored
// as the poll cursor in the text form "<create_time>:<id>", e.g. "1714550400:7364102938475610001".
struct VideoPosition {
  int64_t create_time = 0;  // Unix seconds
  std::string id;           // decimal video id
};

// Parses the cursor text; nullopt when it is not "<digits>:<digits>".
std::optional<VideoPosition> ParsePollCursor(std::string_view text);
std::string FormatPollCursor(const VideoPosition& position);
// <0, 0 or >0 like strcmp: by create_time, then by id as a number.
int ComparePositions(const VideoPosition& a, const VideoPosition& b);
// True for 1..32 decimal digits: TikTok video ids are 64-bit integers sent as strings.
bool IsValidVideoId(std::string_view id);

// What one page holds, relative to the poll cursor.
struct VideoPage {
  // The videos newer than the cursor, in page order (newest first). Per post: id = video id;
  // url = share_url without its query (TikTok appends utm_ tracking parameters); kind VIDEO;
  // published_at = create_time; text = title and video_description (the title is left out
  // when the description already starts with it), at most 500 bytes; links = the URLs in
  // video_description, then in title, de-duplicated.
  std::vector<plugin::PostFields> posts;
  std::optional<VideoPosition> newest;  // the newest video on the page
  size_t video_count = 0;
  bool reached_cursor = false;         // some video is at or older than the cursor
  bool has_more = false;               // data.has_more
  std::optional<int64_t> next_cursor;  // data.cursor: the request cursor of the next page
};

struct VideoPageParse {
  VideoPage page;
  pw_status code = PW_OK;  // or the error, with message
  std::string message;
};

// Parses a video list response of any HTTP status. Failures: the error envelope
// (CheckApiResponse), bytes that are not JSON (PW_E_PARSE), and a JSON answer that is not a
// video list (PW_E_LAYOUT): no "data" object, "videos" present but not an array, or a video
// without a valid id or create_time. A page without "videos" (TikTok omits it for an account
// with no public videos) or with [] is an empty page. Thread-safe.
VideoPageParse ParseVideoListPage(int http_status, std::string_view body,
                                  const std::optional<VideoPosition>& cursor);

}  // namespace postwatch::tiktok
