// A postwatchd started as systemd would start it, without systemd: a tiny config with no
// accounts in a temp dir, NOTIFY_SOCKET/WATCHDOG_* in its environment, and optionally the
// admin API with a token file.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "harness.h"

namespace postwatch::testing {

struct ServiceDaemonOptions {
  std::map<std::string, std::string> env;  // added to the daemon's environment
  bool admin = false;                      // listen on 127.0.0.1:0 with a token file
  std::string admin_listen;                // listen.admin when set (overrides `admin`)
  std::string extra_config;                // JSON members appended to the config object
  std::string registry;                    // "" for none
  std::string plugin_dir;                  // "" for an empty directory
};

class ServiceDaemon {
 public:
  explicit ServiceDaemon(const TempDir& dir, ServiceDaemonOptions options = {});

  // Starts postwatchd (through /bin/sh so WATCHDOG_PID can be its own pid). With
  // `wait_ready`, waits for the listen file; returns false when the daemon did not come up.
  bool Start(bool wait_ready = true);
  Process* process() { return process_.get(); }
  std::string Log() const { return process_ ? process_->Log() : ""; }
  const std::string& config_path() const { return config_path_; }
  const std::string& token() const { return token_; }
  const std::string& token_file() const { return token_file_; }
  // "http://127.0.0.1:PORT" of the admin API; valid after Start() with options.admin.
  std::string AdminUrl() const { return admin_url_; }
  // "http://127.0.0.1:PORT" of /metrics; valid after Start().
  std::string MetricsUrl() const { return metrics_url_; }
  std::string state_dir() const { return dir_.File("state"); }

 private:
  const TempDir& dir_;
  ServiceDaemonOptions options_;
  std::string config_path_;
  std::string token_;
  std::string token_file_;
  std::string admin_url_;
  std::string metrics_url_;
  std::unique_ptr<Process> process_;
  int starts_ = 0;
};

}  // namespace postwatch::testing
