#include "sim_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "base/log.h"

namespace postwatch::sim {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kIdleTimeout = std::chrono::seconds(30);
constexpr auto kWriteTimeout = std::chrono::seconds(30);
constexpr uint64_t kBodyLimit = 64 * 1024;
constexpr uint32_t kHeaderLimit = 16 * 1024;

// One connection: read a request, answer it, and repeat while the client keeps the
// connection alive. Requests are handled strictly one after another, so pipelined requests
// (already in buffer_) are answered in order.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, const RequestHandler& handler)
      : stream_(std::move(socket)), handler_(handler) {}

  void Run() {
    // Start on the session's strand: the socket was created with one.
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::DoRead, shared_from_this()));
  }

 private:
  void DoRead() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    parser_->header_limit(kHeaderLimit);
    stream_.expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec == http::error::end_of_stream) return DoClose();
    if (ec == beast::error::timeout || ec == asio::error::operation_aborted) return;
    if (ec) {
      if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
        // A malformed or oversized request: answer 400 and close.
        http::response<http::string_body> response{http::status::bad_request, 11};
        response.set(http::field::content_type, "text/plain");
        response.set(http::field::server, "postwatch-sim");
        response.body() = "bad request: " + ec.message() + "\n";
        response.keep_alive(false);
        response.prepare_payload();
        return Send(std::move(response));
      }
      return;  // reset by peer and friends: nothing to answer
    }
    Answer(parser_->get());
  }

  void Answer(const http::request<http::string_body>& request) {
    const auto if_none_match = request[http::field::if_none_match];
    const auto if_modified_since = request[http::field::if_modified_since];
    const auto method = request.method_string();
    const auto target = request.target();
    SimRequest sim_request;
    sim_request.method = std::string_view(method.data(), method.size());
    sim_request.target = std::string_view(target.data(), target.size());
    sim_request.if_none_match = std::string_view(if_none_match.data(), if_none_match.size());
    sim_request.if_modified_since =
        std::string_view(if_modified_since.data(), if_modified_since.size());
    const auto authorization = request[http::field::authorization];
    sim_request.authorization = std::string_view(authorization.data(), authorization.size());
    const auto content_type = request[http::field::content_type];
    sim_request.content_type = std::string_view(content_type.data(), content_type.size());
    sim_request.body = std::string_view(request.body().data(), request.body().size());
    for (const auto& field : request) {
      const auto name = field.name_string();
      const auto value = field.value();
      sim_request.headers.emplace_back(std::string_view(name.data(), name.size()),
                                       std::string_view(value.data(), value.size()));
    }

    SimResponse sim_response;
    try {
      sim_response = handler_(sim_request);
    } catch (const std::exception& e) {
      LogLine(LogLevel::kError, "sim")
          << "handler failed for " << sim_request.target << ": " << e.what();
      sim_response = TextResponse(500, "text/plain", "internal error\n");
    }

    const bool keep_alive = request.keep_alive();
    const unsigned version = request.version();
    const bool head = request.method() == http::verb::head;
    const bool no_body = head || sim_response.status == 304 || sim_response.status == 204;
    if (no_body) {
      http::response<http::empty_body> response{static_cast<http::status>(sim_response.status),
                                                version};
      SetHeaders(response, sim_response, keep_alive);
      if (head) response.content_length(sim_response.body.size());
      return Send(std::move(response));
    }
    http::response<http::string_body> response{static_cast<http::status>(sim_response.status),
                                               version};
    SetHeaders(response, sim_response, keep_alive);
    response.body() = std::move(sim_response.body);
    response.prepare_payload();
    Send(std::move(response));
  }

  template <class Response>
  static void SetHeaders(Response& response, const SimResponse& sim_response, bool keep_alive) {
    if (!sim_response.content_type.empty()) {
      response.set(http::field::content_type, sim_response.content_type);
    }
    for (const auto& [name, value] : sim_response.headers) response.set(name, value);
    response.keep_alive(keep_alive);
  }

  template <class Body>
  void Send(http::response<Body>&& response) {
    auto owned = std::make_shared<http::response<Body>>(std::move(response));
    const bool close = owned->need_eof();
    stream_.expires_after(kWriteTimeout);
    http::async_write(
        stream_, *owned,
        [self = shared_from_this(), owned, close](beast::error_code ec, std::size_t bytes) {
          self->OnWrite(close, ec, bytes);
        });
  }

  void OnWrite(bool close, beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) return;
    if (close) return DoClose();
    DoRead();
  }

  void DoClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    // A failed shutdown only means the peer is gone already; the socket closes either way.
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const RequestHandler& handler_;
};

}  // namespace

struct SimServer::Impl {
  explicit Impl(SimServerOptions opts)
      : options(std::move(opts)),
        ioc(std::make_unique<asio::io_context>(static_cast<int>(options.threads))),
        acceptor(std::make_unique<tcp::acceptor>(*ioc)) {}

  void DoAccept() {
    acceptor->async_accept(
        asio::make_strand(*ioc), [this](beast::error_code ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
          if (ec) {
            // Out of file descriptors and the like: log, and keep accepting.
            LogLine(LogLevel::kWarning, "sim") << "accept failed: " << ec.message();
          } else {
            beast::error_code opt_ec;
            socket.set_option(tcp::no_delay(true), opt_ec);
            if (stats != nullptr) stats->CountConnection();
            std::make_shared<Session>(std::move(socket), handler)->Run();
          }
          DoAccept();
        });
  }

  SimServerOptions options;
  RequestHandler handler;  // declared before ioc: sessions refer to it until ioc is gone
  std::unique_ptr<asio::io_context> ioc;    // null once stopped
  std::unique_ptr<tcp::acceptor> acceptor;  // null once stopped
  SimStats* stats = nullptr;
  std::vector<std::thread> threads;
  uint16_t bound_port = 0;
  bool started = false;
};

SimServer::SimServer(SimServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

SimServer::~SimServer() { Stop(); }

Status SimServer::Listen() {
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.bind_address, ec);
  if (ec) {
    return Status::InvalidArgument("bad bind address '" + impl_->options.bind_address +
                                   "': " + ec.message());
  }
  const tcp::endpoint endpoint(address, impl_->options.port);
  if (!impl_->acceptor) return Status::Internal("SimServer::Listen after Stop");
  tcp::acceptor& acceptor = *impl_->acceptor;
  const std::string where = impl_->options.bind_address + ":" + std::to_string(impl_->options.port);
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return Status::IoError("open " + where + ": " + ec.message());
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return Status::IoError("SO_REUSEADDR " + where + ": " + ec.message());
  acceptor.bind(endpoint, ec);
  if (ec) return Status::IoError("bind " + where + ": " + ec.message());
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Status::IoError("listen " + where + ": " + ec.message());
  const tcp::endpoint local = acceptor.local_endpoint(ec);
  if (ec) return Status::IoError("local endpoint " + where + ": " + ec.message());
  impl_->bound_port = local.port();
  return Status::Ok();
}

uint16_t SimServer::port() const { return impl_->bound_port; }

Status SimServer::Start(RequestHandler handler, SimStats* stats) {
  if (!impl_->acceptor || !impl_->acceptor->is_open())
    return Status::Internal("SimServer::Start before Listen");
  if (impl_->started) return Status::Internal("SimServer::Start called twice");
  impl_->started = true;
  impl_->handler = std::move(handler);
  impl_->stats = stats;
  // The acceptor's handlers run on the io_context itself; with several threads they still
  // never overlap because only one accept is outstanding at a time.
  impl_->DoAccept();
  const unsigned count = impl_->options.threads == 0 ? 1 : impl_->options.threads;
  impl_->threads.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    impl_->threads.emplace_back([ioc = impl_->ioc.get()] { ioc->run(); });
  }
  return Status::Ok();
}

void SimServer::Stop() {
  if (!impl_ || !impl_->ioc) return;
  impl_->ioc->stop();
  for (std::thread& thread : impl_->threads) thread.join();
  impl_->threads.clear();
  // With no thread left running, destroy the acceptor, then the io_context: that destroys
  // the pending handlers, and with them the sessions, which closes their sockets.
  impl_->acceptor.reset();
  impl_->ioc.reset();
}

}  // namespace postwatch::sim
