// Schema migrations: numbered SQL files applied in order, tracked by PRAGMA user_version.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/sqlite_db.h"

namespace postwatch {

struct Migration {
  int version = 0;   // NNN of NNN_name.sql; the user_version after it is applied
  std::string name;  // the file name, for messages
  std::string sql;
};

// Turns files named "NNN_name.sql" into migrations sorted by version. Fails with
// kInvalidArgument when a name does not match, a version repeats, or versions do not run
// 1, 2, 3, ... without gaps.
Result<std::vector<Migration>> ParseMigrations(
    const std::map<std::string, std::string_view>& files);

// The migrations compiled into this binary (schemas/sql/*.sql).
Result<std::vector<Migration>> EmbeddedMigrations();

// Reads PRAGMA user_version.
Result<int> SchemaVersion(SqliteDb& db);

// Brings `db` up to the last of `migrations` (sorted, contiguous from 1). Each pending
// migration runs in its own BEGIN IMMEDIATE transaction together with
// PRAGMA user_version = N, so a failing migration leaves the previous version intact and
// the error names the file. A database whose version is newer than the last migration is
// refused with kInvalidArgument and left untouched. Applying to an up-to-date database
// does nothing. Not thread-safe (uses `db`).
Status ApplyMigrations(SqliteDb& db, std::span<const Migration> migrations);

}  // namespace postwatch
