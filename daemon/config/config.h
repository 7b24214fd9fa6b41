// Config: the daemon's settings, as read from postwatch.json.
//
// Every key is optional; the defaults are the member initializers below and are also
// written in schemas/config.schema.json (a test keeps the two equal). The keys, their
// JSON Pointers and whether a reload may change them are listed once, in
// config_options.cpp. Loading is in config_loader.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/log.h"
#include "base/status.h"
#include "config/json_error.h"

namespace postwatch {

struct ListenConfig {
  std::string metrics = "127.0.0.1:9464";  // host:port of /metrics, /healthz, /readyz
  std::string admin = "127.0.0.1:9465";    // host:port, "unix:/path", or "" for no admin API
};

struct AdminConfig {
  // File holding the admin API's bearer token; "" reads $CREDENTIALS_DIRECTORY/admin-token.
  std::string token_file;
  // Base URL of the /connect/ and /oauth/callback pages as members' browsers see them;
  // "" for http://<listen.admin>.
  std::string public_url;
};

// One entry of "plugins": settings for a plugin, by plugin name.
struct PluginSettings {
  bool enabled = true;
  int64_t interval_s = 0;  // default poll interval of its accounts; 0: scheduler's default
  // "inprocess" (dlopen into the daemon) or "process" (postwatch-plugin-runner children).
  std::string isolation = "inprocess";
  int64_t call_deadline_ms = 10000;  // longest one plugin call may run
  // File with the operator's app credential for this plugin (API key or OAuth app JSON);
  // "" reads $CREDENTIALS_DIRECTORY/plugin-NAME when present. Absolute after loading.
  std::string credential_file;
  // The plugin's own settings: the exact text of the "config" object in the config file
  // (comments included), "{}" when absent. The plugin host validates it against the
  // plugin's schema with CheckJsonText(schema, config_json, config_origin).
  std::string config_json = "{}";
  // Where config_json starts in the config file, with pointer "/plugins/NAME/config".
  TextOrigin config_origin;
};

struct FetchConfig {
  std::string user_agent_contact;  // URL (or mailto:) put in the User-Agent; "" for none
  int64_t connect_timeout_ms = 10000;
  int64_t timeout_ms = 30000;
  int64_t low_speed_bytes = 100;  // abort when slower than this many bytes/s...
  int64_t low_speed_time_s = 30;  // ...for this long; 0 turns the check off
  int64_t max_redirects = 5;
  int64_t max_body_bytes = 8388608;
  int64_t max_header_bytes = 65536;
  int64_t max_concurrency = 64;
  int64_t per_host_concurrency = 2;
  double per_host_requests_per_second = 5;  // request rate to one host; 0: no rate limit
  int64_t per_host_burst = 10;              // requests one host may get at once
  std::vector<std::string> allow;           // "host:port" the SSRF guard lets through (tests, demo)
  std::string proxy;                        // "" for none; proxy environment variables are ignored
};

struct SchedulerConfig {
  int64_t default_interval_s = 900;
  double jitter_ratio = 0.1;
  int64_t backoff_base_s = 60;
  int64_t backoff_max_s = 21600;
  int64_t max_requests_per_poll = 10;
  int64_t parse_threads = 2;
  int64_t breaker_failures = 5;       // consecutive failures that open a host or plugin breaker
  int64_t breaker_base_delay_s = 30;  // open time after the first trip, doubled per trip
  int64_t breaker_max_delay_s = 600;  // cap of the open time
};

struct StoreConfig {
  std::string synchronous = "normal";  // SQLite synchronous: "normal" or "full"
  int64_t batch_max_records = 500;
  int64_t batch_max_delay_ms = 200;
  int64_t queue_capacity = 10000;
  int64_t retention_days = 400;  // 0 keeps history forever
};

struct LinksConfig {
  std::vector<std::string> tracking_params;  // added to the built-in list (utm_*, fbclid, ...)
  std::vector<std::string> shorteners;       // added to the built-in list (bit.ly, t.co, ...)
};

struct MetricsConfig {
  bool per_account = false;  // opt-in per-account series
  int64_t per_account_cap = 20000;
  int64_t group_label_top_n = 0;  // 0: no group label
};

struct Config {
  // The file this was loaded from, absolute; empty for a default-constructed Config.
  std::string source_path;

  // Paths. A loaded Config holds absolute, normalised paths: relative ones in the file are
  // relative to the config file's directory, and `database` to `state_dir`.
  std::string state_dir = "/var/lib/postwatch";
  std::string database = "postwatch.db";
  std::string registry;  // accounts file (.json or .csv); "" for none
  std::string plugin_dir = "/usr/lib/postwatch/plugins";
  std::string flag_lists_dir = "/etc/postwatch/lists";
  std::string log_level = "info";  // error, warning, notice, info or debug

  ListenConfig listen;
  AdminConfig admin;
  std::map<std::string, PluginSettings> plugins;
  FetchConfig fetch;
  SchedulerConfig scheduler;
  StoreConfig store;
  LinksConfig links;
  MetricsConfig metrics;
};

// The LogLevel named by a valid log_level value; kInfo for anything else.
LogLevel LogLevelFromName(std::string_view name);

struct HostPort {
  std::string host;  // without brackets for IPv6 literals
  uint16_t port = 0;
};

// Splits "host:port" or "[v6]:port". Failure: InvalidArgument naming the text.
Result<HostPort> ParseHostPort(std::string_view text);

}  // namespace postwatch
