// Loading the accounts registry file (accounts.json or accounts.csv) into AccountSpecs.
//
// JSON: {"accounts": [{"member_ref", "display_name", "group", "platform", "registered",
// "interval_s"?, "ref"?: {...}}]}, checked against schemas/accounts.schema.json; comments
// and trailing commas are allowed. CSV: a header row naming the columns member_ref,
// display_name, group, platform, registered (required) and interval_s, ref (optional; ref
// holds a JSON object), in any order; RFC 4180 quoting; blank and '#' lines skipped.
//
// Beyond the schema, accounts on platforms with no public read interface are rejected
// with the reason, and an account (platform, registered) listed twice is an error naming
// both lines.
#pragma once

#include <string>
#include <vector>

#include "config/json_error.h"
#include "model/account.h"

namespace postwatch {

struct RegistryLoad {
  // The accounts without errors, in file order. Callers that need all-or-nothing (the
  // daemon on reload) check errors.empty().
  std::vector<AccountSpec> accounts;
  std::vector<JsonError> errors;  // every error, each with file:line:column
};

// Reads `path`: CSV when its name ends in ".csv" (any case), JSON otherwise. Thread-safe.
RegistryLoad LoadRegistryFile(const std::string& path);

// The same for text already read; `path` names the file in errors.
RegistryLoad LoadRegistryJson(std::string text, const std::string& path);
RegistryLoad LoadRegistryCsv(std::string_view text, const std::string& path);

}  // namespace postwatch
