// Upgrades from every earlier schema version, and migrations interrupted by SIGKILL: the
// database must open at its old version with its data, then upgrade cleanly.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "store/migration.h"
#include "store/sqlite_db.h"
#include "store/store.h"
#include "store_test_util.h"

namespace postwatch {
namespace {

constexpr int kBulkPosts = 3000;  // enough rows that a migration's index spills to the WAL

// Data written at each schema version, in the columns that version has. A database at
// version N gets every seed with version <= N.
struct Seed {
  int version;
  const char* sql;
};
const Seed kSeeds[] = {
    {1,
     "INSERT INTO accounts (id, platform, registered, display_name, cursor, etag, created_ms) "
     "VALUES (1, 'web', 'https://a.example/feed', 'A', 'cursor-1', '\"etag-1\"', 1000);"
     "INSERT INTO posts (id, account_id, post_id, url, published_at, first_seen_ms) "
     "VALUES (1, 1, 'p1', 'https://a.example/p1', 1700000000, 2000);"
     "INSERT INTO links (id, post_row, raw, normalized, host) "
     "VALUES (1, 1, 'https://x.test/a', 'https://x.test/a', 'x.test');"
     "INSERT INTO flag_hits (link_row, post_row, account_id, list, rule, matched_url, seen_ms) "
     "VALUES (1, 1, 1, 'scam', 'x.test', 'https://x.test/a', 2000);"
     "INSERT INTO poll_history (account_id, started_ms, finished_ms, success, new_posts) "
     "VALUES (1, 1000, 1500, 1, 1);"
     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
     "INSERT INTO posts (account_id, post_id, url, published_at, first_seen_ms) "
     "SELECT 1, 'bulk-' || i, 'https://a.example/bulk/' || i, 1600000000 + i, 3000 FROM n;"},
    {2,
     "INSERT INTO shortener_cache (short_url, chain, ok, expanded_at, expires_at) "
     "VALUES ('https://bit.ly/a', '[\"https://x.test/a\"]', 1, 10, 20);"
     "UPDATE links SET chain = '[\"https://bit.ly/a\",\"https://x.test/a\"]' WHERE id = 1;"},
    {3,
     "INSERT INTO audit_log (at_ms, actor, action, target, outcome) "
     "VALUES (5000, 'admin', 'pause', 'account 1', 'ok');"},
};

std::vector<Migration> Embedded() {
  Result<std::vector<Migration>> migrations = EmbeddedMigrations();
  EXPECT_TRUE(migrations.ok()) << migrations.status().ToString();
  return migrations.ok() ? *migrations : std::vector<Migration>{};
}

// A database file at schema version `version` (the first `version` embedded migrations)
// holding the seeds up to that version.
void BuildDatabaseAt(const std::string& path, int version) {
  Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(path, {});
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  std::vector<Migration> all = Embedded();
  ASSERT_LE(static_cast<size_t>(version), all.size());
  Status s = ApplyMigrations(**db, std::span<const Migration>(all).first(version));
  ASSERT_TRUE(s.ok()) << s.ToString();
  for (const Seed& seed : kSeeds) {
    if (seed.version > version) continue;
    Status seeded = (*db)->Exec(seed.sql);
    ASSERT_TRUE(seeded.ok()) << "seed " << seed.version << ": " << seeded.ToString();
  }
}

int64_t Query(SqliteDb& db, const std::string& sql) {
  Result<int64_t> n = db.QueryInt(sql);
  EXPECT_TRUE(n.ok()) << sql << ": " << n.status().ToString();
  return n.ok() ? *n : -1;
}

std::string IntegrityCheck(SqliteDb& db) {
  Result<Statement> stmt = db.Prepare("PRAGMA integrity_check");
  if (!stmt.ok()) return stmt.status().ToString();
  Result<bool> row = stmt->Step();
  if (!row.ok() || !*row) return "no result";
  return stmt->ColumnText(0);
}

// Checks that the seeds up to `version` are all there, unchanged.
void ExpectSeedData(SqliteDb& db, int version) {
  if (version < 1) return;
  EXPECT_EQ(Query(db, "SELECT count(*) FROM accounts WHERE cursor = 'cursor-1'"), 1);
  EXPECT_EQ(Query(db, "SELECT count(*) FROM posts WHERE post_id = 'p1' OR post_id LIKE 'bulk-%'"),
            kBulkPosts + 1);
  EXPECT_EQ(Query(db, "SELECT count(*) FROM links"), 1);
  EXPECT_EQ(Query(db, "SELECT count(*) FROM flag_hits WHERE list = 'scam'"), 1);
  EXPECT_EQ(Query(db, "SELECT count(*) FROM poll_history WHERE finished_ms = 1500"), 1);
  if (version >= 2) {
    EXPECT_EQ(Query(db, "SELECT count(*) FROM shortener_cache WHERE ok = 1"), 1);
    EXPECT_EQ(Query(db, "SELECT count(*) FROM links WHERE chain LIKE '[\"https://bit.ly/a\"%'"), 1);
  }
  if (version >= 3) {
    EXPECT_EQ(Query(db, "SELECT count(*) FROM audit_log WHERE action = 'pause'"), 1);
  }
}

// Opens the database with the current Store and checks the upgrade kept everything, and
// that the store then works.
void ExpectCurrentStoreUpgrades(const std::string& path, int from_version) {
  StoreOptions options;
  options.path = path;
  options.retry_initial_ms = 1;
  Result<std::unique_ptr<Store>> store = Store::Open(options);
  ASSERT_TRUE(store.ok()) << "from version " << from_version << ": " << store.status().ToString();
  int64_t account = 1;
  if (from_version >= 1) {
    Result<Account> a = (*store)->GetAccount(1);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    EXPECT_EQ(a->cursor, "cursor-1");
    EXPECT_EQ(a->etag, "\"etag-1\"");
    EXPECT_EQ(*(*store)->CountPosts(1), kBulkPosts + 1);
    EXPECT_EQ(*(*store)->CountFlagHitsByList(), (std::map<std::string, int64_t>{{"scam", 1}}));
  } else {
    Result<int64_t> added = (*store)->AddAccount(Spec("web", "https://b.example/feed"));
    ASSERT_TRUE(added.ok()) << added.status().ToString();
    account = *added;
  }
  (*store)->Start();
  ASSERT_TRUE((*store)->Submit(SuccessRecord(account, {MakePost("after-upgrade", 1)})).ok());
  (*store)->Stop();
  EXPECT_EQ(*(*store)->CountPosts(account), from_version >= 1 ? kBulkPosts + 2 : 1);
  store->reset();

  Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(path, {});
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*SchemaVersion(**db), Embedded().back().version);
  ExpectSeedData(**db, from_version);
  EXPECT_EQ(IntegrityCheck(**db), "ok");
  EXPECT_EQ(Query(**db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

// Splits SQL text into its statements (each ending with ';'); trailing comments stay with
// the last one.
std::vector<std::string> SplitStatements(const std::string& sql) {
  std::vector<std::string> statements;
  std::string current;
  for (char c : sql) {
    current += c;
    if (c == ';' && sqlite3_complete(current.c_str())) {
      statements.push_back(current);
      current.clear();
    }
  }
  if (!statements.empty()) statements.back() += current;
  return statements;
}

// The first two words of a statement, upper-cased, skipping comments.
std::string Opening(const std::string& statement) {
  std::string words;
  int count = 0;
  for (size_t i = 0; i < statement.size() && count < 2;) {
    if (statement.compare(i, 2, "--") == 0) {
      i = statement.find('\n', i);
      if (i == std::string::npos) break;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(statement[i]);
    if (std::isalnum(c) || c == '_') {
      if (!words.empty() && words.back() != ' ') words += ' ';
      while (i < statement.size() &&
             (std::isalnum(static_cast<unsigned char>(statement[i])) || statement[i] == '_')) {
        words += static_cast<char>(std::toupper(static_cast<unsigned char>(statement[i++])));
      }
      words += ' ';
      ++count;
      continue;
    }
    ++i;
  }
  while (!words.empty() && words.back() == ' ') words.pop_back();
  return words;
}

TEST(MigrationUpgradeTest, NoMigrationManagesItsOwnTransactionOrVersion) {
  // The runner wraps each file in BEGIN IMMEDIATE ... COMMIT together with
  // PRAGMA user_version; a file that opened or ended a transaction itself, set the version,
  // or ran VACUUM (which cannot run inside a transaction) would break that.
  const std::set<std::string> forbidden = {"BEGIN",     "COMMIT",  "END",   "ROLLBACK",
                                           "SAVEPOINT", "RELEASE", "VACUUM"};
  EXPECT_EQ(Opening("-- a comment\n  create table t (x);"), "CREATE TABLE");
  for (const Migration& m : Embedded()) {
    for (const std::string& statement : SplitStatements(m.sql)) {
      const std::string opening = Opening(statement);
      const std::string first = opening.substr(0, opening.find(' '));
      EXPECT_FALSE(forbidden.contains(first)) << m.name << ": " << statement;
      EXPECT_FALSE(opening == "PRAGMA USER_VERSION") << m.name << ": " << statement;
    }
  }
}

TEST(MigrationUpgradeTest, DatabaseAtEveryEarlierVersionUpgradesWithItsData) {
  const int latest = Embedded().back().version;
  ASSERT_GE(latest, 1);
  for (int version = 0; version < latest; ++version) {
    SCOPED_TRACE("from schema version " + std::to_string(version));
    TempDir dir;
    const std::string path = dir.File("pw.db");
    BuildDatabaseAt(path, version);
    ASSERT_FALSE(HasFatalFailure());
    {
      Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(path, {});
      ASSERT_TRUE(db.ok());
      ASSERT_EQ(*SchemaVersion(**db), version);
    }
    ExpectCurrentStoreUpgrades(path, version);
  }
}

// SQL function pw_test_kill(): notes how big the WAL is, then SIGKILLs the process.
void KillFunction(sqlite3_context* ctx, int, sqlite3_value**) {
  const auto* wal_size_file = static_cast<const std::string*>(sqlite3_user_data(ctx));
  struct stat st {};
  const std::string wal = wal_size_file->substr(0, wal_size_file->size() - 4) + "-wal";
  const long long bytes = stat(wal.c_str(), &st) == 0 ? static_cast<long long>(st.st_size) : -1;
  if (FILE* f = fopen(wal_size_file->c_str(), "w")) {
    fprintf(f, "%lld", bytes);
    fclose(f);
  }
  raise(SIGKILL);
}

// In a child process: applies the embedded migrations to `path`, with pw_test_kill()
// inserted into migration `version` after its statement number `after` (1-based).
// Returns the child's wait status.
int RunMigrationKilledAt(const std::string& path, int version, size_t after) {
  const pid_t pid = fork();
  if (pid == 0) {
    Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(path, {});
    if (!db.ok()) _exit(2);
    // A tiny page cache makes SQLite spill the migration's uncommitted pages into the WAL.
    if (!(*db)->Exec("PRAGMA cache_size = 4").ok()) _exit(2);
    static const std::string wal_size_file = path + ".wal";  // "<db>.wal": see KillFunction
    if (sqlite3_create_function((*db)->raw(), "pw_test_kill", 0, SQLITE_UTF8,
                                const_cast<std::string*>(&wal_size_file), KillFunction, nullptr,
                                nullptr) != SQLITE_OK) {
      _exit(2);
    }
    std::vector<Migration> migrations = Embedded();
    Migration& target = migrations[static_cast<size_t>(version - 1)];
    std::vector<std::string> statements = SplitStatements(target.sql);
    std::string sql;
    for (size_t i = 0; i < statements.size(); ++i) {
      sql += statements[i];
      if (i + 1 == after) sql += "\nSELECT pw_test_kill();\n";
    }
    target.sql = sql;
    (void)ApplyMigrations(**db, migrations);
    _exit(3);  // not killed: the test fails on the wait status
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

TEST(MigrationUpgradeTest, MigrationKilledBetweenStatementsLeavesTheOldVersionIntact) {
  const std::vector<Migration> all = Embedded();
  bool uncommitted_pages_reached_the_wal = false;
  for (const Migration& m : all) {
    const size_t statements = SplitStatements(m.sql).size();
    ASSERT_GE(statements, 1u) << m.name;
    // Killed after its first statement, and after its last (before user_version and COMMIT).
    for (size_t after : {size_t{1}, statements}) {
      SCOPED_TRACE(m.name + " killed after statement " + std::to_string(after) + " of " +
                   std::to_string(statements));
      TempDir dir;
      const std::string path = dir.File("pw.db");
      const int old_version = m.version - 1;
      BuildDatabaseAt(path, old_version);
      ASSERT_FALSE(HasFatalFailure());

      const int status = RunMigrationKilledAt(path, m.version, after);
      ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "wait status " << status;
      const std::string wal_bytes = [&] {
        std::ifstream in(path + ".wal");
        std::string text;
        in >> text;
        return text;
      }();
      if (!wal_bytes.empty() && std::stoll(wal_bytes) > 0) uncommitted_pages_reached_the_wal = true;

      {
        Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(path, {});
        ASSERT_TRUE(db.ok()) << db.status().ToString();
        EXPECT_EQ(*SchemaVersion(**db), old_version);
        EXPECT_EQ(IntegrityCheck(**db), "ok");
        ExpectSeedData(**db, old_version);
      }
      ExpectCurrentStoreUpgrades(path, old_version);
    }
  }
  // Otherwise the kills only ever hit work still in memory, which proves less.
  EXPECT_TRUE(uncommitted_pages_reached_the_wal);
}

}  // namespace
}  // namespace postwatch
