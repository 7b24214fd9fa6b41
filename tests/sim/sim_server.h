// The simulator's HTTP/1.1 server: one io_context run by N threads, an async acceptor and
// one async session per connection (keep-alive; pipelined requests are answered in order).
// This is the only translation unit that includes Boost.Beast.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"
#include "sim_http.h"
#include "sim_stats.h"

namespace postwatch::sim {

struct SimServerOptions {
  std::string bind_address = "127.0.0.1";
  uint16_t port = 0;     // 0: an ephemeral port, see SimServer::port()
  unsigned threads = 1;  // I/O threads running the io_context; >= 1
};

class SimServer {
 public:
  explicit SimServer(SimServerOptions options);
  // Stops the server if it runs.
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Binds and listens (connections queue in the backlog until Start). Fails with
  // kInvalidArgument for a bad address and kIoError when the port cannot be bound.
  Status Listen();

  // The bound port. Preconditions: Listen() succeeded.
  uint16_t port() const;

  // Starts the I/O threads, which accept connections and answer each request with handler.
  // handler must be thread-safe and stay valid until Stop() returns. stats, if not null,
  // counts accepted connections and must outlive the server. Preconditions: Listen()
  // succeeded, Start not called before.
  Status Start(RequestHandler handler, SimStats* stats);

  // Stops the I/O threads, then closes the listener and every connection. Idempotent; the
  // server cannot be started again. Must not be called from an I/O thread (that is, from
  // inside the handler).
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace postwatch::sim
