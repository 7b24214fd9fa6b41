#include "notify_socket.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <sstream>

namespace postwatch::testing {

bool NotifyMessage::Has(const std::string& line) const {
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) {
    if (l == line) return true;
  }
  return false;
}

NotifySocket::NotifySocket(std::string path) : path_(std::move(path)) {
  sockaddr_un addr{};
  if (path_.size() >= sizeof(addr.sun_path)) return;
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);
  ::unlink(path_.c_str());
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return;
  }
  fd_ = fd;
}

NotifySocket::~NotifySocket() {
  if (fd_ >= 0) ::close(fd_);
  ::unlink(path_.c_str());
}

std::optional<NotifyMessage> NotifySocket::Receive(std::chrono::milliseconds timeout) {
  if (fd_ < 0) return std::nullopt;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
  char buf[4096];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n < 0) return std::nullopt;
  return NotifyMessage{std::chrono::steady_clock::now(), std::string(buf, static_cast<size_t>(n))};
}

std::optional<NotifyMessage> NotifySocket::WaitFor(const std::string& line,
                                                   std::chrono::milliseconds timeout,
                                                   std::vector<NotifyMessage>* seen) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    std::optional<NotifyMessage> m = Receive(left);
    if (!m) return std::nullopt;
    if (seen) seen->push_back(*m);
    if (m->Has(line)) return m;
  }
}

}  // namespace postwatch::testing
