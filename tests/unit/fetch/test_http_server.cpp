#include "test_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace postwatch::testing {
namespace {

constexpr int kPollSliceMs = 20;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

std::string TestRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return "";
}

std::string CannedResponse(int status,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           std::string_view body) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " Canned\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  if (status != 304) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "Connection: close\r\n\r\n";
  out.append(body);
  return out;
}

TestHttpServer::TestHttpServer(Handler handler) : handler_(std::move(handler)) {}

TestHttpServer::~TestHttpServer() {
  stop_ = true;
  if (accept_thread_.joinable()) accept_thread_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    threads.swap(connection_threads_);
  }
  for (std::thread& thread : threads) thread.join();
  if (listen_fd_ >= 0) close(listen_fd_);
}

bool TestHttpServer::Start() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) return false;
  if (listen(listen_fd_, 64) != 0) return false;
  socklen_t length = sizeof(address);
  if (getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) return false;
  port_ = ntohs(address.sin_port);
  accept_thread_ = std::thread([this] { AcceptLoop(); });
  return true;
}

std::string TestHttpServer::Url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

std::vector<TestRequest> TestHttpServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

bool TestHttpServer::WaitReadable(int fd, int timeout_ms) {
  pollfd entry{fd, POLLIN, 0};
  return poll(&entry, 1, timeout_ms) > 0;
}

void TestHttpServer::AcceptLoop() {
  while (!stop_) {
    if (!WaitReadable(listen_fd_, kPollSliceMs)) continue;
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++connections_;
    int open_now = ++open_;
    int seen = max_open_.load();
    while (open_now > seen && !max_open_.compare_exchange_weak(seen, open_now)) {
    }
    std::lock_guard<std::mutex> lock(mutex_);
    connection_threads_.emplace_back([this, fd] { Serve(fd); });
  }
}

bool TestHttpServer::ReadRequest(int fd, TestRequest* request) {
  std::string data;
  size_t end = std::string::npos;
  while (end == std::string::npos) {
    if (stop_) return false;
    if (!WaitReadable(fd, kPollSliceMs)) continue;
    char buffer[4096];
    ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) return false;
    data.append(buffer, static_cast<size_t>(n));
    end = data.find("\r\n\r\n");
  }
  std::string_view head(data.data(), end);
  size_t line_end = head.find("\r\n");
  std::string_view request_line = head.substr(0, line_end);
  size_t space1 = request_line.find(' ');
  size_t space2 = request_line.find(' ', space1 + 1);
  if (space1 == std::string_view::npos || space2 == std::string_view::npos) return false;
  request->method = std::string(request_line.substr(0, space1));
  request->target = std::string(request_line.substr(space1 + 1, space2 - space1 - 1));
  while (line_end != std::string_view::npos) {
    size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line = head.substr(
        start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    request->headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                                  std::string(Trim(line.substr(colon + 1))));
  }
  return true;
}

void TestHttpServer::WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty() && !stop_) {
    ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) return;  // the client went away, e.g. after hitting its body cap
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

void TestHttpServer::Serve(int fd) {
  TestRequest request;
  if (ReadRequest(fd, &request)) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(request);
    }
    TestReply reply = handler_(request);
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(reply.hold_ms);
    while (!stop_ && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // Counted as answered before the reply is written: the client can only start another
    // request after reading this reply, so a connection slot is never counted twice.
    --open_;
    WriteAll(fd, reply.bytes);
    // Until the client closes (recv returns 0), or the server stops.
    while (reply.stall && !stop_) {
      if (!WaitReadable(fd, kPollSliceMs)) continue;
      char buffer[256];
      if (recv(fd, buffer, sizeof(buffer), 0) <= 0) break;
    }
  } else {
    --open_;
  }
  close(fd);
}

}  // namespace postwatch::testing
