// RetentionJob: deletes posts, links, flag hits and poll history older than
// store.retention_days, on its own thread, in short batches.
//
// It runs shortly after start and then every `interval`. Each batch is one short write
// transaction, so polls keep committing in between; a pause between batches leaves the
// writer room on a busy database.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "base/status.h"
#include "store/store.h"

namespace postwatch {

class StewardshipMetrics;

struct RetentionOptions {
  int64_t retention_days = 400;  // 0 keeps everything
  std::chrono::seconds first_run_delay{60};
  std::chrono::seconds interval{3600};
  int batch_rows = 1000;
  std::chrono::milliseconds pause_between_batches{50};
};

// What one run deleted in total.
struct RetentionRun {
  RetentionBatch deleted;  // sums; `more` unused
  int batches = 0;
};

class RetentionJob {
 public:
  // `store` must outlive the job; `metrics` may be null.
  RetentionJob(RetentionOptions options, Store& store, StewardshipMetrics* metrics);
  ~RetentionJob();  // Stops.
  RetentionJob(const RetentionJob&) = delete;
  RetentionJob& operator=(const RetentionJob&) = delete;

  // Starts the thread. Call once.
  void Start();
  // Wakes the thread, lets the batch in progress finish, and joins. Safe to call twice.
  void Stop();
  // Changes the retention age (config reload). Thread-safe.
  void SetRetentionDays(int64_t days);

  // One run now, on the calling thread: deletes everything older than retention_days
  // before `now_ms`, batch by batch, until a batch comes back short or Stop() is called.
  // Fails with the store's error; batches already committed stay deleted.
  Result<RetentionRun> RunOnce(int64_t now_ms);

 private:
  void Loop();

  RetentionOptions options_;
  Store& store_;
  StewardshipMetrics* metrics_;
  std::atomic<int64_t> retention_days_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace postwatch
