#include "store/sqlite_db.h"

#include <mutex>
#include <string>
#include <utility>

namespace postwatch {
namespace {

// SQLite keeps allocation statistics (sqlite3_memory_used and friends, which postwatch
// never reads) under a process-wide mutex taken on every malloc and free: about 5% of the
// writer's CPU per stored post. The setting can only change before SQLite initializes, so
// it is made once, before the first connection of the process; every SQLite use in the
// daemon goes through SqliteDb, and call_once holds other threads until it is done. If
// something initialized SQLite earlier, sqlite3_config fails with SQLITE_MISUSE and the
// statistics stay on, which is only slower.
void DisableMemoryStatistics() {
  static std::once_flag once;
  std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path,
                                                 const SqliteOpenOptions& options) {
  if (path.empty()) return Status::InvalidArgument("database path is empty");
  DisableMemoryStatistics();
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  flags |= options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteHandle handle(raw);
  if (rc != SQLITE_OK) {
    return SqliteStatus(handle.get(), rc, "open " + path);
  }
  std::unique_ptr<SqliteDb> db(new SqliteDb(std::move(handle), path));
  if (Status s = db->ApplyPragmas(options); !s.ok()) return s.WithContext(path);
  return db;
}

Status SqliteDb::ApplyPragmas(const SqliteOpenOptions& options) {
  int rc = sqlite3_busy_timeout(db_.get(), options.busy_timeout_ms);
  if (rc != SQLITE_OK) return SqliteStatus(db_.get(), rc, "busy_timeout");
  if (Status s = Exec("PRAGMA foreign_keys = ON"); !s.ok()) return s;
  if (options.read_only) return Exec("PRAGMA query_only = ON");

  std::string mode;
  {
    Result<Statement> wal = Prepare("PRAGMA journal_mode = WAL");
    if (!wal.ok()) return wal.status();
    Result<bool> row = wal->Step();
    if (!row.ok()) return row.status();
    if (*row) mode = wal->ColumnText(0);
  }
  if (mode != "wal") {
    return Status::IoError("cannot enable WAL journal mode (got '" + mode + "')");
  }
  return Exec(std::string("PRAGMA synchronous = ") +
              (options.synchronous_full ? "FULL" : "NORMAL") +
              "; PRAGMA wal_autocheckpoint = " + std::to_string(options.wal_autocheckpoint_pages) +
              "; PRAGMA journal_size_limit = " + std::to_string(options.journal_size_limit_bytes));
}

Status SqliteDb::Exec(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &error);
  std::unique_ptr<char, decltype(&sqlite3_free)> error_owner(error, &sqlite3_free);
  if (rc == SQLITE_OK) return Status::Ok();
  return SqliteStatus(db_.get(), rc, "exec");
}

Result<Statement> SqliteDb::Prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v3(db_.get(), sql.c_str(), static_cast<int>(sql.size() + 1),
                                SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    SqliteStatementHandle handle(raw);
    if (rc != SQLITE_OK) return SqliteStatus(db_.get(), rc, "prepare " + sql);
    if (handle == nullptr) return Status::InvalidArgument("empty SQL statement");
    it = statements_.emplace(sql, std::move(handle)).first;
  }
  return Statement(db_.get(), it->second.get());
}

Result<int64_t> SqliteDb::QueryInt(const std::string& sql) {
  Result<Statement> stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no row: " + sql);
  return stmt->ColumnInt(0);
}

int64_t SqliteDb::Changes() const { return sqlite3_changes64(db_.get()); }

int64_t SqliteDb::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_.get()); }

bool SqliteDb::InAutocommit() const { return sqlite3_get_autocommit(db_.get()) != 0; }

}  // namespace postwatch
