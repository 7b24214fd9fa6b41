// Statement: one use of a prepared SQLite statement, with typed binding and reading.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace postwatch {

struct SqliteStatementDeleter {
  void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};
using SqliteStatementHandle = std::unique_ptr<sqlite3_stmt, SqliteStatementDeleter>;

// Borrows a prepared statement (owned by SqliteDb's cache) for one execution. The
// destructor resets the statement and clears its bindings so the cache can hand it out
// again. Parameters are 1-based, columns 0-based, as in the SQLite C API.
//
// Bind errors are remembered and returned by the next Step()/Run(), so call sites can
// chain Bind() calls without checking each one.
//
// Not thread-safe: use it on the thread that owns the connection, and do not hold two
// Statements for the same SQL text at once (they would share one sqlite3_stmt).
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view value);  // copied by SQLite
  Statement& Bind(int index, const std::string& value) {
    return Bind(index, std::string_view(value));
  }
  // Binds text without copying it: `value` must stay valid and unchanged until this
  // Statement is destroyed (which resets the statement and clears its bindings). For the
  // write path, where the bound strings live in the record being written.
  Statement& BindStatic(int index, std::string_view value);
  Statement& BindNull(int index);
  // Binds NULL when the optional is empty.
  Statement& BindOptional(int index, const std::optional<std::string>& value);

  // Advances to the next row: true when a row is available, false when done. Failures map
  // through SqliteStatus() (transient ones such as SQLITE_BUSY/FULL are kUnavailable).
  Result<bool> Step();
  // Steps until done, ignoring any rows.
  Status Run();

  // Column readers; valid after Step() returned true.
  int64_t ColumnInt(int column) const;
  std::string ColumnText(int column) const;  // "" for NULL

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int bind_error_ = SQLITE_OK;
};

// Maps a SQLite result code to a Status: SQLITE_BUSY, LOCKED, FULL, IOERR, NOMEM and
// PROTOCOL become kUnavailable (worth retrying later); constraint and type errors
// kInvalidArgument; anything else kIoError. The message carries `what`, the connection's
// error message when `db` is non-null, and the code's name.
Status SqliteStatus(sqlite3* db, int rc, std::string_view what);

}  // namespace postwatch
