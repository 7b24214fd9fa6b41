// Reading Zalo OA articles: a page of GET /v2.0/article/getslice (the listing) and the answer
// of GET /v2.0/article/getdetail (one article with its body), and the poll cursor.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "postwatch/plugin_api.h"
#include "support/emitter.h"

namespace postwatch::zalo {

// The position of one article in the OA's timeline: create_date (Unix ms), then the id.
struct ArticleKey {
  int64_t create_ms = 0;
  std::string id;
};

// "<create_ms>:<id>", the cursor text.
std::string FormatCursor(const ArticleKey& key);
// Reads a cursor; nullopt for "" or text that is not "<digits>:<id>".
std::optional<ArticleKey> ParseCursor(std::string_view text);
// True when `article` is at or older than `cursor`: an earlier create_date, or the same
// create_date and an id that is not greater (byte order).
bool AtOrOlder(const ArticleKey& article, const ArticleKey& cursor);

// True for an article id the plugin accepts: 1..128 bytes of [A-Za-z0-9_.-].
bool IsArticleId(std::string_view id);

// One listed article newer than the cursor.
struct ListedArticle {
  ArticleKey key;
  std::string link;  // the listing's "link", when it is an http(s) URL
  // The post, when the listing itself carried the body (then no detail request is needed).
  std::optional<plugin::PostFields> post;
};

// What one listing page holds, relative to the cursor.
struct SlicePage {
  std::vector<ListedArticle> fresh;  // shown articles newer than the cursor, OLDEST first
  size_t media_count = 0;            // every media on the page, hidden ones included
  bool reached_cursor = false;       // some media on the page is at or older than the cursor
  std::optional<int64_t> total;      // data.total, when present
};

struct SliceParse {
  SlicePage page;
  pw_status code = PW_OK;  // PW_OK or PW_E_LAYOUT
  std::string message;
};

// Reads the "data" object of a getslice answer. data.medias must be an array of objects,
// each with a valid string id and an integer create_date (ms), else PW_E_LAYOUT. Medias
// whose status is not "show" are counted but not returned (hidden articles are not public).
// Thread-safe once xmlInitParser() has run.
SliceParse ParseSliceData(const rapidjson::Value& data, const std::optional<ArticleKey>& cursor);

struct DetailParse {
  std::optional<plugin::PostFields> post;  // nullopt when the article is hidden
  pw_status code = PW_OK;                  // PW_OK or PW_E_LAYOUT
  std::string message;
};

// Reads the "data" object of a getdetail answer (or a listed media carrying "body") into a
// post: id = the article id, url = "link" (else `listed_link`), published_at = create_date
// (else `listed.create_ms`) / 1000, text = title and description (<= 500 bytes), links = every
// <a href> and plain URL of the body's HTML "content" blocks, URLs in "caption"s, "link"
// fields of body blocks, "url" of blocks of type "link", "cite" (object with "url", or a
// string) and URLs in "description"; de-duplicated, in that order. Image and video sources
// are not links. A data object whose id differs from `listed.id`, or whose body is present
// but not an array, is PW_E_LAYOUT. Thread-safe once xmlInitParser() has run.
DetailParse ParseArticleData(const rapidjson::Value& data, const ArticleKey& listed,
                             std::string_view listed_link);

}  // namespace postwatch::zalo
