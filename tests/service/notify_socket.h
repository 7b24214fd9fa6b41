// NotifySocket: stands in for systemd's notification socket. Binds an AF_UNIX datagram
// socket and collects what the daemon sends with sd_notify(), with arrival times.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace postwatch::testing {

struct NotifyMessage {
  std::chrono::steady_clock::time_point at;
  std::string text;  // "READY=1\nSTATUS=..."

  // True when one of the message's lines is exactly `line` ("WATCHDOG=1").
  bool Has(const std::string& line) const;
};

class NotifySocket {
 public:
  // Binds `path` (removed first if it exists). Check ok() afterwards.
  explicit NotifySocket(std::string path);
  ~NotifySocket();
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  bool ok() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }

  // The next datagram, waiting up to `timeout`; nullopt on timeout.
  std::optional<NotifyMessage> Receive(std::chrono::milliseconds timeout);
  // Receives until a message has line `line`; returns it, or nullopt after `timeout`.
  // Every message received on the way is appended to `seen` when given.
  std::optional<NotifyMessage> WaitFor(const std::string& line, std::chrono::milliseconds timeout,
                                       std::vector<NotifyMessage>* seen = nullptr);

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace postwatch::testing
