#include "admin/admin_listener.h"

#include <arpa/inet.h>

#include "admin/admin_api.h"
#include "admin/admin_token.h"
#include "base/log.h"
#include "http/http_server.h"

namespace postwatch {

namespace {

bool IsLoopback(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    return IN6_IS_ADDR_LOOPBACK(&v6);
  }
  return false;
}

}  // namespace

Result<HostPort> CheckAdminAddress(const std::string& listen) {
  if (listen.rfind("unix:", 0) == 0) {
    return Status::InvalidArgument("listen.admin '" + listen +
                                   "': unix sockets are not supported yet; use a loopback "
                                   "address such as 127.0.0.1:9465");
  }
  Result<HostPort> hp = ParseHostPort(listen);
  if (!hp.ok()) return hp.status().WithContext("listen.admin");
  if (!IsLoopback(hp->host)) {
    return Status::InvalidArgument(
        "listen.admin '" + listen +
        "' is not a loopback address; the admin API has no TLS support yet, so its bearer "
        "token must not cross a network. Listen on 127.0.0.1 or [::1] and reach it through "
        "an SSH tunnel or a TLS-terminating proxy on the same host");
  }
  if (hp->host == "localhost") hp->host = "127.0.0.1";
  return hp;
}

Result<std::unique_ptr<AdminListener>> AdminListener::Start(const AdminListenerOptions& options,
                                                            Store& store, AdminActions& actions,
                                                            StewardshipMetrics* metrics) {
  Result<HostPort> hp = CheckAdminAddress(options.listen);
  if (!hp.ok()) return hp.status();
  Result<std::string> token = LoadAdminToken(options.token_file);
  if (!token.ok()) {
    return token.status().WithContext("admin API (set listen.admin to \"\" to run without it)");
  }
  std::unique_ptr<AdminListener> listener(new AdminListener());
  listener->host_ = hp->host;
  listener->api_ = std::make_unique<AdminApi>(std::move(*token), store, actions, metrics);
  HttpServerOptions so;
  so.address = hp->host;
  so.port = hp->port;
  so.max_body_bytes = options.max_body_bytes;
  so.idle_timeout_s = options.idle_timeout_s;
  AdminApi* api = listener->api_.get();
  listener->server_ = std::make_unique<HttpServer>(
      so, [api](const HttpRequest& request) { return api->Handle(request); });
  if (Status s = listener->server_->Start(); !s.ok()) return s.WithContext("admin API");
  const bool v6 = hp->host.find(':') != std::string::npos;
  api->SetPublicUrl(!options.public_url.empty()
                        ? options.public_url
                        : "http://" + (v6 ? "[" + hp->host + "]" : hp->host) + ":" +
                              std::to_string(listener->server_->port()));
  return listener;
}

AdminListener::~AdminListener() { Stop(); }

Status AdminListener::ReloadToken(const std::string& token_file) {
  Result<std::string> token = LoadAdminToken(token_file);
  if (!token.ok()) return token.status();
  api_->SetToken(std::move(*token));
  return Status::Ok();
}

void AdminListener::Stop() {
  if (server_) server_->Stop();
}

unsigned short AdminListener::port() const { return server_ ? server_->port() : 0; }

}  // namespace postwatch
