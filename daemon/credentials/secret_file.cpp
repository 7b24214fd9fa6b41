#include "credentials/secret_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace postwatch {
namespace {

constexpr size_t kMaxSecretBytes = 64 * 1024;

std::string_view Trim(std::string_view s) {
  const char* kSpace = " \t\r\n";
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(kSpace);
  return s.substr(begin, end - begin + 1);
}

}  // namespace

std::optional<std::string> SystemdCredentialPath(std::string_view name) {
  const char* dir = std::getenv("CREDENTIALS_DIRECTORY");
  if (dir == nullptr || *dir == '\0') return std::nullopt;
  return std::string(dir) + "/" + std::string(name);
}

Result<std::string> ReadSecretFile(const std::string& path, std::string_view what,
                                   bool must_be_private) {
  const std::string label = std::string(what) + " " + path;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return Status::NotFound(label + ": " + std::strerror(err));
    return Status::IoError(label + ": " + std::strerror(err));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return Status::IoError(label + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(label + " is not a regular file");
  if (must_be_private && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Status::PermissionDenied(label + " is accessible by group or others; chmod 0600 it");
  }
  if (static_cast<size_t>(st.st_size) > kMaxSecretBytes) {
    return Status::InvalidArgument(label + " is larger than 64 KiB");
  }
  std::string text(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < text.size()) {
    ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  text.resize(got);
  std::string secret(Trim(text));
  if (secret.empty()) return Status::InvalidArgument(label + " is empty");
  return secret;
}

}  // namespace postwatch
