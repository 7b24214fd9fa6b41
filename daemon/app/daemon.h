// Daemon: postwatchd's life, as a readable list of steps.
//
//   Start():  load config -> open store -> sync registry -> load plugins -> load flag lists
//             -> start shortener expansion -> start metrics listener -> start store writer, fetch
//             engine, poller
//             -> start the retention job -> start the admin listener -> READY
//   Run():    wait for signals; SIGHUP reloads, SIGTERM/SIGINT stop; periodic upkeep
//   Stop():   close the admin listener -> stop polling -> cancel fetches -> stop shortener
//             expansion -> stop the retention job -> drain the store -> close listeners
//
// Every teardown step runs, whatever failed before it.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "admin/admin_actions.h"
#include "app/service_notifier.h"
#include "base/status.h"
#include "config/config.h"

namespace postwatch {

class ActivityExporter;
class AdminListener;
class CredentialStore;
class FetchEngine;
class FlagLists;
class HttpServer;
class LinkPipeline;
class Metrics;
class Plugin;
class PluginSet;
class Poller;
class ShortenerExpander;
struct PluginLoadSettings;
class RetentionJob;
class StewardshipMetrics;
class Store;

struct DaemonOptions {
  std::string config_path;
  std::string listen_file;  // when set, the bound listen addresses are written there as JSON
};

class Daemon : public AdminActions {
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

  // AdminActions (daemon_admin.cpp): called from the admin listener's thread, serialised
  // with Reload() by admin_mu_.
  std::vector<PluginView> Plugins() override;
  Status SetPluginEnabled(const std::string& name, bool enabled) override;
  std::vector<ListView> Lists() override;
  Status ReloadLists() override;
  void AccountsChanged() override;
  void ApplyAccountDefaults(AccountSpec& spec) override;
  DaemonStatusView DaemonStatus() override;
  Result<CredentialView> AccountCredential(int64_t account_id) override;
  Status ImportCredential(int64_t account_id, const std::string& secret, int64_t expires_at,
                          int64_t refresh_expires_at) override;
  Status EraseCredential(int64_t account_id) override;
  Result<std::string> AuthorizeUrl(int64_t account_id, const GrantStep& step) override;
  Status CompleteGrant(int64_t account_id, const GrantStep& step) override;

 private:
  Status LoadConfig();
  Status OpenStore();
  Status SyncRegistry();
  Status LoadPlugins();
  Status OpenCredentials();  // <state_dir>/credentials
  // Reads each plugin's app credential (plugins.NAME.credential_file, or
  // $CREDENTIALS_DIRECTORY/plugin-NAME) and hands them to the poller.
  void LoadAppCredentials();
  // The account's plugin and app credential, for the grant steps.
  Result<std::pair<Account, std::shared_ptr<const Plugin>>> GrantTarget(int64_t account_id);
  Status LoadFlagLists();
  Status StartShortenerExpansion();
  Status StartMetricsListener();
  Status StartPolling();
  Status StartStewardship();    // the retention job
  Status StartAdminListener();  // listen.admin; "" leaves it off
  std::string PluginOverridesPath() const;
  // Applies the plugins enabled/disabled through the admin API over the config's.
  void ApplyPluginOverrides(std::map<std::string, PluginLoadSettings>& settings) const;
  Status WriteListenFile();
  void Upkeep();
  std::string StatusLine() const;

  DaemonOptions options_;
  Config config_;
  ServiceNotifier notifier_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<CredentialStore> credentials_;
  std::map<std::string, std::string> app_credentials_;  // by plugin; guarded by admin_mu_
  std::unique_ptr<FetchEngine> fetch_;
  std::unique_ptr<Poller> poller_;
  std::unique_ptr<ActivityExporter> activity_;
  std::unique_ptr<HttpServer> metrics_server_;
  std::shared_ptr<const PluginSet> plugins_;
  std::shared_ptr<const FlagLists> flag_lists_;
  std::shared_ptr<const LinkPipeline> link_pipeline_;
  std::shared_ptr<ShortenerExpander> shortener_expander_;
  std::unique_ptr<StewardshipMetrics> stewardship_;
  std::unique_ptr<RetentionJob> retention_;
  std::unique_ptr<AdminListener> admin_;
  std::mutex admin_mu_;  // serialises AdminActions calls with Reload()
  int64_t started_ms_ = 0;
  std::atomic<bool> ready_{false};  // read by the metrics listener thread
  bool stopped_ = false;
};

}  // namespace postwatch
