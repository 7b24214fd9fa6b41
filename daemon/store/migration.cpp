#include "store/migration.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "base/log.h"
#include "pw_migrations_embedded.h"
#include "store/transaction.h"

namespace postwatch {
namespace {

// "001_initial.sql" -> 1; nullopt when the name is not NNN_name.sql.
std::optional<int> VersionOf(std::string_view name) {
  constexpr std::string_view kSuffix = ".sql";
  if (name.size() < 3 + 1 + 1 + kSuffix.size() || !name.ends_with(kSuffix) || name[3] != '_') {
    return std::nullopt;
  }
  int version = 0;
  for (size_t i = 0; i < 3; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) return std::nullopt;
    version = version * 10 + (name[i] - '0');
  }
  std::string_view stem = name.substr(4, name.size() - 4 - kSuffix.size());
  for (char c : stem) {
    if (!std::islower(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)) && c != '_') {
      return std::nullopt;
    }
  }
  return version;
}

Status ApplyOne(SqliteDb& db, const Migration& migration) {
  Result<Transaction> tx = Transaction::Begin(db);
  if (!tx.ok()) return tx.status();
  // Re-read inside the write lock: another process may have migrated meanwhile.
  Result<int> current = SchemaVersion(db);
  if (!current.ok()) return current.status();
  if (*current >= migration.version) return Status::Ok();
  if (Status s = db.Exec(migration.sql); !s.ok()) return s;
  if (Status s = db.Exec("PRAGMA user_version = " + std::to_string(migration.version)); !s.ok()) {
    return s;
  }
  return tx->Commit();
}

}  // namespace

Result<std::vector<Migration>> ParseMigrations(
    const std::map<std::string, std::string_view>& files) {
  std::vector<Migration> migrations;
  for (const auto& [name, sql] : files) {
    std::optional<int> version = VersionOf(name);
    if (!version) {
      return Status::InvalidArgument("migration file '" + name +
                                     "' is not named NNN_name.sql (lowercase name)");
    }
    migrations.push_back(Migration{*version, name, std::string(sql)});
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i + 1)) {
      return Status::InvalidArgument("migration '" + migrations[i].name + "' should be number " +
                                     std::to_string(i + 1) +
                                     ": versions must run 1, 2, 3, ... without gaps or repeats");
    }
  }
  return migrations;
}

Result<std::vector<Migration>> EmbeddedMigrations() {
  return ParseMigrations(postwatch::migrations::Files());
}

Result<int> SchemaVersion(SqliteDb& db) {
  Result<int64_t> version = db.QueryInt("PRAGMA user_version");
  if (!version.ok()) return version.status();
  return static_cast<int>(*version);
}

Status ApplyMigrations(SqliteDb& db, std::span<const Migration> migrations) {
  Result<int> current = SchemaVersion(db);
  if (!current.ok()) return current.status().WithContext("read schema version");
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (*current > latest) {
    return Status::InvalidArgument(
        "database " + db.path() + " has schema version " + std::to_string(*current) +
        ", newer than the latest this postwatchd knows (" + std::to_string(latest) +
        "); run a newer postwatchd or restore a backup");
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= *current) continue;
    if (Status s = ApplyOne(db, migration); !s.ok()) {
      return s.WithContext("migration " + migration.name);
    }
    LogLine(LogLevel::kInfo, "store") << "applied migration " << migration.name;
  }
  return Status::Ok();
}

}  // namespace postwatch
