// A simulator and a daemon, started in a temp dir, for end-to-end tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "harness.h"

namespace postwatch::testing {

struct SimOptions {
  int accounts = 50;
  int seed = 7;
  double post_interval_s = 2;
  int initial_posts = 5;
  std::string platforms = "web";  // --platforms: account i is on platforms[i % n]
  int feed_items = 20;            // --feed-items: newest posts in a web feed
};

// The flagged domains the simulator links to, and the list file the daemon loads.
extern const char* const kFlagDomains[];

class EndToEnd {
 public:
  explicit EndToEnd(SimOptions sim);
  ~EndToEnd();

  // Starts postwatch-sim and writes the registry and config. Returns false on failure.
  bool StartSim();
  // Starts postwatchd and waits for its listen file. Returns false on failure.
  bool StartDaemon(const std::string& extra_config = "");
  // SIGTERM (clean) or SIGKILL the daemon; returns the wait status or -1 on timeout.
  int StopDaemon(int sig);
  // Sends a signal without waiting (SIGHUP reloads).
  void SignalDaemon(int sig);
  std::string RegistryPath() const { return tmp_.File("accounts.json"); }

  std::string SimUrl(const std::string& path) const;
  std::string MetricsText();
  std::string DbPath() const { return tmp_.File("state/postwatch.db"); }
  std::string ConfigPath() const { return tmp_.File("postwatch.json"); }
  std::string DaemonLog() const;
  const TempDir& tmp() const { return tmp_; }
  const SimOptions& sim_options() const { return sim_; }
  void set_plugin_dir(std::string dir) { plugin_dir_ = std::move(dir); }
  // Turns the admin API on (127.0.0.1, an ephemeral port, a token file) for the next start.
  void EnableAdmin() { admin_ = true; }
  // JSON members added inside the config's "scheduler" and "fetch" objects (", \"k\": v"),
  // and hosts added to fetch.allow, for the next start.
  void set_scheduler_extra(std::string json) { scheduler_extra_ = std::move(json); }
  void AllowHost(std::string host_port) { extra_allow_.push_back(std::move(host_port)); }
  // "http://127.0.0.1:PORT" of the admin API, and its token; after StartDaemon().
  std::string AdminUrl() const { return "http://127.0.0.1:" + std::to_string(admin_port_); }
  std::string AdminToken() const { return "integration-admin-token-0123456789"; }
  // An admin API call with the bearer token.
  HttpExchange Admin(const std::string& method, const std::string& path,
                     const std::string& body = "") const;

  // Freezes the simulator's clock: no new posts appear from now on.
  bool FreezeSim();
  // Requests the simulator has answered for each account slug.
  std::map<std::string, int64_t> SimRequestsPerAccount();
  // Served posts: account slug -> post id -> number of flagged links.
  std::map<std::string, std::map<std::string, int>> SimServed();
  // Posts stored: account slug -> post ids (from the SQLite file).
  std::map<std::string, std::vector<std::string>> StoredPosts();
  // The daemon's id of simulator account i (-1 when not registered).
  int64_t AccountId(int sim_account);

 private:
  SimOptions sim_;
  TempDir tmp_;
  std::unique_ptr<Process> sim_process_;
  std::unique_ptr<Process> daemon_;
  int sim_port_ = 0;
  int metrics_port_ = 0;
  int admin_port_ = 0;
  bool admin_ = false;
  std::string scheduler_extra_;
  std::vector<std::string> extra_allow_;
  int daemon_starts_ = 0;
  std::string plugin_dir_ = PluginDir();
};

}  // namespace postwatch::testing
