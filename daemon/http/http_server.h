// HttpServer: a small Boost.Beast HTTP/1.1 server on its own thread, used for the metrics
// listener (/metrics, /healthz, /readyz) and the admin API.
//
// Requests are answered by a handler function, called on the server thread; it must not
// block for long. Request bodies are capped, idle connections time out. Beast and Asio are
// kept out of this header so that only http_server.cpp pays their compile cost.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace postwatch {

struct HttpRequest {
  std::string method;
  std::string target;  // path and query, as sent
  std::string path;    // target without the query
  std::map<std::string, std::string> query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string peer;  // "127.0.0.1:43210" or "unix"

  // Case-insensitive header lookup; empty when absent.
  std::string Header(const std::string& name) const;
};

struct HttpReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 0;  // 0: an ephemeral port, see HttpServer::port()
  size_t max_body_bytes = 1 << 20;
  int idle_timeout_s = 30;
  bool gzip = true;  // compress replies when the client accepts gzip
};

class HttpServer {
 public:
  using Handler = std::function<HttpReply(const HttpRequest&)>;

  HttpServer(HttpServerOptions options, Handler handler);
  ~HttpServer();  // Stops.
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the server thread. Fails with the address and the OS error.
  Status Start();
  // Stops accepting, closes connections and joins the thread. Safe to call twice.
  void Stop();
  // The bound port, valid after Start().
  unsigned short port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace postwatch
