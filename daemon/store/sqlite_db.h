// SqliteDb: one SQLite connection with the daemon's pragmas and a prepared-statement cache.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"
#include "store/statement.h"

namespace postwatch {

struct SqliteCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

struct SqliteOpenOptions {
  bool read_only = false;         // open SQLITE_OPEN_READONLY; never creates the file
  bool synchronous_full = false;  // synchronous=FULL instead of NORMAL (read-write only)
  int busy_timeout_ms = 5000;
  // Keep the WAL bounded: checkpoint every N pages (~4 MiB at 4 KiB pages), and truncate
  // the WAL file to this size after a checkpoint, so a WAL that grew while checkpoints
  // were blocked (a long reader, a full disk) gives its space back.
  int wal_autocheckpoint_pages = 1000;
  int64_t journal_size_limit_bytes = 8 * 1024 * 1024;
};

// Owns a sqlite3 connection (closed with sqlite3_close_v2) and the statements prepared on
// it. A read-write connection is put in WAL mode with foreign_keys=ON; a read-only one is
// additionally query_only.
//
// Not thread-safe: a connection is used by one thread at a time; callers serialise access
// with their own mutex.
class SqliteDb {
 public:
  // Opens (creating it when read-write) the database at `path` and applies the pragmas.
  // Fails with kIoError when the file cannot be opened or WAL cannot be enabled.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path,
                                                const SqliteOpenOptions& options);

  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Runs one or more SQL statements separated by semicolons, ignoring result rows.
  Status Exec(std::string_view sql);

  // Returns the cached prepared statement for `sql`, preparing it on first use. The
  // Statement borrows the cached handle; see Statement for the one-at-a-time rule.
  Result<Statement> Prepare(const std::string& sql);

  // Runs a query that yields one integer ("PRAGMA user_version", "SELECT count(*) ...").
  Result<int64_t> QueryInt(const std::string& sql);

  // Rows changed by the last INSERT/UPDATE/DELETE, and the rowid of the last INSERT.
  int64_t Changes() const;
  int64_t LastInsertRowId() const;

  // True when no transaction is open.
  bool InAutocommit() const;

  sqlite3* raw() const { return db_.get(); }
  const std::string& path() const { return path_; }

 private:
  SqliteDb(SqliteHandle db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}
  Status ApplyPragmas(const SqliteOpenOptions& options);

  // Declared before db_ so statements are finalized before the connection closes.
  std::unordered_map<std::string, SqliteStatementHandle> statements_;
  SqliteHandle db_;
  std::string path_;
};

}  // namespace postwatch
