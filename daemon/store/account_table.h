// The accounts table: registry sync, single-account admin operations, and loading.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/account.h"
#include "store/sqlite_db.h"

namespace postwatch {

// What SyncAccounts changed.
struct SyncReport {
  int added = 0;
  int changed = 0;  // existing (platform, registered) whose other fields were updated
  int removed = 0;
  int unchanged = 0;
  std::vector<int64_t> removed_ids;  // ids of deleted accounts, ascending
};

// "active" -> kActive, ...; nullopt for an unknown name.
std::optional<AccountStatus> ParseAccountStatus(std::string_view name);

// The functions below each run in their own BEGIN IMMEDIATE transaction on `db` (except
// the Select* readers) and are not thread-safe: the caller serialises use of `db`.

// Makes the table match `specs`: inserts new (platform, registered) pairs, updates the
// descriptive fields (member_ref, display_name, group, ref_json, interval_s) of existing
// ones, and deletes accounts not listed, which cascades to their posts, links, flag hits
// and poll history. Polling state of kept accounts is untouched. All or nothing; fails
// with kInvalidArgument (and changes nothing) when a spec lacks platform or registered, or
// two specs share (platform, registered).
Result<SyncReport> SyncAccountTable(SqliteDb& db, const std::vector<AccountSpec>& specs,
                                    int64_t now_ms);

// Inserts one account and returns its id; kInvalidArgument when (platform, registered)
// is already registered or either is empty.
Result<int64_t> InsertAccount(SqliteDb& db, const AccountSpec& spec, int64_t now_ms);

// Deletes one account and everything recorded for it; kNotFound when there is no such id.
Status DeleteAccount(SqliteDb& db, int64_t id);

// Sets the status column (pause: kPaused, resume: kActive); kNotFound for an unknown id.
// A paused account stays paused until this is called again: poll commits do not change it.
Status UpdateAccountStatus(SqliteDb& db, int64_t id, AccountStatus status);

// Every account with its polling state, ordered by id.
Result<std::vector<Account>> SelectAccounts(SqliteDb& db);

// One account; kNotFound when there is no such id.
Result<Account> SelectAccount(SqliteDb& db, int64_t id);

}  // namespace postwatch
