// Loading postwatch.json: parse (comments and trailing commas allowed), validate against
// the embedded schemas/config.schema.json, apply defaults, check what a schema cannot
// (port ranges, backoff_base_s <= backoff_max_s, plugin names), resolve relative paths.
//
// The daemon (at start and on reload) and `postwatchctl check-config` call the same
// function, so they accept and reject exactly the same files.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "config/config.h"
#include "config/json_error.h"

namespace postwatch {

struct ConfigLoad {
  std::optional<Config> config;   // set exactly when errors is empty
  std::vector<JsonError> errors;  // all of them, in file order, each with file:line:col
};

// Loads the config file at `path`. Thread-safe.
ConfigLoad LoadConfig(const std::string& path);

// As LoadConfig, for text already read: `path` names the file in errors and anchors
// relative paths.
ConfigLoad LoadConfigFromText(std::string text, const std::string& path);

// LoadConfig for callers that want a Status: on failure InvalidArgument (IoError when the
// file cannot be read) whose message lists every error, one per line.
Result<Config> LoadConfigFile(const std::string& path);

}  // namespace postwatch
