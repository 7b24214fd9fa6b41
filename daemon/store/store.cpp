#include "store/store.h"

#include <chrono>
#include <filesystem>
#include <system_error>
#include <utility>

#include "base/time_format.h"
#include "store/migration.h"
#include "store/poll_commit.h"
#include "store/transaction.h"
#include "store/write_failure.h"

namespace postwatch {
namespace {

Status StatusOf(const Status& status) { return status; }
template <typename T>
Status StatusOf(const Result<T>& result) {
  return result.status();
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  SqliteOpenOptions write_options;
  write_options.synchronous_full = options.synchronous_full;
  write_options.busy_timeout_ms = options.busy_timeout_ms;
  Result<std::unique_ptr<SqliteDb>> write_db = SqliteDb::Open(options.path, write_options);
  if (!write_db.ok()) return write_db.status().WithContext("store");

  Result<std::vector<Migration>> migrations = EmbeddedMigrations();
  if (!migrations.ok()) return migrations.status().WithContext("store");
  if (Status s = ApplyMigrations(**write_db, *migrations); !s.ok()) {
    return s.WithContext("store");
  }

  SqliteOpenOptions read_options;
  read_options.read_only = true;
  read_options.busy_timeout_ms = options.busy_timeout_ms;
  Result<std::unique_ptr<SqliteDb>> read_db = SqliteDb::Open(options.path, read_options);
  if (!read_db.ok()) return read_db.status().WithContext("store (read connection)");

  return std::unique_ptr<Store>(new Store(options, std::move(*write_db), std::move(*read_db)));
}

Store::Store(const StoreOptions& options, std::unique_ptr<SqliteDb> write_db,
             std::unique_ptr<SqliteDb> read_db)
    : options_(options), write_db_(std::move(write_db)), read_db_(std::move(read_db)) {
  StoreWriterOptions writer_options;
  writer_options.queue_capacity = options.queue_capacity;
  writer_options.batch_max_records = options.batch_max_records;
  writer_options.batch_max_delay_ms = options.batch_max_delay_ms;
  writer_options.retry_initial_ms = options.retry_initial_ms;
  writer_options.retry_max_ms = options.retry_max_ms;
  writer_ = std::make_unique<StoreWriter>(
      writer_options, [this](std::span<const PollRecord> records) { return CommitBatch(records); });
}

Store::~Store() { Stop(); }

template <typename Fn>
auto Store::RegistryWrite(std::string_view op, Fn&& fn) {
  const auto start = std::chrono::steady_clock::now();
  auto result = [&] {
    std::lock_guard lock(write_mu_);
    return fn(*write_db_);
  }();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WriteObserver observer;
  FailureObserver failure_observer;
  {
    std::lock_guard lock(observer_mu_);
    observer = observer_;
    failure_observer = failure_observer_;
  }
  if (observer) observer(op, seconds, result.ok());
  if (failure_observer && !result.ok()) {
    failure_observer(op, WriteFailureName(ClassifyWriteFailure(StatusOf(result))));
  }
  return result;
}

Result<SyncReport> Store::SyncAccounts(const std::vector<AccountSpec>& specs) {
  return RegistryWrite("sync_accounts",
                       [&](SqliteDb& db) { return SyncAccountTable(db, specs, UnixNowMs()); });
}

Result<int64_t> Store::AddAccount(const AccountSpec& spec) {
  return RegistryWrite("account",
                       [&](SqliteDb& db) { return InsertAccount(db, spec, UnixNowMs()); });
}

Status Store::RemoveAccount(int64_t id) {
  return RegistryWrite("account", [&](SqliteDb& db) { return DeleteAccount(db, id); });
}

Status Store::SetAccountStatus(int64_t id, AccountStatus status) {
  return RegistryWrite("account",
                       [&](SqliteDb& db) { return UpdateAccountStatus(db, id, status); });
}

Result<std::vector<Account>> Store::LoadAccounts() {
  std::lock_guard lock(read_mu_);
  return SelectAccounts(*read_db_);
}

Result<Account> Store::GetAccount(int64_t id) {
  std::lock_guard lock(read_mu_);
  return SelectAccount(*read_db_, id);
}

void Store::SetCommitCallback(CommitCallback callback) {
  writer_->SetCommitCallback(std::move(callback));
}

void Store::SetWriteObserver(WriteObserver observer) {
  {
    std::lock_guard lock(observer_mu_);
    observer_ = observer;
  }
  writer_->SetWriteObserver(std::move(observer));
}

void Store::SetFailureObserver(FailureObserver observer) {
  {
    std::lock_guard lock(observer_mu_);
    failure_observer_ = observer;
  }
  writer_->SetFailureObserver(std::move(observer));
}

void Store::Start() { writer_->Start(); }

void Store::BeginStop() { writer_->BeginStop(); }

Status Store::Submit(PollRecord record) { return writer_->Submit(std::move(record)); }

void Store::Stop() { writer_->Stop(); }

size_t Store::queue_depth() const { return writer_->queue_depth(); }

bool Store::degraded() const { return writer_->degraded(); }

std::string_view Store::degraded_reason() const {
  if (!writer_->degraded()) return {};
  return WriteFailureName(ClassifyWriteFailure(writer_->last_error()));
}

Status Store::last_error() const { return writer_->last_error(); }

StoreWriterStats Store::writer_stats() const { return writer_->stats(); }

size_t Store::blocked_submitters() const { return writer_->blocked_submitters(); }

Result<std::vector<CommitResult>> Store::CommitBatch(std::span<const PollRecord> records) {
  std::lock_guard lock(write_mu_);
  if (last_commit_failed_) {
    // After a failure (typically a full disk), first try to move the WAL into the database
    // and truncate it: that needs no new space when the database has free pages, and gives
    // the WAL's space back for this commit. A failure here changes nothing.
    (void)write_db_->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  last_commit_failed_ = true;  // until this commit succeeds
  Result<Transaction> tx = Transaction::Begin(*write_db_);
  if (!tx.ok()) return tx.status();
  const int64_t now_ms = UnixNowMs();
  std::vector<CommitResult> results;
  results.reserve(records.size());
  for (const PollRecord& record : records) {
    Result<CommitResult> result = ApplyPollRecord(*write_db_, record, now_ms);
    if (!result.ok()) {
      return result.status().WithContext("account " + std::to_string(record.account_id));
    }
    results.push_back(std::move(*result));
  }
  if (Status s = tx->Commit(); !s.ok()) return s;
  last_commit_failed_ = false;
  return results;
}

Result<int64_t> Store::CountPosts(std::optional<int64_t> account_id) {
  std::lock_guard lock(read_mu_);
  if (!account_id) return read_db_->QueryInt("SELECT count(*) FROM posts");
  Result<Statement> stmt = read_db_->Prepare("SELECT count(*) FROM posts WHERE account_id = ?1");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, *account_id);
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return *row ? stmt->ColumnInt(0) : int64_t{0};
}

Result<std::map<std::string, int64_t>> Store::CountFlagHitsByList() {
  std::lock_guard lock(read_mu_);
  Result<Statement> stmt =
      read_db_->Prepare("SELECT list, count(*) FROM flag_hits GROUP BY list ORDER BY list");
  if (!stmt.ok()) return stmt.status();
  std::map<std::string, int64_t> counts;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    counts[stmt->ColumnText(0)] = stmt->ColumnInt(1);
  }
  return counts;
}

Result<int64_t> Store::DatabaseSizeBytes() {
  std::error_code ec;
  const std::filesystem::path db_path(options_.path);
  const uintmax_t db_bytes = std::filesystem::file_size(db_path, ec);
  if (ec) return Status::IoError("size of " + options_.path + ": " + ec.message());
  // The WAL may be absent (after a clean close) or truncated: both count as 0.
  const uintmax_t wal_bytes = std::filesystem::file_size(options_.path + "-wal", ec);
  return static_cast<int64_t>(db_bytes + (ec ? 0 : wal_bytes));
}

}  // namespace postwatch

namespace postwatch {

Result<int64_t> Store::AppendAudit(const AuditEntry& entry) {
  return RegistryWrite("audit", [&](SqliteDb& db) { return InsertAuditEntry(db, entry); });
}

Status Store::FinishAudit(int64_t id, std::string_view outcome, std::string_view target,
                          std::string_view after_json) {
  return RegistryWrite(
      "audit", [&](SqliteDb& db) { return FinishAuditEntry(db, id, outcome, target, after_json); });
}

Result<std::vector<AuditEntry>> Store::ListAudit(int64_t after_id, int limit) {
  std::lock_guard lock(read_mu_);
  return SelectAuditEntries(*read_db_, after_id, limit);
}

Result<RetentionBatch> Store::DeleteExpired(int64_t cutoff_ms, int batch_rows) {
  return RegistryWrite("retention",
                       [&](SqliteDb& db) { return DeleteExpiredBatch(db, cutoff_ms, batch_rows); });
}

Result<AccountData> Store::ExportAccount(int64_t id) {
  std::lock_guard lock(read_mu_);
  return SelectAccountData(*read_db_, id);
}

Result<AccountDataCounts> Store::CountAccountData(int64_t id) {
  std::lock_guard lock(read_mu_);
  return ::postwatch::CountAccountData(*read_db_, id);
}

}  // namespace postwatch
