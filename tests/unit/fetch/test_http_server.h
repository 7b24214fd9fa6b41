// TestHttpServer: a small HTTP/1.1 server on 127.0.0.1 for fetch tests. One thread per
// connection, one request per connection ("Connection: close"), canned replies from a
// handler. It counts connections so tests can see what reached it.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace postwatch::testing {

struct TestRequest {
  std::string method;
  std::string target;  // "/path?query"
  std::vector<std::pair<std::string, std::string>> headers;

  // First header named `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

struct TestReply {
  std::string bytes;   // written to the socket as is
  int hold_ms = 0;     // wait this long before writing, keeping the connection open
  bool stall = false;  // after writing, keep the connection open until the client closes
};

// "HTTP/1.1 <status> X\r\n" + headers + Content-Length + "Connection: close" + body.
std::string CannedResponse(int status,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           std::string_view body);

class TestHttpServer {
 public:
  using Handler = std::function<TestReply(const TestRequest&)>;

  explicit TestHttpServer(Handler handler);
  // Stops accepting, closes connections and joins all threads.
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  // Binds 127.0.0.1 on a free port and starts accepting. False on failure.
  bool Start();

  int port() const { return port_; }
  // "http://127.0.0.1:<port><path>".
  std::string Url(std::string_view path) const;

  int connections() const { return connections_.load(); }
  // Requests accepted and not yet answered: now, and the most there ever were at once.
  int open_requests() const { return open_.load(); }
  int max_simultaneous() const { return max_open_.load(); }
  std::vector<TestRequest> requests() const;

 private:
  void AcceptLoop();
  void Serve(int fd);
  bool ReadRequest(int fd, TestRequest* request);
  void WriteAll(int fd, std::string_view bytes);
  bool WaitReadable(int fd, int timeout_ms);

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> open_{0};
  std::atomic<int> max_open_{0};
  std::thread accept_thread_;
  mutable std::mutex mutex_;
  std::vector<std::thread> connection_threads_;  // guarded by mutex_
  std::vector<TestRequest> requests_;            // guarded by mutex_
};

}  // namespace postwatch::testing
