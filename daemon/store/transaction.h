// Transaction: a BEGIN IMMEDIATE transaction that rolls back unless committed.
#pragma once

#include "base/status.h"
#include "store/sqlite_db.h"

namespace postwatch {

// Scoped write transaction on a SqliteDb. BEGIN IMMEDIATE takes the write lock up front,
// so a transaction never fails half-way with SQLITE_BUSY because another connection
// started writing first (busy_timeout applies to the BEGIN instead).
//
// The destructor rolls back when Commit() was not called or failed. Not thread-safe; the
// SqliteDb must outlive the Transaction. Movable, not copyable.
class Transaction {
 public:
  // Begins the transaction; kUnavailable when the database stays locked past busy_timeout.
  static Result<Transaction> Begin(SqliteDb& db);

  ~Transaction();
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Commits. On failure the transaction is rolled back (by SQLite or by the destructor).
  // Precondition: not committed yet.
  Status Commit();

 private:
  explicit Transaction(SqliteDb* db) : db_(db) {}

  SqliteDb* db_;  // null once committed or moved from
};

}  // namespace postwatch
