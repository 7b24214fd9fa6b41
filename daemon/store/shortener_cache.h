// ShortenerCache: the shortener_cache table (where short links lead) and the late
// evidence of links whose short link was expanded after their post was stored.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/post.h"
#include "store/sqlite_db.h"

namespace postwatch {

// One row of shortener_cache: the outcome of expanding one short link.
struct ShortenerExpansion {
  std::string short_url;  // normalised ("https://bit.ly/abc")
  // The normalised URLs the short link redirected through, the last being the final URL;
  // empty when the shortener answered without a redirect. Empty when !ok.
  std::vector<std::string> hops;
  bool ok = false;             // false: the attempt failed (network, 5xx, 429) and will be retried
  std::string error;           // why it failed; empty when ok
  int64_t attempts = 1;        // failed attempts in a row, counting this one; 1 after a success
  int64_t expanded_at_ms = 0;  // Unix ms
  int64_t expires_at_ms = 0;   // Unix ms; after this, expand again
};

// What a finished expansion means for the links already stored with the short link as their
// final URL.
struct ExpandedLinkUpdate {
  std::string short_url;           // the stored links' `normalized`
  std::string short_host;          // their `host` (the shortener's host)
  std::vector<std::string> chain;  // short_url first, the final URL last
  std::string final_host;          // host of chain.back()
  std::vector<FlagHit> hits;       // hits of the chain (matched_url: the URL that matched)
};

// A flag hit AddFlagHitsForExpandedLink stored, for the metrics.
struct AddedFlagHit {
  int64_t account_id = 0;
  std::string plugin;  // the account's platform
  std::string group;   // the account's organisational unit
  std::string list;
};

// Owns two connections to the daemon's database: a read-only one for Find() and a
// read-write one for the writes, so lookups from poll threads never wait behind a write.
// The schema must already be migrated (Store::Open does that); writes take turns with the
// store writer through SQLite's lock and busy_timeout.
//
// Thread-safe: every method may be called from any thread.
class ShortenerCache {
 public:
  // Opens `db_path`. Fails with kIoError/kUnavailable when it cannot be opened, and with
  // kInvalidArgument when the shortener_cache table is missing (database not migrated).
  static Result<std::unique_ptr<ShortenerCache>> Open(const std::string& db_path);

  ShortenerCache(const ShortenerCache&) = delete;
  ShortenerCache& operator=(const ShortenerCache&) = delete;

  // The cached expansion of `short_url` (expired or not); nullopt when there is none.
  Result<std::optional<ShortenerExpansion>> Find(std::string_view short_url);

  // Inserts or replaces the row of `expansion.short_url`.
  Status Put(const ShortenerExpansion& expansion);

  // In one transaction, for every stored link whose `normalized` is update.short_url, on
  // update.short_host, and not expanded yet (chain IS NULL): sets its chain (JSON), its
  // `normalized` to the final URL and its `host` to update.final_host, and adds each of
  // update.hits unless the link already has that (list, rule), or its post already has that
  // (list, rule) for the same matched URL through another link, so a share is never counted
  // twice. Idempotent: a second call finds no unexpanded link. Returns the hits added.
  Result<std::vector<AddedFlagHit>> AddFlagHitsForExpandedLink(const ExpandedLinkUpdate& update,
                                                               int64_t now_ms);

  // Distinct `normalized` values of stored links on `host` that were never expanded, at most
  // `limit`: the short links to (re)try after a restart or a failure.
  Result<std::vector<std::string>> UnexpandedLinks(const std::string& host, int limit);

 private:
  ShortenerCache(std::unique_ptr<SqliteDb> write_db, std::unique_ptr<SqliteDb> read_db)
      : write_db_(std::move(write_db)), read_db_(std::move(read_db)) {}

  std::mutex write_mu_;
  std::unique_ptr<SqliteDb> write_db_;  // guarded by write_mu_
  std::mutex read_mu_;
  std::unique_ptr<SqliteDb> read_db_;  // guarded by read_mu_
};

// The JSON array text of `urls`, and back; DecodeUrlList fails with kInvalidArgument on
// anything but an array of strings.
std::string EncodeUrlList(const std::vector<std::string>& urls);
Result<std::vector<std::string>> DecodeUrlList(std::string_view json);

}  // namespace postwatch
