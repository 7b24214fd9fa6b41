// The write path after migration 004 (cheaper CHECKs, one time index on posts): what is
// stored is still exactly what was submitted, the constraints still refuse bad values, and
// the queries that read posts, links and flag hits still go through an index.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "store/account_export.h"
#include "store/activity_queries.h"
#include "store/migration.h"
#include "store/sqlite_db.h"
#include "store/store.h"
#include "store_test_util.h"

namespace postwatch {
namespace {

std::unique_ptr<SqliteDb> OpenAt(const std::string& path, int version) {
  Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(path, {});
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (!db.ok()) return nullptr;
  Result<std::vector<Migration>> all = EmbeddedMigrations();
  EXPECT_TRUE(all.ok());
  if (!all.ok()) return nullptr;
  const size_t n = version < 0 ? all->size() : static_cast<size_t>(version);
  Status s = ApplyMigrations(**db, std::span<const Migration>(*all).first(n));
  EXPECT_TRUE(s.ok()) << s.ToString();
  return std::move(*db);
}

std::vector<std::string> Column(SqliteDb& db, const std::string& sql, int column = 0) {
  std::vector<std::string> values;
  Result<Statement> stmt = db.Prepare(sql);
  EXPECT_TRUE(stmt.ok()) << sql << ": " << stmt.status().ToString();
  if (!stmt.ok()) return values;
  while (true) {
    Result<bool> row = stmt->Step();
    EXPECT_TRUE(row.ok()) << sql << ": " << row.status().ToString();
    if (!row.ok() || !*row) break;
    values.push_back(stmt->ColumnText(column));
  }
  return values;
}

using SchemaRow = std::tuple<std::string, std::string, std::string>;

std::vector<SchemaRow> Schema(SqliteDb& db) {
  const std::string sql = "SELECT type, name, sql FROM sqlite_schema ORDER BY type, name";
  std::vector<std::string> types = Column(db, sql, 0);
  std::vector<std::string> names = Column(db, sql, 1);
  std::vector<std::string> texts = Column(db, sql, 2);
  std::vector<SchemaRow> rows;
  for (size_t i = 0; i < types.size(); ++i) rows.emplace_back(types[i], names[i], texts[i]);
  return rows;
}

TEST(IngestSchemaTest, StoredPostsLinksAndHitsAreExactlyWhatWasSubmitted) {
  TempDir dir;
  StoreOptions options;
  options.path = dir.File("pw.db");
  Result<std::unique_ptr<Store>> store = Store::Open(options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Result<int64_t> account = (*store)->AddAccount(Spec("web", "https://a.example"));
  ASSERT_TRUE(account.ok());

  StoredPost shared = MakePost("p-1", 100, {"https://bad.test/x?utm=1"}, "scam");
  shared.post.kind = PostKind::kShare;
  shared.post.shared_url = "https://elsewhere.example/original";
  shared.links[0].normalized = "https://bad.test/x";
  shared.links[0].host = "bad.test";
  shared.links[0].hits[0] = FlagHit{"scam", "bad.test", "https://bad.test/x"};
  StoredPost untitled = MakePost("", 200, {"https://ok.example/a", "https://ok.example/b"});
  untitled.post.url = "https://a.example/no-id";  // no id: the URL identifies it
  untitled.post.kind = PostKind::kVideo;
  (*store)->Start();
  ASSERT_TRUE((*store)->Submit(SuccessRecord(*account, {shared, untitled})).ok());
  (*store)->Stop();

  Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(options.path, {});
  ASSERT_TRUE(db.ok());
  Result<AccountData> data = SelectAccountData(**db, *account);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_EQ(data->posts.size(), 2u);
  const ExportedPost& first = data->posts[0];
  EXPECT_EQ(first.post_id, "p-1");
  EXPECT_EQ(first.url, "https://example.org/p/p-1");
  EXPECT_EQ(first.kind, "share");
  EXPECT_EQ(first.shared_url, "https://elsewhere.example/original");
  ASSERT_EQ(first.links.size(), 1u);
  EXPECT_EQ(first.links[0].raw, "https://bad.test/x?utm=1");
  EXPECT_EQ(first.links[0].normalized, "https://bad.test/x");
  EXPECT_EQ(first.links[0].host, "bad.test");
  ASSERT_EQ(first.links[0].hits.size(), 1u);
  EXPECT_EQ(first.links[0].hits[0].list, "scam");
  EXPECT_EQ(first.links[0].hits[0].rule, "bad.test");
  EXPECT_EQ(first.links[0].hits[0].matched_url, "https://bad.test/x");

  const ExportedPost& second = data->posts[1];
  EXPECT_EQ(second.post_id, "https://a.example/no-id");
  EXPECT_EQ(second.kind, "video");
  EXPECT_EQ(second.shared_url, "");
  ASSERT_EQ(second.links.size(), 2u);
  EXPECT_EQ(second.links[0].raw, "https://ok.example/a");
  EXPECT_EQ(second.links[1].raw, "https://ok.example/b");
  // Empty text is stored as '' (the columns are NOT NULL), never as NULL.
  EXPECT_EQ(Column(**db, "SELECT count(*) FROM posts WHERE shared_url IS NULL"),
            std::vector<std::string>{"0"});
}

TEST(IngestSchemaTest, LinksKeepTheirOrderAndHitsTheirLinkWhenWrittenTogether) {
  // The export lists links by row id: they must be written in the order they came, and
  // each hit must point at its own link, with more links than any batch size.
  TempDir dir;
  StoreOptions options;
  options.path = dir.File("pw.db");
  Result<std::unique_ptr<Store>> store = Store::Open(options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Result<int64_t> account = (*store)->AddAccount(Spec("web", "https://a.example"));
  ASSERT_TRUE(account.ok());

  StoredPost mixed = MakePost("mixed", 100, {"https://a.test/1", "https://bad.test/2"}, "scam");
  mixed.links[0].hits.clear();
  mixed.links.push_back(MakePost("x", 0, {"https://a.test/3"}).links[0]);
  std::vector<std::string> many_urls;
  for (int i = 0; i < 70; ++i) many_urls.push_back("https://many.test/" + std::to_string(i));
  StoredPost many = MakePost("many", 200, many_urls);
  many.links[40].hits.push_back(FlagHit{"spam", "many.test", many_urls[40]});
  (*store)->Start();
  ASSERT_TRUE((*store)->Submit(SuccessRecord(*account, {mixed, many})).ok());
  (*store)->Stop();

  Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(options.path, {});
  ASSERT_TRUE(db.ok());
  Result<AccountData> data = SelectAccountData(**db, *account);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_EQ(data->posts.size(), 2u);
  std::vector<std::string> first;
  for (const ExportedLink& link : data->posts[0].links) {
    first.push_back(link.raw + (link.hits.empty() ? "" : " " + link.hits[0].list));
  }
  EXPECT_EQ(first, (std::vector<std::string>{"https://a.test/1", "https://bad.test/2 scam",
                                             "https://a.test/3"}));
  ASSERT_EQ(data->posts[1].links.size(), many_urls.size());
  for (size_t i = 0; i < many_urls.size(); ++i) {
    const ExportedLink& link = data->posts[1].links[i];
    EXPECT_EQ(link.raw, many_urls[i]);
    EXPECT_EQ(link.hits.size(), i == 40 ? 1u : 0u) << i;
  }
  EXPECT_EQ(Column(**db, "SELECT count(*) FROM pragma_foreign_key_check"),
            std::vector<std::string>{"0"});
}

TEST(IngestSchemaTest, PostKindAndAccountStatusStillRefuseUnknownValues) {
  TempDir dir;
  std::unique_ptr<SqliteDb> db = OpenAt(dir.File("pw.db"), -1);
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(
      db->Exec("INSERT INTO accounts (id, platform, registered) VALUES (1, 'web', 'r')").ok());
  int n = 0;
  for (const char* kind : {"post", "video", "reply", "share"}) {
    Result<Statement> insert = db->Prepare(
        "INSERT INTO posts (account_id, post_id, kind, first_seen_ms) VALUES (1, ?1, ?2, 1)");
    ASSERT_TRUE(insert.ok());
    insert->Bind(1, "p" + std::to_string(++n)).Bind(2, std::string_view(kind));
    EXPECT_TRUE(insert->Run().ok()) << kind;
  }
  for (const char* kind : {"bogus", "Post", ""}) {
    Result<Statement> insert = db->Prepare(
        "INSERT INTO posts (account_id, post_id, kind, first_seen_ms) VALUES (1, ?1, ?2, 1)");
    ASSERT_TRUE(insert.ok());
    insert->Bind(1, "p" + std::to_string(++n)).Bind(2, std::string_view(kind));
    Status s = insert->Run();
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << "kind '" << kind << "'";
  }
  for (const char* status : {"active", "paused", "backoff", "failing", "gone", "auth"}) {
    Result<Statement> update = db->Prepare("UPDATE accounts SET status = ?1 WHERE id = 1");
    ASSERT_TRUE(update.ok());
    update->Bind(1, std::string_view(status));
    EXPECT_TRUE(update->Run().ok()) << status;
  }
  Result<Statement> update = db->Prepare("UPDATE accounts SET status = ?1 WHERE id = 1");
  ASSERT_TRUE(update.ok());
  update->Bind(1, std::string_view("sleeping"));
  EXPECT_EQ(update->Run().code(), Status::Code::kInvalidArgument);
}

TEST(IngestSchemaTest, WritingAPostOrAnAccountBuildsNoTemporaryTable) {
  // An IN list in a CHECK made SQLite build a temporary B-tree (OpenEphemeral) on every
  // write of the row; migration 004 wrote those CHECKs as equalities.
  TempDir dir;
  std::unique_ptr<SqliteDb> db = OpenAt(dir.File("pw.db"), -1);
  ASSERT_NE(db, nullptr);
  for (const std::string sql :
       {"INSERT INTO posts (account_id, post_id, url, published_at, kind, shared_url, "
        "text_hash, first_seen_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT (account_id, post_id) DO NOTHING",
        "UPDATE accounts SET status = CASE WHEN status = 'paused' THEN status ELSE ?1 END, "
        "last_poll_ms = ?2 WHERE id = ?3"}) {
    std::vector<std::string> opcodes = Column(*db, "EXPLAIN " + sql, 1);
    EXPECT_FALSE(opcodes.empty()) << sql;
    EXPECT_EQ(std::count(opcodes.begin(), opcodes.end(), "OpenEphemeral"), 0) << sql;
  }
}

TEST(IngestSchemaTest, DatabaseUpgradedFromVersionThreeHasTheSchemaOfAFreshOne) {
  TempDir dir;
  std::unique_ptr<SqliteDb> fresh = OpenAt(dir.File("fresh.db"), -1);
  std::unique_ptr<SqliteDb> old = OpenAt(dir.File("old.db"), 3);
  ASSERT_NE(fresh, nullptr);
  ASSERT_NE(old, nullptr);
  ASSERT_TRUE(old->Exec("INSERT INTO accounts (id, platform, registered, status) "
                        "VALUES (1, 'web', 'r', 'paused');"
                        "INSERT INTO posts (account_id, post_id, kind, published_at, "
                        "first_seen_ms) VALUES (1, 'p', 'video', 0, 5)")
                  .ok());
  old.reset();
  std::unique_ptr<SqliteDb> upgraded = OpenAt(dir.File("old.db"), -1);
  ASSERT_NE(upgraded, nullptr);
  EXPECT_EQ(Schema(*upgraded), Schema(*fresh));
  EXPECT_EQ(Column(*upgraded, "SELECT kind || ' ' || first_seen_ms FROM posts"),
            std::vector<std::string>{"video 5"});
  EXPECT_EQ(Column(*upgraded, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
  const std::vector<std::string> post_indexes =
      Column(*upgraded, "SELECT name FROM pragma_index_list('posts') ORDER BY name");
  EXPECT_EQ(post_indexes,
            (std::vector<std::string>{"posts_by_account_published", "posts_by_published_first_seen",
                                      "sqlite_autoindex_posts_1"}));
}

// A plan step that reads a whole table row by row, without an index.
bool IsFullScan(const std::string& step) {
  return step.starts_with("SCAN ") && step.find(" USING ") == std::string::npos &&
         step != "SCAN CONSTANT ROW";
}

TEST(IngestSchemaTest, QueriesOnPostsLinksAndFlagHitsUseAnIndex) {
  TempDir dir;
  std::unique_ptr<SqliteDb> db = OpenAt(dir.File("pw.db"), -1);
  ASSERT_NE(db, nullptr);
  // The queries as written in daemon/store (retention.cpp, account_export.cpp, store.cpp,
  // shortener_cache.cpp), each with the index it must use.
  const std::vector<std::pair<std::string, std::string>> queries = {
      {"SELECT id FROM posts WHERE published_at > 0 AND published_at < ?1 "
       "UNION SELECT id FROM posts WHERE published_at = 0 AND first_seen_ms < ?2 LIMIT ?3",
       "posts_by_published_first_seen"},
      {"SELECT id, post_id, url, published_at, kind, shared_url, text_hash, first_seen_ms "
       "FROM posts WHERE account_id = ?1 ORDER BY published_at, first_seen_ms, id",
       "posts_by_account_published"},
      {"SELECT count(*) FROM posts WHERE account_id = ?1", "INDEX"},
      {"SELECT l.id, l.post_row, l.raw, l.normalized, l.host FROM links l "
       "JOIN posts p ON p.id = l.post_row WHERE p.account_id = ?1 ORDER BY l.id",
       "links_by_post"},
      {"SELECT l.id, l.post_row, p.account_id, a.platform, a.grp FROM links l "
       "JOIN posts p ON p.id = l.post_row JOIN accounts a ON a.id = p.account_id "
       "WHERE l.host = ?1 AND l.normalized = ?2 AND l.chain IS NULL",
       "links_by_host"},
      {"SELECT link_row, list, rule, matched_url, seen_ms FROM flag_hits WHERE account_id = ?1 "
       "ORDER BY id",
       "flag_hits_by_account"},
      {"SELECT count(*) FROM links WHERE post_row IN (SELECT id FROM posts WHERE account_id = ?1)",
       "links_by_post"},
      {"SELECT count(*) FROM flag_hits WHERE post_row IN (SELECT ?1)", "flag_hits_by_post"},
      {"SELECT list, count(*) FROM flag_hits GROUP BY list ORDER BY list", "flag_hits_by_list"},
      {"SELECT id FROM poll_history WHERE started_ms < ?1 LIMIT ?2", "poll_history_by_started"},
  };
  for (const auto& [sql, index] : queries) {
    std::vector<std::string> plan = Column(*db, "EXPLAIN QUERY PLAN " + sql, 3);
    ASSERT_FALSE(plan.empty()) << sql;
    bool uses_index = false;
    for (const std::string& step : plan) {
      EXPECT_FALSE(IsFullScan(step)) << sql << "\n  step: " << step;
      if (step.find(index) != std::string::npos) uses_index = true;
    }
    EXPECT_TRUE(uses_index) << sql << "\n  expected index " << index << ", plan starts "
                            << plan.front();
  }

  // The activity gauges' query, through its own accessor.
  db.reset();
  Result<std::unique_ptr<ActivityQueries>> activity = ActivityQueries::Open(dir.File("pw.db"));
  ASSERT_TRUE(activity.ok()) << activity.status().ToString();
  Result<std::vector<std::string>> plan = (*activity)->PostsPublishedPlan();
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(std::any_of(plan->begin(), plan->end(), [](const std::string& step) {
    return step.find("posts_by_account_published") != std::string::npos;
  }));
}

}  // namespace
}  // namespace postwatch
