// HostileServer: the hostile routes (hostile_routes.h) over raw POSIX sockets, for tests.
//
// Beast always writes well-formed messages, so slow and malformed answers need their own
// server: one accept thread per listening address, one thread per connection, one request
// per connection. It writes each route's wire script exactly, sleeping between steps
// without holding anything up (every connection has its own thread). It counts accepted
// connections per listening address, so SSRF tests can prove nothing reached it.
//
//   HostileServer server({"127.0.0.1", "127.0.0.2"});
//   ASSERT_TRUE(server.Start().ok());
//   fetch(server.Url("/hostile/huge?mode=chunked"));
//   EXPECT_EQ(server.connections(1), 0u);
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/status.h"
#include "hostile_routes.h"

namespace postwatch::sim {

class HostileServer {
 public:
  // Listens on port 0 of each address: IPv4 literals ("127.0.0.2" works: all of 127/8 is
  // local) or IPv6 literals without brackets ("::1").
  explicit HostileServer(std::vector<std::string> addresses = {"127.0.0.1"});
  // Stops the server (see Stop).
  ~HostileServer();
  HostileServer(const HostileServer&) = delete;
  HostileServer& operator=(const HostileServer&) = delete;

  // Binds every address and starts accepting. IoError when an address cannot be bound.
  // Call once.
  Status Start();

  // Closes the listeners and every connection, wakes sleeping scripts and joins all
  // threads. Idempotent. Not from a connection thread.
  void Stop();

  // Port of listener `i` (the order of the constructor's addresses). Preconditions: Start()
  // succeeded, i < number of addresses.
  uint16_t port(size_t i = 0) const;
  // "http://127.0.0.1:PORT<target>" or "http://[::1]:PORT<target>" for listener i.
  std::string Url(std::string_view target, size_t i = 0) const;
  // "127.0.0.1:PORT" / "[::1]:PORT", the form FetchOptions::allow takes.
  std::string HostPort(size_t i = 0) const;

  // Connections accepted on listener i, and on all of them. Thread-safe.
  uint64_t connections(size_t i) const;
  uint64_t total_connections() const;

  // Requests received for a path (no query). Thread-safe.
  uint64_t Requests(std::string_view path) const { return routes_.Requests(path); }

 private:
  struct Listener {
    std::string address;
    int fd = -1;
    uint16_t port = 0;
    std::atomic<uint64_t> connections{0};
    std::thread thread;
  };
  struct Connection {
    int fd = -1;
    std::thread thread;
  };

  void AcceptLoop(Listener* listener);
  void Serve(int fd);
  // Sleeps `ms` or until Stop(); false when stopping.
  bool Sleep(int ms);

  std::vector<std::unique_ptr<Listener>> listeners_;
  HostileRoutes routes_;
  int wake_fd_ = -1;  // an eventfd that wakes the accept loops on Stop
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable stop_cv_;
  std::vector<std::unique_ptr<Connection>> connections_;  // guarded by mutex_
};

}  // namespace postwatch::sim
