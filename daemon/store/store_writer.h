// StoreWriter: the single writer thread, its bounded queue, batching and retry.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <string_view>
#include <thread>
#include <vector>

#include "base/status.h"
#include "model/poll_record.h"

namespace postwatch {

struct StoreWriterOptions {
  size_t queue_capacity = 1024;    // records accepted but not yet committed; >= 1
  size_t batch_max_records = 256;  // records per transaction; >= 1
  int batch_max_delay_ms = 50;     // how long the first record of a batch waits for company
  int retry_initial_ms = 100;      // backoff after a transient failure, doubling...
  int retry_max_ms = 30'000;       // ...up to this
  int stop_retries = 3;            // attempts left for a failing batch once Stop() is called
};

// Counters for tests, metrics and `postwatchctl status`.
struct StoreWriterStats {
  uint64_t batches_committed = 0;  // transactions committed
  uint64_t records_committed = 0;
  uint64_t records_rejected = 0;   // records refused by the database as invalid, logged
  uint64_t records_abandoned = 0;  // records still failing when Stop() gave up, logged
  uint64_t failed_attempts = 0;    // commit attempts that failed (then retried or split)
};

// Moves PollRecords from producer threads to one writer thread that commits them in
// batches through `commit`. The queue is bounded: Submit() blocks while `queue_capacity`
// records are waiting or being committed, so nothing is dropped under load.
//
// Failure handling:
//  - kInvalidArgument from `commit` (a constraint, type or size error) means some record is
//    unacceptable. The batch is retried one record per transaction; a record that still
//    fails is logged with its account and counted in records_rejected, and the others are
//    committed.
//  - Any other failure (SQLITE_FULL, I/O errors, SQLITE_BUSY, and anything unrecognised)
//    is treated as transient: the batch is kept, degraded() turns true, and the same batch
//    is retried with exponential backoff until it commits. No record is dropped because
//    the disk is full. Producers block once the queue fills, which is the back-pressure the
//    daemon wants while the disk is full; BeginStop() releases them at shutdown.
//
// Thread-safety: every public method may be called from any thread. The callbacks run on
// the writer thread (or on the thread calling Stop() if Start() was never called), after
// the commit, without internal locks held; they must not call Stop().
class StoreWriter {
 public:
  // Commits `records` in one transaction and returns one CommitResult per record, in order.
  using CommitFn = std::function<Result<std::vector<CommitResult>>(std::span<const PollRecord>)>;
  using CommitCallback = std::function<void(const std::vector<CommitResult>&)>;
  using WriteObserver = std::function<void(std::string_view op, double seconds, bool ok)>;
  // Called after each failed commit attempt with WriteFailureName() of its status
  // ("full", "io", "busy", "refused", "other").
  using FailureObserver = std::function<void(std::string_view op, std::string_view reason)>;

  // The operation name passed to the WriteObserver for each commit attempt.
  static constexpr std::string_view kObserverOp = "poll_batch";

  StoreWriter(const StoreWriterOptions& options, CommitFn commit);
  ~StoreWriter();  // calls Stop()
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  // Called after each committed transaction with its records' results.
  void SetCommitCallback(CommitCallback callback);
  // Called after each commit attempt with its duration and outcome.
  void SetWriteObserver(WriteObserver observer);
  void SetFailureObserver(FailureObserver observer);

  // Starts the writer thread. Records submitted earlier wait in the queue until then.
  // Does nothing if already started or stopped.
  void Start();

  // Enqueues `record`, blocking while the queue is full. Returns kUnavailable, without
  // taking the record, once Stop() has been called (including for a caller that was
  // blocked when Stop() began).
  Status Submit(PollRecord record);

  // The first step of shutdown, before the producers are stopped: from now on Submit()
  // never blocks. A record that finds the queue full is refused with kUnavailable (the
  // caller's poll is then not recorded; the stored cursor did not move, so its posts are
  // fetched again after a restart), and producers blocked in Submit() are released that
  // way. Records that fit are still accepted and committed by Stop().
  void BeginStop();

  // Refuses new records, commits everything queued, and joins the writer thread. If a
  // batch keeps failing, gives up after `stop_retries` more attempts and logs how many
  // records were not written. Safe to call more than once.
  void Stop();

  // Records accepted and not yet committed (queued plus the batch being committed).
  size_t queue_depth() const;
  // Producers currently blocked in Submit() because the queue is full.
  size_t blocked_submitters() const;
  // True between a transient failure and the next successful commit.
  bool degraded() const;
  // The most recent commit failure; OK if there never was one.
  Status last_error() const;
  StoreWriterStats stats() const;

 private:
  void Run();
  // Takes the next batch, waiting for records; empty when stopping with nothing queued.
  std::vector<PollRecord> NextBatch();
  void CommitWithRetry(std::vector<PollRecord>& batch);
  // One attempt; returns the status of `commit_`.
  Status Attempt(std::span<const PollRecord> records);
  void WaitBackoff(int ms);

  const StoreWriterOptions options_;
  const CommitFn commit_;

  std::mutex stop_mu_;  // serialises Stop() callers

  mutable std::mutex mu_;
  std::condition_variable work_cv_;   // records arrived, or stop requested
  std::condition_variable space_cv_;  // capacity freed, or stop requested
  // All fields below are guarded by mu_.
  std::deque<PollRecord> queue_;
  size_t in_flight_ = 0;
  size_t blocked_ = 0;
  bool started_ = false;
  bool stopping_ = false;
  bool closing_ = false;  // BeginStop() was called: Submit() no longer blocks
  bool degraded_ = false;
  Status last_error_;
  StoreWriterStats stats_;
  CommitCallback commit_callback_;
  WriteObserver write_observer_;
  FailureObserver failure_observer_;

  std::thread thread_;  // started and joined under stop_mu_ / Start()
};

}  // namespace postwatch
