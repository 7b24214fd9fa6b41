// The audit log: one row per admin-API mutation, written before the mutation runs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/sqlite_db.h"

namespace postwatch {

// One audit record. before_json/after_json hold JSON text ("null" when not applicable).
struct AuditEntry {
  int64_t id = 0;
  int64_t at_ms = 0;   // Unix ms when the mutation was requested
  std::string actor;   // who: the token's fingerprint and the peer address
  std::string action;  // what: "accounts.add", "plugins.disable", ...
  std::string target;  // which: "account:17", "plugin:web", "lists"
  std::string reason;  // why, as the admin gave it; may be empty
  std::string before_json = "null";
  std::string after_json = "null";
  std::string outcome = "pending";  // "pending", then "ok" or "failed: <reason>"
};

// The functions below are not thread-safe: the caller serialises use of `db`.

// Inserts `entry` (its id is ignored) in one statement, which SQLite commits atomically;
// returns the new id. Fails like any write (kUnavailable when the disk is full or the
// database locked, kIoError otherwise).
Result<int64_t> InsertAuditEntry(SqliteDb& db, const AuditEntry& entry);

// Records how the mutation of entry `id` ended, and what it produced. An empty `target`
// or `after_json` leaves that column as it was. kNotFound for an unknown id.
Status FinishAuditEntry(SqliteDb& db, int64_t id, std::string_view outcome, std::string_view target,
                        std::string_view after_json);

// Up to `limit` entries with id > `after_id`, oldest first.
Result<std::vector<AuditEntry>> SelectAuditEntries(SqliteDb& db, int64_t after_id, int limit);

}  // namespace postwatch
