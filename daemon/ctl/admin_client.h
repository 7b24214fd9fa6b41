// AdminClient: postwatchctl's connection to the daemon's admin API (libcurl), and where
// the API's URL and token come from.
#pragma once

#include <functional>
#include <string>

#include "base/status.h"
#include "ctl/ctl_args.h"

namespace postwatch::ctl {

// The exit codes of postwatchctl; scripts rely on them.
enum ExitCode {
  kExitOk = 0,
  kExitFailed = 1,        // the daemon refused or the check failed
  kExitUsage = 2,         // bad command line
  kExitUnreachable = 3,   // cannot reach the daemon
  kExitUnauthorized = 4,  // the daemon rejected the token
};

inline constexpr char kDefaultAdminUrl[] = "http://127.0.0.1:9465";
inline constexpr char kDefaultConfig[] = "/etc/postwatch/postwatch.json";

struct AdminReply {
  long status = 0;
  std::string body;
};

class AdminClient {
 public:
  // `base_url` like "http://127.0.0.1:9465"; `token` is sent as a bearer token.
  AdminClient(std::string base_url, std::string token);

  // Sends one request to base_url + path. kUnavailable when the daemon cannot be reached
  // (the message names the URL and curl's reason). Any HTTP status is a reply.
  Result<AdminReply> Call(const std::string& method, const std::string& path,
                          const std::string& body = "",
                          const std::string& content_type = "application/json") const;

  const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
  std::string token_;
};

// Builds the client from --admin URL and --token-file FILE, falling back to the config
// (--config FILE, else /etc/postwatch/postwatch.json when readable: listen.admin and
// admin.token_file), then to http://127.0.0.1:9465 and $CREDENTIALS_DIRECTORY/admin-token
// or /etc/postwatch/credentials/admin-token. Fails with the reason when no token can be
// read.
Result<AdminClient> ConnectAdmin(const Args& args);

// The exit code for a reply: 0 for 2xx, 4 for 401/403, 1 otherwise. Prints the API's
// error message to stderr for non-2xx replies.
int ReportReply(const AdminReply& reply);
// Prints a connection failure and returns kExitUnreachable (or kExitUsage/kExitFailed for
// a token that cannot be read).
int ReportConnectFailure(const Status& status);

}  // namespace postwatch::ctl
