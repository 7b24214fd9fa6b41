#include "store/account_table.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "store/transaction.h"

namespace postwatch {
namespace {

constexpr char kSelectColumns[] =
    "SELECT id, platform, registered, member_ref, display_name, grp, ref_json, interval_s, "
    "canonical_id, status, cursor, etag, last_modified, next_due_ms, last_poll_ms, "
    "last_success_ms, consecutive_failures, last_error, last_published_at FROM accounts";

constexpr char kInsert[] =
    "INSERT INTO accounts (platform, registered, member_ref, display_name, grp, ref_json, "
    "interval_s, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

constexpr char kUpdateSpec[] =
    "UPDATE accounts SET member_ref = ?1, display_name = ?2, grp = ?3, ref_json = ?4, "
    "interval_s = ?5 WHERE id = ?6";

std::string Key(std::string_view platform, std::string_view registered) {
  std::string key(platform);
  key += '\0';
  key += registered;
  return key;
}

Status CheckSpec(const AccountSpec& spec) {
  if (spec.platform.empty() || spec.registered.empty()) {
    return Status::InvalidArgument("account '" + spec.registered + "' on platform '" +
                                   spec.platform + "': platform and registered are required");
  }
  return Status::Ok();
}

Account ReadAccount(const Statement& stmt) {
  Account a;
  a.id = stmt.ColumnInt(0);
  a.spec.platform = stmt.ColumnText(1);
  a.spec.registered = stmt.ColumnText(2);
  a.spec.member_ref = stmt.ColumnText(3);
  a.spec.display_name = stmt.ColumnText(4);
  a.spec.group = stmt.ColumnText(5);
  a.spec.ref_json = stmt.ColumnText(6);
  a.spec.interval_s = stmt.ColumnInt(7);
  a.canonical_id = stmt.ColumnText(8);
  a.status = ParseAccountStatus(stmt.ColumnText(9)).value_or(AccountStatus::kActive);
  a.cursor = stmt.ColumnText(10);
  a.etag = stmt.ColumnText(11);
  a.last_modified = stmt.ColumnText(12);
  a.next_due_ms = stmt.ColumnInt(13);
  a.last_poll_ms = stmt.ColumnInt(14);
  a.last_success_ms = stmt.ColumnInt(15);
  a.consecutive_failures = static_cast<int32_t>(stmt.ColumnInt(16));
  a.last_error = stmt.ColumnText(17);
  a.last_published_at = stmt.ColumnInt(18);
  return a;
}

Result<int64_t> InsertInTransaction(SqliteDb& db, const AccountSpec& spec, int64_t now_ms) {
  Result<Statement> stmt = db.Prepare(kInsert);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, spec.platform)
      .Bind(2, spec.registered)
      .Bind(3, spec.member_ref)
      .Bind(4, spec.display_name)
      .Bind(5, spec.group)
      .Bind(6, spec.ref_json)
      .Bind(7, spec.interval_s)
      .Bind(8, now_ms);
  if (Status s = stmt->Run(); !s.ok()) return s;
  return db.LastInsertRowId();
}

Status DeleteInTransaction(SqliteDb& db, int64_t id) {
  Result<Statement> stmt = db.Prepare("DELETE FROM accounts WHERE id = ?1");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, id);
  return stmt->Run();
}

}  // namespace

std::optional<AccountStatus> ParseAccountStatus(std::string_view name) {
  for (AccountStatus s : {AccountStatus::kActive, AccountStatus::kPaused, AccountStatus::kBackoff,
                          AccountStatus::kFailing, AccountStatus::kGone, AccountStatus::kAuth}) {
    if (AccountStatusName(s) == name) return s;
  }
  return std::nullopt;
}

Result<SyncReport> SyncAccountTable(SqliteDb& db, const std::vector<AccountSpec>& specs,
                                    int64_t now_ms) {
  std::unordered_set<std::string> wanted;
  for (const AccountSpec& spec : specs) {
    if (Status s = CheckSpec(spec); !s.ok()) return s;
    if (!wanted.insert(Key(spec.platform, spec.registered)).second) {
      return Status::InvalidArgument("account '" + spec.registered + "' on platform '" +
                                     spec.platform + "' is listed twice");
    }
  }

  Result<Transaction> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();

  std::unordered_map<std::string, Account> existing;
  {
    Result<Statement> stmt = db.Prepare(kSelectColumns);
    if (!stmt.ok()) return stmt.status();
    while (true) {
      Result<bool> row = stmt->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      Account a = ReadAccount(*stmt);
      existing.emplace(Key(a.spec.platform, a.spec.registered), std::move(a));
    }
  }

  SyncReport report;
  for (const AccountSpec& spec : specs) {
    auto it = existing.find(Key(spec.platform, spec.registered));
    if (it == existing.end()) {
      Result<int64_t> id = InsertInTransaction(db, spec, now_ms);
      if (!id.ok()) return id.status();
      ++report.added;
      continue;
    }
    const AccountSpec& old = it->second.spec;
    if (old.member_ref == spec.member_ref && old.display_name == spec.display_name &&
        old.group == spec.group && old.ref_json == spec.ref_json &&
        old.interval_s == spec.interval_s) {
      ++report.unchanged;
      continue;
    }
    Result<Statement> stmt = db.Prepare(kUpdateSpec);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, spec.member_ref)
        .Bind(2, spec.display_name)
        .Bind(3, spec.group)
        .Bind(4, spec.ref_json)
        .Bind(5, spec.interval_s)
        .Bind(6, it->second.id);
    if (Status s = stmt->Run(); !s.ok()) return s;
    ++report.changed;
  }

  for (const auto& [key, account] : existing) {
    if (wanted.contains(key)) continue;
    if (Status s = DeleteInTransaction(db, account.id); !s.ok()) return s;
    report.removed_ids.push_back(account.id);
  }
  std::sort(report.removed_ids.begin(), report.removed_ids.end());
  report.removed = static_cast<int>(report.removed_ids.size());

  if (Status s = tx->Commit(); !s.ok()) return s;
  return report;
}

Result<int64_t> InsertAccount(SqliteDb& db, const AccountSpec& spec, int64_t now_ms) {
  if (Status s = CheckSpec(spec); !s.ok()) return s;
  Result<Transaction> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  Result<int64_t> id = InsertInTransaction(db, spec, now_ms);
  if (!id.ok()) {
    if (id.status().code() == Status::Code::kInvalidArgument) {
      return Status::InvalidArgument("account '" + spec.registered + "' on platform '" +
                                     spec.platform + "' is already registered");
    }
    return id.status();
  }
  if (Status s = tx->Commit(); !s.ok()) return s;
  return id;
}

Status DeleteAccount(SqliteDb& db, int64_t id) {
  Result<Transaction> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  if (Status s = DeleteInTransaction(db, id); !s.ok()) return s;
  if (db.Changes() == 0) return Status::NotFound("no account with id " + std::to_string(id));
  return tx->Commit();
}

Status UpdateAccountStatus(SqliteDb& db, int64_t id, AccountStatus status) {
  Result<Transaction> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  Result<Statement> stmt = db.Prepare("UPDATE accounts SET status = ?1 WHERE id = ?2");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, AccountStatusName(status)).Bind(2, id);
  if (Status s = stmt->Run(); !s.ok()) return s;
  if (db.Changes() == 0) return Status::NotFound("no account with id " + std::to_string(id));
  return tx->Commit();
}

Result<std::vector<Account>> SelectAccounts(SqliteDb& db) {
  Result<Statement> stmt = db.Prepare(std::string(kSelectColumns) + " ORDER BY id");
  if (!stmt.ok()) return stmt.status();
  std::vector<Account> accounts;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    accounts.push_back(ReadAccount(*stmt));
  }
  return accounts;
}

Result<Account> SelectAccount(SqliteDb& db, int64_t id) {
  Result<Statement> stmt = db.Prepare(std::string(kSelectColumns) + " WHERE id = ?1");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, id);
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no account with id " + std::to_string(id));
  return ReadAccount(*stmt);
}

}  // namespace postwatch
