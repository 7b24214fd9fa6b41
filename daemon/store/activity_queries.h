// ActivityQueries: the read-only aggregate queries behind the activity metrics — how many
// posts each platform and group published in recent windows, and how many accounts each
// group has. They run on their own read-only connection, off the scrape path, so a slow
// query never delays /metrics or the writer (WAL lets reads run alongside a write).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"

namespace postwatch {

class SqliteDb;

// Posts of one (platform, group) published at or after each of the window starts passed
// to PostsPublished(), in the same order.
struct GroupPostCounts {
  std::string platform;
  std::string group;
  std::vector<int64_t> posts;
};

// Not thread-safe: one thread at a time (the activity exporter's).
class ActivityQueries {
 public:
  // Opens `db_path` read-only; the file must exist (the Store creates it). Fails with
  // kIoError when it cannot be opened.
  static Result<std::unique_ptr<ActivityQueries>> Open(const std::string& db_path);
  ~ActivityQueries();
  ActivityQueries(const ActivityQueries&) = delete;
  ActivityQueries& operator=(const ActivityQueries&) = delete;

  // Counts posts by published time, per (platform, group): posts[i] counts posts with
  // window_starts[i] <= published_at <= now_s. Posts with an unknown (0) or future published
  // time are not counted. The query walks the posts(account_id, published_at) index from
  // the earliest window start only. Precondition: window_starts is not empty. Rows come in
  // (platform, group) order; pairs without posts in any window are absent.
  Result<std::vector<GroupPostCounts>> PostsPublished(const std::vector<int64_t>& window_starts,
                                                      int64_t now_s);

  // Registered accounts per group (every status).
  Result<std::map<std::string, int64_t>> AccountsPerGroup();

  // The SQLite query plan of PostsPublished, one line per step (for tests and tuning).
  Result<std::vector<std::string>> PostsPublishedPlan();

 private:
  explicit ActivityQueries(std::unique_ptr<SqliteDb> db);
  std::unique_ptr<SqliteDb> db_;
};

}  // namespace postwatch
