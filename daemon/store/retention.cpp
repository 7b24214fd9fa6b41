#include "store/retention.h"

#include "store/transaction.h"

namespace postwatch {

namespace {

// The batch's post row ids live in a temporary table of this connection, so the counts
// and the delete see exactly the same rows.
constexpr char kCreateBatchTable[] =
    "CREATE TEMP TABLE IF NOT EXISTS retention_batch (id INTEGER PRIMARY KEY)";
constexpr char kSelectExpired[] =
    "INSERT INTO temp.retention_batch (id) "
    "SELECT id FROM posts WHERE published_at > 0 AND published_at < ?1 "
    "UNION SELECT id FROM posts WHERE published_at = 0 AND first_seen_ms < ?2 LIMIT ?3";

Result<int64_t> CountWhereInBatch(SqliteDb& db, const char* table, const char* column) {
  return db.QueryInt(std::string("SELECT count(*) FROM ") + table + " WHERE " + column +
                     " IN (SELECT id FROM temp.retention_batch)");
}

}  // namespace

Result<RetentionBatch> DeleteExpiredBatch(SqliteDb& db, int64_t cutoff_ms, int batch_rows) {
  if (Status s = db.Exec(kCreateBatchTable); !s.ok()) return s.WithContext("retention");
  Result<Transaction> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status().WithContext("retention");
  if (Status s = db.Exec("DELETE FROM temp.retention_batch"); !s.ok()) return s;

  Result<Statement> select = db.Prepare(kSelectExpired);
  if (!select.ok()) return select.status();
  select->Bind(1, cutoff_ms / 1000).Bind(2, cutoff_ms).Bind(3, int64_t{batch_rows});
  if (Status s = select->Run(); !s.ok()) return s.WithContext("retention");

  RetentionBatch batch;
  Result<int64_t> posts = db.QueryInt("SELECT count(*) FROM temp.retention_batch");
  Result<int64_t> links = CountWhereInBatch(db, "links", "post_row");
  Result<int64_t> hits = CountWhereInBatch(db, "flag_hits", "post_row");
  if (!posts.ok()) return posts.status();
  if (!links.ok()) return links.status();
  if (!hits.ok()) return hits.status();
  batch.posts = *posts;
  batch.links = *links;
  batch.flag_hits = *hits;
  if (Status s = db.Exec("DELETE FROM posts WHERE id IN (SELECT id FROM temp.retention_batch)");
      !s.ok()) {
    return s.WithContext("retention");
  }

  Result<Statement> history = db.Prepare(
      "DELETE FROM poll_history WHERE id IN "
      "(SELECT id FROM poll_history WHERE started_ms < ?1 LIMIT ?2)");
  if (!history.ok()) return history.status();
  history->Bind(1, cutoff_ms).Bind(2, int64_t{batch_rows});
  if (Status s = history->Run(); !s.ok()) return s.WithContext("retention");
  batch.poll_history = db.Changes();

  if (Status s = tx->Commit(); !s.ok()) return s.WithContext("retention");
  batch.more = batch.posts >= batch_rows || batch.poll_history >= batch_rows;
  return batch;
}

}  // namespace postwatch
