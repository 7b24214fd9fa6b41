// Internal to the registry loader: what the JSON and CSV readers share.
#pragma once

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
  JsonError site;           // the account's position; message empty
  JsonError platform_site;  // its platform's position; message empty
};

// The compiled schemas/accounts.schema.json, built once. Thread-safe.
const Result<JsonSchema>& AccountsSchema();

// Moves rows to load.accounts, except those on unsupported platforms and repeats of an
// earlier (platform, registered), which become errors.
void AcceptRows(std::vector<RegistryRow> rows, RegistryLoad& load);

}  // namespace postwatch
