#include "hostile_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

namespace postwatch::sim {
namespace {

constexpr size_t kMaxRequestBytes = 64 * 1024;
constexpr int kRequestTimeoutMs = 10'000;
constexpr size_t kFillerPiece = 64 * 1024;

bool IsIpv6(const std::string& address) { return address.find(':') != std::string::npos; }

// Writes all of `bytes`; false when the peer went away.
bool SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool SendFiller(int fd, uint64_t count, bool chunked) {
  static const std::string kPiece(kFillerPiece, 'x');
  while (count > 0) {
    const size_t piece = static_cast<size_t>(std::min<uint64_t>(count, kFillerPiece));
    count -= piece;
    if (chunked) {
      char size_line[32];
      const int len = snprintf(size_line, sizeof(size_line), "%zx\r\n", piece);
      if (!SendAll(fd, std::string_view(size_line, static_cast<size_t>(len)))) return false;
    }
    if (!SendAll(fd, std::string_view(kPiece.data(), piece))) return false;
    if (chunked && !SendAll(fd, "\r\n")) return false;
  }
  return true;
}

// Reads the request head; returns the request target, or "" on timeout, EOF or garbage.
std::string ReadTarget(int fd, std::string* method) {
  std::string head;
  char buffer[4096];
  while (head.find("\r\n\r\n") == std::string::npos) {
    if (head.size() > kMaxRequestBytes) return "";
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, kRequestTimeoutMs) <= 0) return "";
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) return "";
    head.append(buffer, static_cast<size_t>(n));
  }
  const size_t first_space = head.find(' ');
  const size_t second_space = head.find(' ', first_space + 1);
  if (first_space == std::string::npos || second_space == std::string::npos) return "";
  *method = head.substr(0, first_space);
  std::string target = head.substr(first_space + 1, second_space - first_space - 1);
  // Absolute-form (a client speaking to a proxy): keep the path.
  if (!target.starts_with('/')) {
    const size_t scheme_end = target.find("://");
    const size_t path = scheme_end == std::string::npos ? 0 : target.find('/', scheme_end + 3);
    target = path == std::string::npos ? "/" : target.substr(path);
  }
  return target;
}

}  // namespace

HostileServer::HostileServer(std::vector<std::string> addresses) {
  for (std::string& address : addresses) {
    auto listener = std::make_unique<Listener>();
    listener->address = std::move(address);
    listeners_.push_back(std::move(listener));
  }
}

HostileServer::~HostileServer() { Stop(); }

Status HostileServer::Start() {
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) return Status::IoError(std::string("eventfd: ") + strerror(errno));
  for (auto& listener : listeners_) {
    const bool v6 = IsIpv6(listener->address);
    listener->fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener->fd < 0) return Status::IoError(std::string("socket: ") + strerror(errno));
    const int one = 1;
    setsockopt(listener->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (v6) {
      auto* a = reinterpret_cast<sockaddr_in6*>(&storage);
      a->sin6_family = AF_INET6;
      if (inet_pton(AF_INET6, listener->address.c_str(), &a->sin6_addr) != 1) {
        return Status::InvalidArgument("bad address " + listener->address);
      }
      setsockopt(listener->fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
      length = sizeof(sockaddr_in6);
    } else {
      auto* a = reinterpret_cast<sockaddr_in*>(&storage);
      a->sin_family = AF_INET;
      if (inet_pton(AF_INET, listener->address.c_str(), &a->sin_addr) != 1) {
        return Status::InvalidArgument("bad address " + listener->address);
      }
      length = sizeof(sockaddr_in);
    }
    auto* address = reinterpret_cast<sockaddr*>(&storage);
    if (bind(listener->fd, address, length) != 0 || listen(listener->fd, 64) != 0 ||
        getsockname(listener->fd, address, &length) != 0) {
      return Status::IoError("cannot listen on " + listener->address + ": " + strerror(errno));
    }
    listener->port = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port
                              : reinterpret_cast<sockaddr_in*>(&storage)->sin_port);
  }
  for (auto& listener : listeners_) {
    listener->thread = std::thread([this, l = listener.get()] { AcceptLoop(l); });
  }
  return Status::Ok();
}

void HostileServer::Stop() {
  if (stopping_.exchange(true)) return;
  if (wake_fd_ >= 0) {
    const uint64_t one = 1;
    (void)!write(wake_fd_, &one, sizeof(one));
  }
  for (auto& listener : listeners_) {
    if (listener->thread.joinable()) listener->thread.join();
    if (listener->fd >= 0) close(listener->fd);
    listener->fd = -1;
  }
  std::vector<std::unique_ptr<Connection>> connections;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& connection : connections_) {
      if (connection->fd >= 0) shutdown(connection->fd, SHUT_RDWR);
    }
    connections.swap(connections_);
  }
  stop_cv_.notify_all();
  for (auto& connection : connections) {
    if (connection->thread.joinable()) connection->thread.join();
  }
  if (wake_fd_ >= 0) close(wake_fd_);
  wake_fd_ = -1;
}

uint16_t HostileServer::port(size_t i) const { return listeners_.at(i)->port; }

std::string HostileServer::HostPort(size_t i) const {
  const std::string& address = listeners_.at(i)->address;
  return (IsIpv6(address) ? "[" + address + "]" : address) + ":" + std::to_string(port(i));
}

std::string HostileServer::Url(std::string_view target, size_t i) const {
  return "http://" + HostPort(i) + std::string(target);
}

uint64_t HostileServer::connections(size_t i) const { return listeners_.at(i)->connections; }

uint64_t HostileServer::total_connections() const {
  uint64_t total = 0;
  for (const auto& listener : listeners_) total += listener->connections;
  return total;
}

void HostileServer::AcceptLoop(Listener* listener) {
  while (!stopping_) {
    pollfd fds[2] = {{listener->fd, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0 || stopping_) return;
    const int fd = accept4(listener->fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++listener->connections;
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) {
      close(fd);
      return;
    }
    auto connection = std::make_unique<Connection>();
    connection->fd = fd;
    Connection* raw = connection.get();
    connections_.push_back(std::move(connection));
    raw->thread = std::thread([this, fd, raw] {
      Serve(fd);
      std::lock_guard<std::mutex> done(mutex_);
      raw->fd = -1;
      close(fd);
    });
  }
}

void HostileServer::Serve(int fd) {
  std::string method;
  const std::string target = ReadTarget(fd, &method);
  if (target.empty()) return;
  const std::vector<WireStep> steps = ToWire(routes_.Route(method, target));
  for (const WireStep& step : steps) {
    if (step.delay_ms > 0 && !Sleep(step.delay_ms)) return;
    if (!SendAll(fd, step.bytes)) return;
    if (step.filler > 0 && !SendFiller(fd, step.filler, step.chunk_filler)) return;
  }
  shutdown(fd, SHUT_WR);
  // Let the client read everything before the socket closes (a close with unread input
  // would reset the connection).
  char sink[4096];
  pollfd p{fd, POLLIN, 0};
  while (!stopping_ && poll(&p, 1, 1000) > 0 && recv(fd, sink, sizeof(sink), 0) > 0) {
  }
}

bool HostileServer::Sleep(int ms) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !stop_cv_.wait_for(lock, std::chrono::milliseconds(ms),
                            [this] { return stopping_.load(); });
}

}  // namespace postwatch::sim
