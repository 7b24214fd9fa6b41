#include "admin/admin_token.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

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
  std::string path = token_file;
  if (path.empty()) {
    const char* dir = std::getenv("CREDENTIALS_DIRECTORY");
    if (dir == nullptr || *dir == '\0') {
      return Status::NotFound(
          "no admin token: set admin.token_file, or run under systemd with "
          "LoadCredential=admin-token:FILE");
    }
    path = std::string(dir) + "/admin-token";
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::NotFound("admin token " + path + ": " + std::strerror(errno));
  }
  // systemd's credentials directory is private to the service; anywhere else the file
  // must not be readable by others.
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0 && token_file.size() > 0) {
    return Status::PermissionDenied("admin token " + path +
                                    " is accessible by group or others; chmod 0600 it");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read admin token " + path);
  std::ostringstream text;
  text << in.rdbuf();
  std::string token(Trim(text.str()));
  if (token.size() < kMinTokenLength) {
    return Status::InvalidArgument("admin token in " + path + " is shorter than " +
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
