#include "store/transaction.h"

namespace postwatch {

Result<Transaction> Transaction::Begin(SqliteDb& db) {
  if (Status s = db.Exec("BEGIN IMMEDIATE"); !s.ok()) return s.WithContext("begin");
  return Transaction(&db);
}

Transaction::~Transaction() {
  // SQLite may already have rolled back by itself (SQLITE_FULL, SQLITE_IOERR); ROLLBACK
  // without an open transaction would only report an error nobody can act on.
  if (db_ != nullptr && !db_->InAutocommit()) {
    (void)db_->Exec("ROLLBACK");
  }
}

Status Transaction::Commit() {
  if (db_ == nullptr) return Status::Internal("transaction already committed");
  Status s = db_->Exec("COMMIT");
  if (!s.ok()) return s.WithContext("commit");
  db_ = nullptr;
  return Status::Ok();
}

}  // namespace postwatch
