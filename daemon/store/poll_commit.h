// Writing one finished poll (a PollRecord) into the database.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "model/poll_record.h"
#include "store/sqlite_db.h"

namespace postwatch {

// Writes `record` inside the caller's open transaction on `db`:
//  - the account row: status (unless the account is paused), consecutive_failures,
//    next_due_ms, last_poll_ms, last_success_ms (on success or not_modified), last_error,
//    last_published_at = max(old, newest post), and cursor/etag/last_modified/canonical_id
//    only when the record's optional is set;
//  - each post with INSERT ... ON CONFLICT (account_id, post_id) DO NOTHING; links and
//    flag hits only for posts that were new, so re-polling never counts anything twice;
//  - a poll_history row, except for not_modified records (a 304 only touches the account).
// A record for an account that no longer exists (removed while its poll ran) writes
// nothing and yields an all-zero result. `now_ms` stamps first_seen_ms and seen_ms.
//
// Returns what was new. On failure the caller must roll back the transaction. Not
// thread-safe (uses `db`).
Result<CommitResult> ApplyPollRecord(SqliteDb& db, const PollRecord& record, int64_t now_ms);

}  // namespace postwatch
