// Reading secrets (tokens, API keys, OAuth app credentials) from files.
//
// Secrets never go in the config: the config names a file, or systemd hands the service
// its credentials in $CREDENTIALS_DIRECTORY (LoadCredential=NAME:FILE). A file outside
// that directory must be private to its owner.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace postwatch {

// The path of credential `name` in $CREDENTIALS_DIRECTORY; nullopt when the variable is
// unset or empty.
std::optional<std::string> SystemdCredentialPath(std::string_view name);

// Reads the secret in `path` with surrounding whitespace trimmed. `what` names the secret
// in errors ("admin token", "plugin facebook's app credential"); the secret itself never
// appears in them. When `must_be_private`, a file accessible by group or others is refused
// (kPermissionDenied). Fails with kNotFound for a missing file, kIoError for an unreadable
// one, kInvalidArgument for an empty one or one over 64 KiB. Thread-safe.
Result<std::string> ReadSecretFile(const std::string& path, std::string_view what,
                                   bool must_be_private);

}  // namespace postwatch
