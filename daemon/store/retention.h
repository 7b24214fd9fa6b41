// Retention: deleting history older than the configured age, a batch at a time.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "store/sqlite_db.h"

namespace postwatch {

// What one batch deleted. Links and flag hits go with their posts (foreign-key cascade)
// and are counted before the delete.
struct RetentionBatch {
  int64_t posts = 0;
  int64_t links = 0;
  int64_t flag_hits = 0;
  int64_t poll_history = 0;
  bool more = false;  // a full batch was deleted: there may be more to delete
};

// In one BEGIN IMMEDIATE transaction, deletes up to `batch_rows` posts published before
// `cutoff_ms` (posts without a published time count from when they were first seen),
// with their links and flag hits, and up to `batch_rows` poll_history rows started before
// `cutoff_ms`. Short batches keep the write lock brief, so polls keep committing in
// between. Not thread-safe: the caller serialises use of `db`. Precondition:
// batch_rows > 0.
Result<RetentionBatch> DeleteExpiredBatch(SqliteDb& db, int64_t cutoff_ms, int batch_rows);

}  // namespace postwatch
