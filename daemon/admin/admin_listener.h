// AdminListener: the admin API's own HTTP listener (a second HttpServer next to the
// metrics one), with its token and limits.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "admin/admin_actions.h"
#include "base/status.h"
#include "config/config.h"
#include "store/store.h"

namespace postwatch {

class AdminApi;
class HttpServer;
class StewardshipMetrics;

struct AdminListenerOptions {
  std::string listen;                // listen.admin: "127.0.0.1:9465"
  std::string token_file;            // admin.token_file; "" for $CREDENTIALS_DIRECTORY/admin-token
  size_t max_body_bytes = 16 << 20;  // an import of ~100k accounts as CSV
  int idle_timeout_s = 30;
  // admin.public_url: where members' browsers reach /connect/ and /oauth/callback;
  // "" for http://<host>:<bound port>.
  std::string public_url;
};

// Checks that `listen` is a loopback host:port. The admin API has no TLS yet, so a
// bearer token must not cross a network: other addresses fail with kInvalidArgument
// saying so, and so do unix: addresses, which are not supported yet.
Result<HostPort> CheckAdminAddress(const std::string& listen);

class AdminListener {
 public:
  // Checks the address, reads the token and starts listening. `store` and `actions`
  // must outlive the listener; `metrics` may be null. Fails with the reason (address,
  // token, bind error).
  static Result<std::unique_ptr<AdminListener>> Start(const AdminListenerOptions& options,
                                                      Store& store, AdminActions& actions,
                                                      StewardshipMetrics* metrics);
  ~AdminListener();  // Stops.
  AdminListener(const AdminListener&) = delete;
  AdminListener& operator=(const AdminListener&) = delete;

  // Re-reads the token (config reload). On failure the old token stays in use.
  Status ReloadToken(const std::string& token_file);
  // Stops listening; requests in progress are cut. Safe to call twice.
  void Stop();
  unsigned short port() const;
  const std::string& host() const { return host_; }

 private:
  AdminListener() = default;

  std::string host_;
  std::unique_ptr<AdminApi> api_;
  std::unique_ptr<HttpServer> server_;  // declared last: stopped before api_ goes away
};

}  // namespace postwatch
