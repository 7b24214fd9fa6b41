#include "store/poll_commit.h"

#include <algorithm>
#include <string>

namespace postwatch {
namespace {

constexpr char kUpdateAccount[] =
    "UPDATE accounts SET "
    "status = CASE WHEN status = 'paused' THEN status ELSE ?1 END, "
    "consecutive_failures = ?2, next_due_ms = ?3, last_poll_ms = ?4, "
    "last_success_ms = CASE WHEN ?5 THEN ?4 ELSE last_success_ms END, "
    "last_error = ?6, "
    "cursor = COALESCE(?7, cursor), etag = COALESCE(?8, etag), "
    "last_modified = COALESCE(?9, last_modified), canonical_id = COALESCE(?10, canonical_id), "
    "last_published_at = max(last_published_at, ?11) "
    "WHERE id = ?12";

constexpr char kInsertPost[] =
    "INSERT INTO posts (account_id, post_id, url, published_at, kind, shared_url, text_hash, "
    "first_seen_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (account_id, post_id) DO NOTHING";

constexpr char kInsertLink[] =
    "INSERT INTO links (post_row, raw, normalized, host) VALUES (?1, ?2, ?3, ?4)";

constexpr char kInsertHit[] =
    "INSERT INTO flag_hits (link_row, post_row, account_id, list, rule, matched_url, seen_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

constexpr char kInsertHistory[] =
    "INSERT INTO poll_history (account_id, started_ms, finished_ms, success, reason, "
    "http_status, new_posts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

// 64-bit FNV-1a, stored as a signed SQLite integer; 0 for empty text.
int64_t TextHash(std::string_view text) {
  if (text.empty()) return 0;
  uint64_t hash = 14695981039346656037ull;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return static_cast<int64_t>(hash);
}

// Updates the account row; false when the account no longer exists.
Result<bool> UpdateAccount(SqliteDb& db, const PollRecord& record, int64_t now_ms) {
  int64_t newest = 0;
  for (const StoredPost& p : record.posts) newest = std::max(newest, p.post.published_at);
  const int64_t polled_ms = record.finished_ms > 0 ? record.finished_ms : now_ms;
  const bool success = record.success || record.not_modified;

  Result<Statement> stmt = db.Prepare(kUpdateAccount);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, AccountStatusName(record.status))
      .Bind(2, int64_t{record.consecutive_failures})
      .Bind(3, record.next_due_ms)
      .Bind(4, polled_ms)
      .Bind(5, int64_t{success ? 1 : 0})
      .Bind(6, record.last_error)
      .BindOptional(7, record.cursor)
      .BindOptional(8, record.etag)
      .BindOptional(9, record.last_modified)
      .BindOptional(10, record.canonical_id)
      .Bind(11, newest)
      .Bind(12, record.account_id);
  if (Status s = stmt->Run(); !s.ok()) return s;
  return db.Changes() > 0;
}

// Inserts the links and flag hits of a new post, one row per statement. (Several links to
// one INSERT was tried: a multi-row statement needs a statement journal, which SQLite
// spills to a temporary file and appends to for the whole transaction, so it cost more
// in write() calls than it saved.) The text bindings borrow the record's strings
// (BindStatic): each Statement is destroyed before the record goes away.
Status InsertLinks(SqliteDb& db, const PollRecord& record, const StoredPost& stored,
                   int64_t post_row, int64_t now_ms, CommitResult& result) {
  for (const PostLink& link : stored.links) {
    int64_t link_row = 0;
    {
      Result<Statement> stmt = db.Prepare(kInsertLink);
      if (!stmt.ok()) return stmt.status();
      stmt->Bind(1, post_row)
          .BindStatic(2, link.raw)
          .BindStatic(3, link.normalized)
          .BindStatic(4, link.host);
      if (Status s = stmt->Run(); !s.ok()) return s;
      link_row = db.LastInsertRowId();
    }
    ++result.new_links;
    for (const FlagHit& hit : link.hits) {
      Result<Statement> stmt = db.Prepare(kInsertHit);
      if (!stmt.ok()) return stmt.status();
      stmt->Bind(1, link_row)
          .Bind(2, post_row)
          .Bind(3, record.account_id)
          .BindStatic(4, hit.list)
          .BindStatic(5, hit.rule)
          .BindStatic(6, hit.matched_url)
          .Bind(7, now_ms);
      if (Status s = stmt->Run(); !s.ok()) return s;
      result.flagged_lists.push_back(hit.list);
    }
  }
  return Status::Ok();
}

// Inserts a post unless (account, post id) is known; returns its row id, or 0 if known.
Result<int64_t> InsertPost(SqliteDb& db, int64_t account_id, const Post& post, int64_t now_ms) {
  // A post without an id is identified by its URL, so it is still counted once.
  const std::string& post_id = post.id.empty() ? post.url : post.id;
  Result<Statement> stmt = db.Prepare(kInsertPost);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, account_id)
      .BindStatic(2, post_id)
      .BindStatic(3, post.url)
      .Bind(4, post.published_at)
      .BindStatic(5, PostKindName(post.kind))
      .BindStatic(6, post.shared_url)
      .Bind(7, TextHash(post.text))
      .Bind(8, now_ms);
  if (Status s = stmt->Run(); !s.ok()) return s;
  return db.Changes() > 0 ? db.LastInsertRowId() : int64_t{0};
}

}  // namespace

Result<CommitResult> ApplyPollRecord(SqliteDb& db, const PollRecord& record, int64_t now_ms) {
  CommitResult result;
  result.account_id = record.account_id;
  result.plugin = record.plugin;
  result.group = record.group;

  Result<bool> exists = UpdateAccount(db, record, now_ms);
  if (!exists.ok()) return exists.status().WithContext("update account");
  if (!*exists) return result;

  for (const StoredPost& stored : record.posts) {
    if (stored.post.id.empty() && stored.post.url.empty()) continue;
    Result<int64_t> post_row = InsertPost(db, record.account_id, stored.post, now_ms);
    if (!post_row.ok()) return post_row.status().WithContext("insert post");
    if (*post_row == 0) continue;
    ++result.new_posts;
    if (stored.post.published_at > 0) result.new_published_at.push_back(stored.post.published_at);
    if (Status s = InsertLinks(db, record, stored, *post_row, now_ms, result); !s.ok()) {
      return s.WithContext("insert links");
    }
  }

  if (!record.not_modified) {
    Result<Statement> stmt = db.Prepare(kInsertHistory);
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, record.account_id)
        .Bind(2, record.started_ms)
        .Bind(3, record.finished_ms > 0 ? record.finished_ms : now_ms)
        .Bind(4, int64_t{record.success ? 1 : 0})
        .Bind(5, record.failure_reason)
        .Bind(6, int64_t{record.http_status})
        .Bind(7, int64_t{result.new_posts});
    if (Status s = stmt->Run(); !s.ok()) return s.WithContext("insert poll history");
  }
  return result;
}

}  // namespace postwatch
