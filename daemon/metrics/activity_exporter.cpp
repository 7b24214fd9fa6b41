#include "metrics/activity_exporter.h"

#include <sys/statvfs.h>

#include <vector>

#include "base/log.h"
#include "base/time_format.h"
#include "metrics/metrics.h"
#include "store/activity_queries.h"

namespace postwatch {

namespace {

constexpr char kLog[] = "metrics";

}  // namespace

ActivityExporter::ActivityExporter(ActivityExporterOptions options, Metrics& metrics)
    : options_(std::move(options)), metrics_(metrics) {
  if (!options_.now_s) options_.now_s = [] { return UnixNow(); };
}

ActivityExporter::~ActivityExporter() { Stop(); }

Status ActivityExporter::Start() {
  Status first = RefreshOnce();
  if (!first.ok()) Log(LogLevel::kWarning, kLog, "activity metrics: " + first.ToString());
  thread_ = std::thread([this] { Loop(); });
  return first;
}

void ActivityExporter::RefreshSoon() {
  std::lock_guard<std::mutex> lock(mu_);
  soon_ = true;
  cv_.notify_all();
}

void ActivityExporter::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void ActivityExporter::Loop() {
  std::string last_error;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, options_.interval, [this] { return stop_ || soon_; });
      if (stop_) return;
      soon_ = false;
    }
    Status s = RefreshOnce();
    // Log a failure once, not every interval, and say when it clears.
    std::string error = s.ok() ? "" : s.ToString();
    if (error != last_error) {
      Log(s.ok() ? LogLevel::kInfo : LogLevel::kWarning, kLog,
          s.ok() ? "activity metrics refreshed again" : "activity metrics: " + error);
      last_error = error;
    }
  }
}

Status ActivityExporter::RefreshOnce() {
  struct statvfs fs {};
  if (!options_.state_dir.empty() && statvfs(options_.state_dir.c_str(), &fs) == 0) {
    metrics_.SetStoreFilesystem(
        static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize),
        static_cast<double>(fs.f_blocks) * static_cast<double>(fs.f_frsize));
  }
  if (!queries_) {
    auto opened = ActivityQueries::Open(options_.db_path);
    if (!opened.ok()) return opened.status();
    queries_ = std::move(*opened);
  }
  auto groups = queries_->AccountsPerGroup();
  if (!groups.ok()) return groups.status();
  metrics_.SetGroupSizes(*groups);

  const int64_t now = options_.now_s();
  std::vector<int64_t> starts;
  for (size_t w = 0; w < kActivityWindowCount; ++w)
    starts.push_back(now - kActivityWindowSeconds[w]);
  auto counts = queries_->PostsPublished(starts, now);
  if (!counts.ok()) return counts.status();
  std::vector<PostingActivity> rows;
  rows.reserve(counts->size());
  for (const GroupPostCounts& c : *counts) {
    PostingActivity row;
    row.plugin = c.platform;
    row.group = c.group;
    for (size_t w = 0; w < kActivityWindowCount && w < c.posts.size(); ++w)
      row.posts[w] = c.posts[w];
    rows.push_back(std::move(row));
  }
  metrics_.SetPostingActivity(rows);
  return Status::Ok();
}

}  // namespace postwatch
