#include "store/activity_queries.h"

#include <algorithm>

#include "store/sqlite_db.h"

namespace postwatch {

namespace {

// The window counts come from conditional sums over one pass of the widest window: the
// outer loop reads accounts, the inner one a range of the covering (account_id,
// published_at) index. CROSS JOIN pins that order; left to itself the planner may walk
// posts_by_published_first_seen instead and fetch every post row and its account.
constexpr char kPostsPublishedSql[] =
    "SELECT a.platform, a.grp, "
    "sum(p.published_at >= ?1), sum(p.published_at >= ?2), sum(p.published_at >= ?3), "
    "sum(p.published_at >= ?4) "
    "FROM accounts a CROSS JOIN posts p ON p.account_id = a.id "
    "WHERE p.published_at >= ?5 AND p.published_at <= ?6 "
    "GROUP BY a.platform, a.grp ORDER BY a.platform, a.grp";
constexpr size_t kMaxWindows = 4;

}  // namespace

Result<std::unique_ptr<ActivityQueries>> ActivityQueries::Open(const std::string& db_path) {
  SqliteOpenOptions options;
  options.read_only = true;
  Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(db_path, options);
  if (!db.ok()) return db.status().WithContext("activity queries");
  return std::unique_ptr<ActivityQueries>(new ActivityQueries(std::move(*db)));
}

ActivityQueries::ActivityQueries(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

ActivityQueries::~ActivityQueries() = default;

Result<std::vector<GroupPostCounts>> ActivityQueries::PostsPublished(
    const std::vector<int64_t>& window_starts, int64_t now_s) {
  if (window_starts.empty() || window_starts.size() > kMaxWindows) {
    return Status::InvalidArgument("activity queries: between 1 and 4 windows");
  }
  Result<Statement> stmt = db_->Prepare(kPostsPublishedSql);
  if (!stmt.ok()) return stmt.status();
  // Unused window slots repeat the last start; their sums are ignored.
  for (size_t i = 0; i < kMaxWindows; ++i) {
    stmt->Bind(static_cast<int>(i + 1), window_starts[std::min(i, window_starts.size() - 1)]);
  }
  int64_t earliest = *std::min_element(window_starts.begin(), window_starts.end());
  stmt->Bind(5, std::max<int64_t>(earliest, 1)).Bind(6, now_s);
  std::vector<GroupPostCounts> rows;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status().WithContext("activity queries");
    if (!*row) break;
    GroupPostCounts counts{stmt->ColumnText(0), stmt->ColumnText(1), {}};
    for (size_t i = 0; i < window_starts.size(); ++i) {
      counts.posts.push_back(stmt->ColumnInt(static_cast<int>(i + 2)));
    }
    rows.push_back(std::move(counts));
  }
  return rows;
}

Result<std::map<std::string, int64_t>> ActivityQueries::AccountsPerGroup() {
  Result<Statement> stmt = db_->Prepare("SELECT grp, count(*) FROM accounts GROUP BY grp");
  if (!stmt.ok()) return stmt.status();
  std::map<std::string, int64_t> groups;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status().WithContext("activity queries");
    if (!*row) break;
    groups[stmt->ColumnText(0)] = stmt->ColumnInt(1);
  }
  return groups;
}

Result<std::vector<std::string>> ActivityQueries::PostsPublishedPlan() {
  Result<Statement> stmt = db_->Prepare(std::string("EXPLAIN QUERY PLAN ") + kPostsPublishedSql);
  if (!stmt.ok()) return stmt.status();
  std::vector<std::string> plan;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    plan.push_back(stmt->ColumnText(3));
  }
  return plan;
}

}  // namespace postwatch
