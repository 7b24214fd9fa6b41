#include "store/store_writer.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <string>
#include <utility>

#include "base/log.h"
#include "store/write_failure.h"

namespace postwatch {
namespace {

constexpr int kStoppingBackoffMaxMs = 200;

}  // namespace

StoreWriter::StoreWriter(const StoreWriterOptions& options, CommitFn commit)
    : options_(options), commit_(std::move(commit)) {}

StoreWriter::~StoreWriter() { Stop(); }

void StoreWriter::SetCommitCallback(CommitCallback callback) {
  std::lock_guard lock(mu_);
  commit_callback_ = std::move(callback);
}

void StoreWriter::SetWriteObserver(WriteObserver observer) {
  std::lock_guard lock(mu_);
  write_observer_ = std::move(observer);
}

void StoreWriter::SetFailureObserver(FailureObserver observer) {
  std::lock_guard lock(mu_);
  failure_observer_ = std::move(observer);
}

void StoreWriter::Start() {
  std::lock_guard stop_lock(stop_mu_);
  {
    std::lock_guard lock(mu_);
    if (started_ || stopping_) return;
    started_ = true;
  }
  thread_ = std::thread([this] { Run(); });
}

Status StoreWriter::Submit(PollRecord record) {
  std::unique_lock lock(mu_);
  const size_t capacity = std::max<size_t>(options_.queue_capacity, 1);
  auto full = [&] { return queue_.size() + in_flight_ >= capacity; };
  if (!stopping_ && !closing_ && full()) {
    ++blocked_;
    space_cv_.wait(lock, [&] { return stopping_ || closing_ || !full(); });
    --blocked_;
  }
  if (stopping_) return Status::Unavailable("store writer is stopping; record not accepted");
  if (closing_ && full()) {
    return Status::Unavailable("store writer is shutting down with a full queue (" +
                               std::to_string(capacity) + " records); record not accepted");
  }
  queue_.push_back(std::move(record));
  work_cv_.notify_one();
  return Status::Ok();
}

void StoreWriter::BeginStop() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  space_cv_.notify_all();
}

void StoreWriter::Stop() {
  std::lock_guard stop_lock(stop_mu_);
  bool run_inline = false;
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;  // already stopped
    stopping_ = true;
    run_inline = !started_;
    started_ = true;  // a later Start() must not start a thread
  }
  work_cv_.notify_all();
  space_cv_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  } else if (run_inline) {
    Run();  // never started: drain on this thread
  }
}

size_t StoreWriter::queue_depth() const {
  std::lock_guard lock(mu_);
  return queue_.size() + in_flight_;
}

size_t StoreWriter::blocked_submitters() const {
  std::lock_guard lock(mu_);
  return blocked_;
}

bool StoreWriter::degraded() const {
  std::lock_guard lock(mu_);
  return degraded_;
}

Status StoreWriter::last_error() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

StoreWriterStats StoreWriter::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void StoreWriter::Run() {
  while (true) {
    std::vector<PollRecord> batch = NextBatch();
    if (batch.empty()) return;
    CommitWithRetry(batch);
    {
      std::lock_guard lock(mu_);
      in_flight_ = 0;
    }
    space_cv_.notify_all();
  }
}

std::vector<PollRecord> StoreWriter::NextBatch() {
  const size_t max_records = std::max<size_t>(options_.batch_max_records, 1);
  std::unique_lock lock(mu_);
  work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
  if (queue_.empty()) return {};
  if (queue_.size() < max_records && !stopping_ && options_.batch_max_delay_ms > 0) {
    // Give the batch a moment to fill: one transaction per record would cost one fsync
    // (or WAL append) each.
    auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.batch_max_delay_ms);
    work_cv_.wait_until(lock, deadline, [&] { return stopping_ || queue_.size() >= max_records; });
  }
  const size_t n = std::min(queue_.size(), max_records);
  std::vector<PollRecord> batch;
  batch.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  in_flight_ = n;
  return batch;
}

void StoreWriter::CommitWithRetry(std::vector<PollRecord>& batch) {
  size_t done = 0;     // records [0, done) are committed or rejected
  bool split = false;  // one record per transaction, to isolate a record the database refuses
  int backoff_ms = std::max(options_.retry_initial_ms, 1);
  int stop_attempts = 0;
  while (done < batch.size()) {
    const size_t n = split ? 1 : batch.size() - done;
    Status s = Attempt(std::span<const PollRecord>(batch.data() + done, n));
    if (s.ok()) {
      done += n;
      backoff_ms = std::max(options_.retry_initial_ms, 1);
      continue;
    }
    if (s.code() == Status::Code::kInvalidArgument) {
      if (n > 1) {
        LogLine(LogLevel::kWarning, "store") << "batch of " << n << " records refused ("
                                             << s.ToString() << "); retrying one record at a time";
        split = true;
        continue;
      }
      LogLine(LogLevel::kError, "store")
          << "dropping poll record of account " << batch[done].account_id
          << ", which the database refuses: " << s.ToString();
      {
        std::lock_guard lock(mu_);
        ++stats_.records_rejected;
      }
      ++done;
      continue;
    }

    bool stopping = false;
    {
      std::lock_guard lock(mu_);
      stopping = stopping_;
      if (!degraded_) {
        LogLine(LogLevel::kError, "store")
            << "writes failing, will retry (records are kept): " << s.ToString();
      }
      degraded_ = true;
    }
    if (stopping && ++stop_attempts > options_.stop_retries) {
      const size_t lost = batch.size() - done;
      LogLine(LogLevel::kError, "store")
          << "shutting down with " << lost << " poll records not written: " << s.ToString();
      std::lock_guard lock(mu_);
      stats_.records_abandoned += lost;
      return;
    }
    WaitBackoff(stopping ? std::min(backoff_ms, kStoppingBackoffMaxMs) : backoff_ms);
    backoff_ms = std::min(backoff_ms * 2, std::max(options_.retry_max_ms, 1));
  }
}

Status StoreWriter::Attempt(std::span<const PollRecord> records) {
  const auto start = std::chrono::steady_clock::now();
  Result<std::vector<CommitResult>> results = commit_(records);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  CommitCallback callback;
  WriteObserver observer;
  FailureObserver failure_observer;
  {
    std::lock_guard lock(mu_);
    observer = write_observer_;
    if (!results.ok()) failure_observer = failure_observer_;
    if (results.ok()) {
      callback = commit_callback_;
      ++stats_.batches_committed;
      stats_.records_committed += records.size();
      if (degraded_) LogLine(LogLevel::kNotice, "store") << "writes recovered";
      degraded_ = false;
    } else {
      ++stats_.failed_attempts;
      last_error_ = results.status();
    }
  }
  // A throwing callback must not take the writer thread (and every later write) with it.
  try {
    if (observer) observer(kObserverOp, seconds, results.ok());
    if (failure_observer) {
      failure_observer(kObserverOp, WriteFailureName(ClassifyWriteFailure(results.status())));
    }
    if (callback) callback(*results);
  } catch (const std::exception& e) {
    LogLine(LogLevel::kError, "store") << "commit callback threw: " << e.what();
  } catch (...) {
    LogLine(LogLevel::kError, "store") << "commit callback threw";
  }
  return results.ok() ? Status::Ok() : results.status();
}

void StoreWriter::WaitBackoff(int ms) {
  std::unique_lock lock(mu_);
  const bool was_stopping = stopping_;
  // Wake early when Stop() is called, so shutdown does not sit out a long backoff.
  work_cv_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return stopping_ != was_stopping; });
}

}  // namespace postwatch
