// PluginOverrides: plugins enabled or disabled through the admin API, persisted in the
// state directory (plugin-overrides.json) and applied over the config at every start and
// reload, so a runtime choice survives restarts.
//
// File format: {"web": {"enabled": false}, ...}. Written atomically (temporary file,
// fsync, rename) with mode 0600.
#pragma once

#include <map>
#include <string>

#include "base/status.h"

namespace postwatch {

inline constexpr char kPluginOverridesFile[] = "plugin-overrides.json";

// Reads the overrides; an absent file is no overrides. Fails with kInvalidArgument when
// the file is not the expected JSON (then the caller keeps the config's settings).
Result<std::map<std::string, bool>> LoadPluginOverrides(const std::string& path);

// Replaces the file with `overrides`. kIoError when it cannot be written; the old file
// then stays as it was.
Status SavePluginOverrides(const std::string& path, const std::map<std::string, bool>& overrides);

}  // namespace postwatch
