#include "admin/retention_job.h"

#include "admin/stewardship_metrics.h"
#include "base/log.h"
#include "base/time_format.h"

namespace postwatch {

namespace {

constexpr int64_t kMsPerDay = 24LL * 3600 * 1000;

}  // namespace

RetentionJob::RetentionJob(RetentionOptions options, Store& store, StewardshipMetrics* metrics)
    : options_(options),
      store_(store),
      metrics_(metrics),
      retention_days_(options.retention_days) {}

RetentionJob::~RetentionJob() { Stop(); }

void RetentionJob::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void RetentionJob::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RetentionJob::SetRetentionDays(int64_t days) { retention_days_ = days; }

Result<RetentionRun> RetentionJob::RunOnce(int64_t now_ms) {
  RetentionRun run;
  const int64_t days = retention_days_.load();
  if (days <= 0) return run;
  const int64_t cutoff_ms = now_ms - days * kMsPerDay;
  const auto start = std::chrono::steady_clock::now();
  Status failure;
  while (!stopping_.load()) {
    Result<RetentionBatch> batch = store_.DeleteExpired(cutoff_ms, options_.batch_rows);
    if (!batch.ok()) {
      failure = batch.status();
      break;
    }
    ++run.batches;
    run.deleted.posts += batch->posts;
    run.deleted.links += batch->links;
    run.deleted.flag_hits += batch->flag_hits;
    run.deleted.poll_history += batch->poll_history;
    if (metrics_) metrics_->RetentionBatchDeleted(*batch);
    if (!batch->more) break;
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, options_.pause_between_batches, [this] { return stopping_.load(); });
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (metrics_) {
    metrics_->RetentionRunFinished(failure.ok(), seconds, static_cast<double>(UnixNowMs()) / 1000);
  }
  if (!failure.ok()) return failure;
  if (run.deleted.posts + run.deleted.poll_history > 0) {
    Log(LogLevel::kInfo, "retention",
        "deleted " + std::to_string(run.deleted.posts) + " posts (" +
            std::to_string(run.deleted.links) + " links, " + std::to_string(run.deleted.flag_hits) +
            " flag hits) and " + std::to_string(run.deleted.poll_history) +
            " poll history rows older than " + std::to_string(days) + " days");
  }
  return run;
}

void RetentionJob::Loop() {
  auto next = std::chrono::steady_clock::now() + options_.first_run_delay;
  while (true) {
    {
      std::unique_lock lock(mu_);
      if (wake_.wait_until(lock, next, [this] { return stopping_.load(); })) return;
    }
    Result<RetentionRun> run = RunOnce(UnixNowMs());
    if (!run.ok()) {
      Log(LogLevel::kError, "retention", run.status().ToString() + "; retrying at the next run");
    }
    next = std::chrono::steady_clock::now() + options_.interval;
  }
}

}  // namespace postwatch
