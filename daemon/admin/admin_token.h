// The admin API's bearer token: where it is read from, and how a request's token is
// checked.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace postwatch {

// Reads the token from `token_file`, or, when that is empty, from
// $CREDENTIALS_DIRECTORY/admin-token (systemd LoadCredential=). Surrounding whitespace is
// trimmed. Fails with kNotFound when no file is configured or present, kPermissionDenied
// when the file is readable by group or others, and kInvalidArgument when the token is
// shorter than 16 characters. Thread-safe.
Result<std::string> LoadAdminToken(const std::string& token_file);

// True when `given` equals `expected`. Takes the same time for every `given` of a given
// length whatever its content, so response times do not reveal a prefix of the token.
bool TokensEqual(std::string_view given, std::string_view expected);

// The token from an "Authorization: Bearer <token>" header value; "" when the value is
// not a bearer credential.
std::string BearerToken(std::string_view authorization);

// A short, stable name for a token in the audit log ("token:1a2b3c4d"), from a hash of
// it; it does not reveal the token.
std::string TokenFingerprint(std::string_view token);

}  // namespace postwatch
