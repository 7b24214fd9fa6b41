#include "store/migration.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite_db.h"
#include "store_test_util.h"

namespace postwatch {
namespace {

class MigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(dir_.File("pw.db"), {});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
  }

  int Version() {
    Result<int> v = SchemaVersion(*db_);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : -1;
  }

  bool TableExists(const std::string& name) {
    Result<Statement> stmt =
        db_->Prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
    EXPECT_TRUE(stmt.ok());
    stmt->Bind(1, name);
    Result<bool> row = stmt->Step();
    return row.ok() && *row && stmt->ColumnInt(0) == 1;
  }

  TempDir dir_;
  std::unique_ptr<SqliteDb> db_;
};

std::vector<Migration> Migrations(std::vector<std::string> sqls) {
  std::vector<Migration> list;
  for (size_t i = 0; i < sqls.size(); ++i) {
    const int version = static_cast<int>(i + 1);
    list.push_back(Migration{version, "00" + std::to_string(version) + "_test.sql", sqls[i]});
  }
  return list;
}

TEST(ParseMigrationsTest, AcceptsOnlyNumberedContiguousFiles) {
  struct Case {
    std::map<std::string, std::string_view> files;
    bool ok;
  };
  const std::vector<Case> cases = {
      {{{"001_initial.sql", "x"}}, true},
      {{{"002_more.sql", "x"}, {"001_initial.sql", "x"}}, true},
      {{}, true},
      {{{"1_initial.sql", "x"}}, false},
      {{{"001-initial.sql", "x"}}, false},
      {{{"001_Initial.sql", "x"}}, false},
      {{{"001_initial.txt", "x"}}, false},
      {{{"002_more.sql", "x"}}, false},                   // does not start at 1
      {{{"001_a.sql", "x"}, {"003_c.sql", "x"}}, false},  // gap
      {{{"001_a.sql", "x"}, {"001_b.sql", "x"}}, false},  // repeat
  };
  for (const Case& c : cases) {
    Result<std::vector<Migration>> parsed = ParseMigrations(c.files);
    std::string names;
    for (const auto& [name, sql] : c.files) names += name + " ";
    EXPECT_EQ(parsed.ok(), c.ok) << names << parsed.status().ToString();
  }
}

TEST(ParseMigrationsTest, SortsByVersion) {
  Result<std::vector<Migration>> parsed =
      ParseMigrations({{"002_more.sql", "B"}, {"001_initial.sql", "A"}});
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].name, "001_initial.sql");
  EXPECT_EQ((*parsed)[1].version, 2);
  EXPECT_EQ((*parsed)[1].sql, "B");
}

TEST_F(MigrationTest, EmbeddedMigrationsCreateEveryTableFromAnEmptyDatabase) {
  Result<std::vector<Migration>> embedded = EmbeddedMigrations();
  ASSERT_TRUE(embedded.ok()) << embedded.status().ToString();
  ASSERT_FALSE(embedded->empty());
  EXPECT_EQ(embedded->front().name, "001_initial.sql");
  EXPECT_EQ(Version(), 0);

  ASSERT_TRUE(ApplyMigrations(*db_, *embedded).ok());

  EXPECT_EQ(Version(), embedded->back().version);
  for (const char* table : {"accounts", "posts", "links", "flag_hits", "poll_history"}) {
    EXPECT_TRUE(TableExists(table)) << table;
  }
}

TEST_F(MigrationTest, ApplyingAgainKeepsDataAndVersion) {
  Result<std::vector<Migration>> embedded = EmbeddedMigrations();
  ASSERT_TRUE(embedded.ok());
  ASSERT_TRUE(ApplyMigrations(*db_, *embedded).ok());
  ASSERT_TRUE(db_->Exec("INSERT INTO accounts (platform, registered) VALUES ('web', 'x')").ok());

  Status again = ApplyMigrations(*db_, *embedded);

  EXPECT_TRUE(again.ok()) << again.ToString();
  EXPECT_EQ(Version(), embedded->back().version);
  EXPECT_EQ(*db_->QueryInt("SELECT count(*) FROM accounts"), 1);
}

TEST_F(MigrationTest, OnlyPendingMigrationsRun) {
  ASSERT_TRUE(ApplyMigrations(*db_, Migrations({"CREATE TABLE a (x)"})).ok());
  ASSERT_EQ(Version(), 1);

  // Migration 1 would fail if it ran again (the table exists).
  Status s = ApplyMigrations(*db_, Migrations({"CREATE TABLE a (x)", "CREATE TABLE b (y)"}));

  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Version(), 2);
  EXPECT_TRUE(TableExists("b"));
}

TEST_F(MigrationTest, DatabaseFromANewerVersionIsRefusedAndLeftAlone) {
  ASSERT_TRUE(db_->Exec("PRAGMA user_version = 99").ok());

  Status s = ApplyMigrations(*db_, Migrations({"CREATE TABLE a (x)"}));

  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("schema version 99, newer than the latest"), std::string::npos)
      << s.ToString();
  EXPECT_EQ(Version(), 99);
  EXPECT_FALSE(TableExists("a"));
}

TEST_F(MigrationTest, FailingMigrationRollsBackToThePreviousVersion) {
  ASSERT_TRUE(ApplyMigrations(*db_, Migrations({"CREATE TABLE a (x)"})).ok());

  Status s = ApplyMigrations(
      *db_, Migrations({"CREATE TABLE a (x)",
                        "CREATE TABLE b (y); INSERT INTO no_such_table VALUES (1);"}));

  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("002_test.sql"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("no_such_table"), std::string::npos) << s.ToString();
  EXPECT_EQ(Version(), 1);
  EXPECT_FALSE(TableExists("b"));  // the statement before the failure was rolled back too
  EXPECT_TRUE(db_->InAutocommit());
}

}  // namespace
}  // namespace postwatch
