// Everything the store holds about one account: for `accounts export` (the account
// owner's copy of their data) and for the counts an erasure reports.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/account.h"
#include "store/sqlite_db.h"

namespace postwatch {

struct ExportedHit {
  std::string list;
  std::string rule;
  std::string matched_url;
  int64_t seen_ms = 0;
};

struct ExportedLink {
  std::string raw;
  std::string normalized;
  std::string host;
  std::vector<ExportedHit> hits;
};

struct ExportedPost {
  std::string post_id;
  std::string url;
  int64_t published_at = 0;  // Unix seconds; 0 when unknown
  std::string kind;
  std::string shared_url;
  int64_t text_hash = 0;  // the text itself is not stored
  int64_t first_seen_ms = 0;
  std::vector<ExportedLink> links;
};

struct ExportedPoll {
  int64_t started_ms = 0;
  int64_t finished_ms = 0;
  bool success = false;
  std::string reason;
  int64_t http_status = 0;
  int64_t new_posts = 0;
};

struct AccountData {
  Account account;
  int64_t created_ms = 0;
  std::vector<ExportedPost> posts;  // by published time, then first seen
  std::vector<ExportedPoll> polls;  // by start time
};

// How much an erasure of the account deletes.
struct AccountDataCounts {
  int64_t posts = 0;
  int64_t links = 0;
  int64_t flag_hits = 0;
  int64_t polls = 0;
};

// Not thread-safe: the caller serialises use of `db`. Both read inside one read
// transaction, so they see one consistent state. kNotFound for an unknown id.
Result<AccountData> SelectAccountData(SqliteDb& db, int64_t account_id);
Result<AccountDataCounts> CountAccountData(SqliteDb& db, int64_t account_id);

}  // namespace postwatch
