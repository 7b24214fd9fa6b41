#include "store/account_export.h"

#include <map>

#include "store/account_table.h"

namespace postwatch {

namespace {

// A deferred read transaction: one snapshot for several SELECTs. Ended in the destructor.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(SqliteDb& db) : db_(db) { began_ = db_.Exec("BEGIN").ok(); }
  ~ReadSnapshot() {
    if (began_ && !db_.InAutocommit()) (void)db_.Exec("COMMIT");
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  SqliteDb& db_;
  bool began_ = false;
};

Result<int64_t> CountFor(SqliteDb& db, const std::string& sql, int64_t account_id) {
  Result<Statement> stmt = db.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, account_id);
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  return *row ? stmt->ColumnInt(0) : int64_t{0};
}

Status ReadPosts(SqliteDb& db, int64_t account_id, AccountData& data) {
  Result<Statement> posts = db.Prepare(
      "SELECT id, post_id, url, published_at, kind, shared_url, text_hash, first_seen_ms "
      "FROM posts WHERE account_id = ?1 ORDER BY published_at, first_seen_ms, id");
  if (!posts.ok()) return posts.status();
  posts->Bind(1, account_id);
  std::map<int64_t, size_t> post_index;  // post row id -> index in data.posts
  while (true) {
    Result<bool> row = posts->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ExportedPost p;
    p.post_id = posts->ColumnText(1);
    p.url = posts->ColumnText(2);
    p.published_at = posts->ColumnInt(3);
    p.kind = posts->ColumnText(4);
    p.shared_url = posts->ColumnText(5);
    p.text_hash = posts->ColumnInt(6);
    p.first_seen_ms = posts->ColumnInt(7);
    post_index[posts->ColumnInt(0)] = data.posts.size();
    data.posts.push_back(std::move(p));
  }

  Result<Statement> links = db.Prepare(
      "SELECT l.id, l.post_row, l.raw, l.normalized, l.host FROM links l "
      "JOIN posts p ON p.id = l.post_row WHERE p.account_id = ?1 ORDER BY l.id");
  if (!links.ok()) return links.status();
  links->Bind(1, account_id);
  std::map<int64_t, std::pair<size_t, size_t>> link_index;  // link row -> (post, link)
  while (true) {
    Result<bool> row = links->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    auto it = post_index.find(links->ColumnInt(1));
    if (it == post_index.end()) continue;
    ExportedPost& post = data.posts[it->second];
    link_index[links->ColumnInt(0)] = {it->second, post.links.size()};
    post.links.push_back(
        ExportedLink{links->ColumnText(2), links->ColumnText(3), links->ColumnText(4), {}});
  }

  Result<Statement> hits = db.Prepare(
      "SELECT link_row, list, rule, matched_url, seen_ms FROM flag_hits WHERE account_id = ?1 "
      "ORDER BY id");
  if (!hits.ok()) return hits.status();
  hits->Bind(1, account_id);
  while (true) {
    Result<bool> row = hits->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    auto it = link_index.find(hits->ColumnInt(0));
    if (it == link_index.end()) continue;
    data.posts[it->second.first].links[it->second.second].hits.push_back(ExportedHit{
        hits->ColumnText(1), hits->ColumnText(2), hits->ColumnText(3), hits->ColumnInt(4)});
  }
  return Status::Ok();
}

Status ReadPolls(SqliteDb& db, int64_t account_id, AccountData& data) {
  Result<Statement> polls = db.Prepare(
      "SELECT started_ms, finished_ms, success, reason, http_status, new_posts "
      "FROM poll_history WHERE account_id = ?1 ORDER BY started_ms, id");
  if (!polls.ok()) return polls.status();
  polls->Bind(1, account_id);
  while (true) {
    Result<bool> row = polls->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    data.polls.push_back(ExportedPoll{polls->ColumnInt(0), polls->ColumnInt(1),
                                      polls->ColumnInt(2) != 0, polls->ColumnText(3),
                                      polls->ColumnInt(4), polls->ColumnInt(5)});
  }
  return Status::Ok();
}

}  // namespace

Result<AccountData> SelectAccountData(SqliteDb& db, int64_t account_id) {
  ReadSnapshot snapshot(db);
  Result<Account> account = SelectAccount(db, account_id);
  if (!account.ok()) return account.status();
  AccountData data;
  data.account = std::move(*account);
  Result<int64_t> created =
      CountFor(db, "SELECT created_ms FROM accounts WHERE id = ?1", account_id);
  if (!created.ok()) return created.status();
  data.created_ms = *created;
  if (Status s = ReadPosts(db, account_id, data); !s.ok()) return s.WithContext("export");
  if (Status s = ReadPolls(db, account_id, data); !s.ok()) return s.WithContext("export");
  return data;
}

Result<AccountDataCounts> CountAccountData(SqliteDb& db, int64_t account_id) {
  ReadSnapshot snapshot(db);
  Result<Account> account = SelectAccount(db, account_id);
  if (!account.ok()) return account.status();
  AccountDataCounts counts;
  Result<int64_t> posts =
      CountFor(db, "SELECT count(*) FROM posts WHERE account_id = ?1", account_id);
  Result<int64_t> links = CountFor(
      db,
      "SELECT count(*) FROM links WHERE post_row IN (SELECT id FROM posts WHERE account_id = ?1)",
      account_id);
  Result<int64_t> hits =
      CountFor(db, "SELECT count(*) FROM flag_hits WHERE account_id = ?1", account_id);
  Result<int64_t> polls =
      CountFor(db, "SELECT count(*) FROM poll_history WHERE account_id = ?1", account_id);
  for (const Result<int64_t>* r : {&posts, &links, &hits, &polls}) {
    if (!r->ok()) return r->status();
  }
  counts.posts = *posts;
  counts.links = *links;
  counts.flag_hits = *hits;
  counts.polls = *polls;
  return counts;
}

}  // namespace postwatch
