// Store: the daemon's SQLite database — registry, posts, links, flag hits, poll history.
//
// Start here for the store. Open() creates or upgrades the database; the registry is kept
// in step with SyncAccounts(); finished polls go through Submit() to the single writer
// thread, which commits them in batches and reports what was new through the commit
// callback.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/account.h"
#include "model/poll_record.h"
#include "store/account_export.h"
#include "store/account_table.h"
#include "store/audit_log.h"
#include "store/retention.h"
#include "store/sqlite_db.h"
#include "store/store_options.h"
#include "store/store_writer.h"

namespace postwatch {

// Thread-safety: every method may be called from any thread. Registry operations and the
// writer thread share one write connection (taking turns under a mutex); queries use a
// separate read-only connection, which WAL lets run alongside a write.
class Store {
 public:
  using CommitCallback = StoreWriter::CommitCallback;
  // op is "poll_batch" for writer commits, "sync_accounts" for SyncAccounts and
  // "account" for the single-account operations; suited to a histogram
  // postwatch_store_write_duration_seconds{op} and a failure counter.
  using WriteObserver = StoreWriter::WriteObserver;
  // Called after each failed write (writer commits and registry operations) with the op as
  // above and the failure's WriteFailureName(): "full", "io", "busy", "refused", "other";
  // suited to a counter postwatch_store_write_failures_by_reason_total{reason}.
  using FailureObserver = StoreWriter::FailureObserver;

  // Opens `options.path` (creating it), sets WAL/synchronous/busy_timeout/foreign_keys and
  // the WAL size bounds, and applies the embedded migrations. Fails with kInvalidArgument
  // when the database's schema is newer than this binary, kIoError/kUnavailable when the
  // file cannot be opened or migrated. The writer thread is not started yet.
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);

  ~Store();  // Stop()s the writer, then closes the connections
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // --- Registry ---------------------------------------------------------------------
  // See SyncAccountTable() in account_table.h: one transaction that adds, updates and
  // deletes (with all their data) accounts so the table matches `specs`.
  Result<SyncReport> SyncAccounts(const std::vector<AccountSpec>& specs);
  // Registers one account; returns its id. kInvalidArgument if already registered.
  Result<int64_t> AddAccount(const AccountSpec& spec);
  // Unregisters one account, erasing its posts, links, hits and history. kNotFound if none.
  Status RemoveAccount(int64_t id);
  // Pause (kPaused) or resume (kActive). A paused account stays paused whatever its polls
  // report. kNotFound if there is no such account.
  Status SetAccountStatus(int64_t id, AccountStatus status);
  // Every account with its polling state, ordered by id.
  Result<std::vector<Account>> LoadAccounts();
  // One account; kNotFound if there is no such id.
  Result<Account> GetAccount(int64_t id);

  // --- Writer -------------------------------------------------------------------------
  // Set these before Start(). The callback runs on the writer thread after each commit
  // with one CommitResult per record (what was new; all zero for a record whose account
  // was removed meanwhile); it must be quick and must not call Stop().
  void SetCommitCallback(CommitCallback callback);
  void SetWriteObserver(WriteObserver observer);
  void SetFailureObserver(FailureObserver observer);

  // Starts the one writer thread. Does nothing after Stop().
  void Start();
  // Queues a finished poll for the writer; blocks while the queue is full, never drops.
  // kUnavailable once Stop() has been called. See StoreWriter for batching and retries.
  Status Submit(PollRecord record);
  // First step of shutdown, before the producers (the poller) are stopped: Submit() no
  // longer blocks on a full queue but refuses the record, so a poller blocked while the
  // disk is full can finish. See StoreWriter::BeginStop().
  void BeginStop();
  // Commits everything queued and joins the writer. Safe to call twice.
  void Stop();

  size_t queue_depth() const;  // records accepted and not yet committed
  // True while writes fail (disk full, locked) and records wait for a retry.
  bool degraded() const;
  // While degraded(), why: WriteFailureName() of last_error() ("full", "io", "busy",
  // "other"); empty when writes succeed.
  std::string_view degraded_reason() const;
  Status last_error() const;  // the most recent write failure, OK if none
  StoreWriterStats writer_stats() const;
  size_t blocked_submitters() const;

  // --- Queries (read-only connection) -------------------------------------------------
  // Posts of one account, or of all accounts.
  Result<int64_t> CountPosts(std::optional<int64_t> account_id = std::nullopt);
  // Stored flag hits per list name.
  Result<std::map<std::string, int64_t>> CountFlagHitsByList();
  // Bytes on disk: the database file plus its WAL.
  Result<int64_t> DatabaseSizeBytes();

  // --- Admin and data stewardship (audit_log.h, retention.h, account_export.h) --------
  // Appends an audit record on the write connection; returns its id. A failure here must
  // fail the admin request that wanted to write it.
  Result<int64_t> AppendAudit(const AuditEntry& entry);
  // Sets the outcome (and, when non-empty, the target and after_json) of record `id`.
  Status FinishAudit(int64_t id, std::string_view outcome, std::string_view target = {},
                     std::string_view after_json = {});
  // Up to `limit` audit records with id > `after_id`, oldest first.
  Result<std::vector<AuditEntry>> ListAudit(int64_t after_id, int limit);
  // One retention batch (see DeleteExpiredBatch); reported to the observer as "retention".
  Result<RetentionBatch> DeleteExpired(int64_t cutoff_ms, int batch_rows);
  // Everything stored about one account, and how much of it there is. kNotFound if none.
  Result<AccountData> ExportAccount(int64_t id);
  Result<AccountDataCounts> CountAccountData(int64_t id);

 private:
  Store(const StoreOptions& options, std::unique_ptr<SqliteDb> write_db,
        std::unique_ptr<SqliteDb> read_db);

  // The writer's CommitFn: one transaction for all of `records`.
  Result<std::vector<CommitResult>> CommitBatch(std::span<const PollRecord> records);
  // Runs a registry operation under write_mu_ and reports it to the observer.
  template <typename Fn>
  auto RegistryWrite(std::string_view op, Fn&& fn);

  const StoreOptions options_;

  std::mutex write_mu_;
  std::unique_ptr<SqliteDb> write_db_;  // guarded by write_mu_
  bool last_commit_failed_ = false;     // guarded by write_mu_

  std::mutex read_mu_;
  std::unique_ptr<SqliteDb> read_db_;  // guarded by read_mu_

  mutable std::mutex observer_mu_;
  WriteObserver observer_;            // guarded by observer_mu_; for registry operations
  FailureObserver failure_observer_;  // guarded by observer_mu_; for registry operations

  // Declared last: destroyed (stopped) first, while the connections are still open.
  std::unique_ptr<StoreWriter> writer_;
};

}  // namespace postwatch
