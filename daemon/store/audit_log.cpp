#include "store/audit_log.h"

namespace postwatch {

Result<int64_t> InsertAuditEntry(SqliteDb& db, const AuditEntry& entry) {
  Result<Statement> stmt = db.Prepare(
      "INSERT INTO audit_log (at_ms, actor, action, target, reason, before_json, after_json, "
      "outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!stmt.ok()) return stmt.status().WithContext("audit log");
  stmt->Bind(1, entry.at_ms)
      .Bind(2, entry.actor)
      .Bind(3, entry.action)
      .Bind(4, entry.target)
      .Bind(5, entry.reason)
      .Bind(6, entry.before_json)
      .Bind(7, entry.after_json)
      .Bind(8, entry.outcome);
  if (Status s = stmt->Run(); !s.ok()) return s.WithContext("audit log");
  return db.LastInsertRowId();
}

Status FinishAuditEntry(SqliteDb& db, int64_t id, std::string_view outcome, std::string_view target,
                        std::string_view after_json) {
  Result<Statement> stmt = db.Prepare(
      "UPDATE audit_log SET outcome = ?1, "
      "target = CASE WHEN ?2 = '' THEN target ELSE ?2 END, "
      "after_json = CASE WHEN ?3 = '' THEN after_json ELSE ?3 END WHERE id = ?4");
  if (!stmt.ok()) return stmt.status().WithContext("audit log");
  stmt->Bind(1, outcome).Bind(2, target).Bind(3, after_json).Bind(4, id);
  if (Status s = stmt->Run(); !s.ok()) return s.WithContext("audit log");
  if (db.Changes() == 0) return Status::NotFound("no audit entry " + std::to_string(id));
  return Status::Ok();
}

Result<std::vector<AuditEntry>> SelectAuditEntries(SqliteDb& db, int64_t after_id, int limit) {
  Result<Statement> stmt = db.Prepare(
      "SELECT id, at_ms, actor, action, target, reason, before_json, after_json, outcome "
      "FROM audit_log WHERE id > ?1 ORDER BY id LIMIT ?2");
  if (!stmt.ok()) return stmt.status().WithContext("audit log");
  stmt->Bind(1, after_id).Bind(2, int64_t{limit});
  std::vector<AuditEntry> entries;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status().WithContext("audit log");
    if (!*row) break;
    AuditEntry e;
    e.id = stmt->ColumnInt(0);
    e.at_ms = stmt->ColumnInt(1);
    e.actor = stmt->ColumnText(2);
    e.action = stmt->ColumnText(3);
    e.target = stmt->ColumnText(4);
    e.reason = stmt->ColumnText(5);
    e.before_json = stmt->ColumnText(6);
    e.after_json = stmt->ColumnText(7);
    e.outcome = stmt->ColumnText(8);
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace postwatch
