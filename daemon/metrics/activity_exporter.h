// ActivityExporter: refreshes the metrics that come from the database on a schedule, on
// its own thread, never per scrape:
//   - postwatch_posts_published{plugin,window[,group]}: posting frequency by published
//     time over 24h / 7d / 30d, so dashboards show real frequency even for posts published
//     before the daemon started;
//   - the account counts per group that pick the top N groups of the `group` label;
//   - postwatch_store_filesystem_{avail,size}_bytes for the disk-space alert.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "base/status.h"

namespace postwatch {

class ActivityQueries;
class Metrics;

struct ActivityExporterOptions {
  std::string db_path;    // the Store's database file
  std::string state_dir;  // the directory whose filesystem is reported
  std::chrono::milliseconds interval{std::chrono::seconds(60)};
  // The clock of the windows, Unix seconds; tests pin it.
  std::function<int64_t()> now_s;
};

// Thread-safe: Start/RefreshSoon/Stop may be called from any thread.
class ActivityExporter {
 public:
  // `metrics` must outlive the exporter.
  ActivityExporter(ActivityExporterOptions options, Metrics& metrics);
  ~ActivityExporter();  // Stops.
  ActivityExporter(const ActivityExporter&) = delete;
  ActivityExporter& operator=(const ActivityExporter&) = delete;

  // Runs one refresh on the calling thread (so the group labels are known before the first
  // poll commits), then starts the refresh thread. Returns the first refresh's status; the
  // thread runs either way and retries at each interval.
  Status Start();
  // Asks the thread to refresh now (after a registry reload).
  void RefreshSoon();
  // Stops and joins the thread. Safe to call twice.
  void Stop();

  // One refresh on the calling thread. Not to be called while the thread runs.
  Status RefreshOnce();

 private:
  void Loop();

  ActivityExporterOptions options_;
  Metrics& metrics_;
  std::unique_ptr<ActivityQueries> queries_;  // used by one thread at a time

  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  bool soon_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace postwatch
