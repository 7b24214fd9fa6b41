// Internal to the registry loader: what the JSON and CSV readers share.
#pragma once

#include <functional>
#include <vector>

#include "base/status.h"
#include "config/json_error.h"
#include "config/json_schema.h"
#include "model/account.h"
#include "registry/registry_file.h"

namespace postwatch {

// An account read from the file, with where it is, for the checks that follow.
struct RegistryRow {
  AccountSpec spec;
  size_t index = 0;         // position in the file's list of accounts
  JsonError site;           // the account's position; message empty (CSV)
  JsonError platform_site;  // its platform's position; message empty (CSV)
};

// Where row `index` (or its platform, when `platform`) is in the file, with an empty
// message; for readers that look positions up only when an error needs one (JSON).
using RowLocator = std::function<JsonError(size_t index, bool platform)>;

// The compiled schemas/accounts.schema.json, built once. Thread-safe.
const Result<JsonSchema>& AccountsSchema();

// Moves rows to load.accounts, except those on unsupported platforms and repeats of an
// earlier (platform, registered), which become errors.
// Positions come from `locate` when set, else from each row's site fields.
void AcceptRows(std::vector<RegistryRow> rows, RegistryLoad& load, const RowLocator& locate = {});

}  // namespace postwatch
