// Daemon: postwatchd's life, as a readable list of steps.
//
//   Start():  load config -> open store -> sync registry -> load plugins -> load flag lists
//             -> start metrics listener -> start store writer, fetch engine, poller -> READY
//   Run():    wait for signals; SIGHUP reloads, SIGTERM/SIGINT stop; periodic upkeep
//   Stop():   stop polling -> cancel fetches -> drain the store -> close listeners
//
// Every teardown step runs, whatever failed before it.
#pragma once

#include <memory>
#include <string>

#include "app/service_notifier.h"
#include "base/status.h"
#include "config/config.h"

namespace postwatch {

class FetchEngine;
class FlagLists;
class HttpServer;
class LinkPipeline;
class Metrics;
class PluginSet;
class Poller;
class Store;

struct DaemonOptions {
  std::string config_path;
  std::string listen_file;  // when set, the bound listen addresses are written there as JSON
};

class Daemon {
 public:
  explicit Daemon(DaemonOptions options);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Runs the start steps; on failure, the steps already done are undone by Stop().
  Status Start();
  // Blocks until SIGTERM or SIGINT; handles SIGHUP reloads. Precondition: Start() succeeded.
  void Run();
  // Runs every teardown step. Safe to call twice.
  void Stop();

  // Re-reads the config, the registry file and the flag lists. A bad config is rejected
  // with every error logged, and the old one stays active.
  Status Reload();

 private:
  Status LoadConfig();
  Status OpenStore();
  Status SyncRegistry();
  Status LoadPlugins();
  Status LoadFlagLists();
  Status StartMetricsListener();
  Status StartPolling();
  Status WriteListenFile();
  void Upkeep();
  std::string StatusLine() const;

  DaemonOptions options_;
  Config config_;
  ServiceNotifier notifier_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<FetchEngine> fetch_;
  std::unique_ptr<Poller> poller_;
  std::unique_ptr<HttpServer> metrics_server_;
  std::shared_ptr<const PluginSet> plugins_;
  std::shared_ptr<const FlagLists> flag_lists_;
  std::shared_ptr<const LinkPipeline> link_pipeline_;
  bool ready_ = false;
  bool stopped_ = false;
};

}  // namespace postwatch
