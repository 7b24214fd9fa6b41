#include "http/http_server.h"

#include <zlib.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <cctype>
#include <thread>

#include "base/log.h"

namespace postwatch {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

bool IEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else if (s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

bool Gzip(const std::string& in, std::string& out) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return false;
  }
  out.resize(deflateBound(&zs, static_cast<uLong>(in.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const HttpServerOptions& options, const HttpServer::Handler& handler)
      : stream_(std::move(socket)), options_(options), handler_(handler) {}

  void Run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::seconds(options_.idle_timeout_s));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return Close();
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      HttpReply r;
      r.status = 413;
      r.body = "request too large\n";
      return Send(r, false, false);
    }
    if (ec) return;  // timeout, reset or garbage: drop the connection
    auto req = parser_->release();
    HttpRequest in;
    in.method = std::string(req.method_string());
    in.target = std::string(req.target());
    auto q = in.target.find('?');
    in.path = in.target.substr(0, q);
    if (q != std::string::npos) {
      std::string_view qs(in.target);
      qs.remove_prefix(q + 1);
      while (!qs.empty()) {
        auto amp = qs.find('&');
        std::string_view part = qs.substr(0, amp);
        auto eq = part.find('=');
        in.query[PercentDecode(part.substr(0, eq))] =
            eq == std::string_view::npos ? "" : PercentDecode(part.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        qs.remove_prefix(amp + 1);
      }
    }
    for (const auto& f : req) {
      in.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    }
    in.body = std::move(req.body());
    beast::error_code pec;
    auto ep = stream_.socket().remote_endpoint(pec);
    if (!pec) in.peer = ep.address().to_string() + ":" + std::to_string(ep.port());
    HttpReply reply;
    try {
      reply = handler_(in);
    } catch (const std::exception& e) {
      Log(LogLevel::kError, "http", std::string("handler failed: ") + e.what());
      reply = HttpReply{500, "text/plain; charset=utf-8", {}, "internal error\n"};
    }
    bool gzip = options_.gzip && reply.body.size() > 1024 &&
                in.Header("Accept-Encoding").find("gzip") != std::string::npos;
    Send(reply, req.keep_alive(), gzip);
  }

  void Send(const HttpReply& reply, bool keep_alive, bool gzip) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(reply.status), 11);
    res->set(http::field::server, "postwatchd");
    res->set(http::field::content_type, reply.content_type);
    for (const auto& [k, v] : reply.headers) res->set(k, v);
    std::string compressed;
    if (gzip && Gzip(reply.body, compressed)) {
      res->set(http::field::content_encoding, "gzip");
      res->set(http::field::vary, "Accept-Encoding");
      res->body() = std::move(compressed);
    } else {
      res->body() = reply.body;
    }
    res->keep_alive(keep_alive);
    res->prepare_payload();
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                        if (ec) return;
                        if (!res->keep_alive()) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const HttpServerOptions& options_;
  const HttpServer::Handler& handler_;
};

}  // namespace

std::string HttpRequest::Header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) return v;
  }
  return {};
}

struct HttpServer::Impl {
  HttpServerOptions options;
  Handler handler;
  net::io_context ioc{1};
  std::optional<tcp::acceptor> acceptor;
  std::thread thread;
  std::atomic<unsigned short> port{0};
  bool started = false;

  void Accept() {
    acceptor->async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket s) {
      if (ec == net::error::operation_aborted) return;
      if (!ec) std::make_shared<Session>(std::move(s), options, handler)->Run();
      Accept();
    });
  }
};

HttpServer::HttpServer(HttpServerOptions options, Handler handler) : impl_(new Impl) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() {
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->options.address, ec);
  if (ec) return Status::InvalidArgument("invalid listen address " + impl_->options.address);
  tcp::endpoint ep(address, impl_->options.port);
  std::string where = impl_->options.address + ":" + std::to_string(impl_->options.port);
  impl_->acceptor.emplace(impl_->ioc);
  impl_->acceptor->open(ep.protocol(), ec);
  if (!ec) impl_->acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor->bind(ep, ec);
  if (!ec) impl_->acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Status::IoError("cannot listen on " + where + ": " + ec.message());
  impl_->port = impl_->acceptor->local_endpoint().port();
  impl_->Accept();
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
  impl_->started = true;
  return Status::Ok();
}

void HttpServer::Stop() {
  if (!impl_ || !impl_->started) return;
  impl_->started = false;
  net::post(impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor->close(ec);
  });
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

unsigned short HttpServer::port() const { return impl_->port.load(); }

}  // namespace postwatch
