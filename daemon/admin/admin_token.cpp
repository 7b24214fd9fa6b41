#include "admin/admin_token.h"

#include <cstdint>
#include <cstdio>
#include <optional>

#include "credentials/secret_file.h"

namespace postwatch {

namespace {

constexpr size_t kMinTokenLength = 16;

std::string_view Trim(std::string_view s) {
  const char* kSpace = " \t\r\n";
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(kSpace);
  return s.substr(begin, end - begin + 1);
}

}  // namespace

Result<std::string> LoadAdminToken(const std::string& token_file) {
  std::optional<std::string> path =
      token_file.empty() ? SystemdCredentialPath("admin-token") : std::optional(token_file);
  if (!path) {
    return Status::NotFound(
        "no admin token: set admin.token_file, or run under systemd with "
        "LoadCredential=admin-token:FILE");
  }
  // systemd's credentials directory is private to the service; anywhere else the file
  // must not be readable by others.
  Result<std::string> token = ReadSecretFile(*path, "admin token", !token_file.empty());
  if (!token.ok()) return token.status();
  if (token->size() < kMinTokenLength) {
    return Status::InvalidArgument("admin token in " + *path + " is shorter than " +
                                   std::to_string(kMinTokenLength) + " characters");
  }
  return token;
}

bool TokensEqual(std::string_view given, std::string_view expected) {
  // Every byte of `given` is compared, against `expected` repeated; a length mismatch is
  // folded into the result instead of returning early.
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  if (expected.empty()) return false;
  for (size_t i = 0; i < given.size(); ++i) {
    diff |= static_cast<unsigned char>(given[i] ^ expected[i % expected.size()]);
  }
  return diff == 0;
}

std::string BearerToken(std::string_view authorization) {
  authorization = Trim(authorization);
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return {};
  for (size_t i = 0; i < kScheme.size(); ++i) {
    char c = authorization[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kScheme[i]) return {};
  }
  return std::string(Trim(authorization.substr(kScheme.size())));
}

std::string TokenFingerprint(std::string_view token) {
  uint64_t hash = 14695981039346656037ull;
  for (char c : token) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "token:%08x", static_cast<unsigned>(hash >> 32));
  return buf;
}

}  // namespace postwatch
