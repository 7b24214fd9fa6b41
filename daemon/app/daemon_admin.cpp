// The Daemon's side of the admin API (AdminActions), the admin listener and the
// data-stewardship jobs. See daemon.h for the start and stop steps these belong to.
#include <filesystem>

#include "admin/admin_listener.h"
#include "admin/plugin_overrides.h"
#include "admin/retention_job.h"
#include "admin/stewardship_metrics.h"
#include "app/daemon.h"
#include "base/log.h"
#include "base/time_format.h"
#include "links/flag_lists.h"
#include "plugin_host/plugin_set.h"
#include "poller/poller.h"
#include "store/store.h"

namespace postwatch {

namespace {

constexpr char kLog[] = "postwatchd";

}  // namespace

std::string Daemon::PluginOverridesPath() const {
  return (std::filesystem::path(config_.state_dir) / kPluginOverridesFile).string();
}

void Daemon::ApplyPluginOverrides(std::map<std::string, PluginLoadSettings>& settings) const {
  Result<std::map<std::string, bool>> overrides = LoadPluginOverrides(PluginOverridesPath());
  if (!overrides.ok()) {
    Log(LogLevel::kError, kLog, overrides.status().ToString() + "; plugins run as the config says");
    return;
  }
  for (const auto& [name, enabled] : *overrides) {
    settings[name].enabled = enabled;
    Log(LogLevel::kInfo, kLog,
        "plugin " + name + (enabled ? " enabled" : " disabled") + " by the admin API (" +
            PluginOverridesPath() + ")");
  }
}

Status Daemon::StartStewardship() {
  RetentionOptions o;
  o.retention_days = config_.store.retention_days;
  retention_ = std::make_unique<RetentionJob>(o, *store_, stewardship_.get());
  retention_->Start();
  if (config_.store.retention_days > 0) {
    Log(LogLevel::kInfo, kLog,
        "retention: history older than " + std::to_string(config_.store.retention_days) +
            " days is deleted hourly");
  }
  return Status::Ok();
}

Status Daemon::StartAdminListener() {
  if (config_.listen.admin.empty()) {
    Log(LogLevel::kInfo, kLog, "admin API off (listen.admin is \"\")");
    return Status::Ok();
  }
  AdminListenerOptions o;
  o.listen = config_.listen.admin;
  o.token_file = config_.admin.token_file;
  o.public_url = config_.admin.public_url;
  Result<std::unique_ptr<AdminListener>> listener =
      AdminListener::Start(o, *store_, *this, stewardship_.get());
  if (!listener.ok()) return listener.status();
  admin_ = std::move(*listener);
  Log(LogLevel::kInfo, kLog,
      "admin API on http://" + config_.listen.admin.substr(0, config_.listen.admin.rfind(':')) +
          ":" + std::to_string(admin_->port()) + "/v1/");
  return Status::Ok();
}

std::vector<PluginView> Daemon::Plugins() {
  std::lock_guard lock(admin_mu_);
  std::vector<PluginView> out;
  if (!plugins_) return out;
  for (const PluginEntry& e : plugins_->entries()) {
    PluginView v;
    v.name = e.name;
    v.file = e.file;
    if (e.plugin) {
      v.version = e.plugin->manifest().version;
      v.platform = e.plugin->manifest().platform;
    }
    v.enabled = e.enabled;
    v.loaded = e.enabled && e.plugin != nullptr;
    v.status = e.status;
    out.push_back(std::move(v));
  }
  return out;
}

Status Daemon::SetPluginEnabled(const std::string& name, bool enabled) {
  std::lock_guard lock(admin_mu_);
  bool known = false;
  for (const PluginEntry& e : plugins_->entries()) known = known || e.name == name;
  if (!known) return Status::NotFound("no plugin '" + name + "' in " + config_.plugin_dir);
  Result<std::map<std::string, bool>> overrides = LoadPluginOverrides(PluginOverridesPath());
  std::map<std::string, bool> next = overrides.ok() ? *overrides : std::map<std::string, bool>{};
  next[name] = enabled;
  if (Status s = SavePluginOverrides(PluginOverridesPath(), next); !s.ok()) return s;
  return LoadPlugins();
}

std::vector<ListView> Daemon::Lists() {
  std::lock_guard lock(admin_mu_);
  std::vector<ListView> out;
  if (!flag_lists_) return out;
  for (const ListReport& r : flag_lists_->reports()) {
    out.push_back(ListView{r.name, r.source, r.entries, r.errors.size(), r.loaded_at_ms,
                           r.status.ok() ? "" : r.status.ToString()});
  }
  return out;
}

Status Daemon::ReloadLists() {
  std::lock_guard lock(admin_mu_);
  return LoadFlagLists();
}

void Daemon::AccountsChanged() {
  std::lock_guard lock(admin_mu_);
  Result<std::vector<Account>> accounts = store_->LoadAccounts();
  if (!accounts.ok()) {
    Log(LogLevel::kError, kLog, "cannot reload accounts: " + accounts.status().ToString());
    return;
  }
  poller_->SetAccounts(std::move(*accounts));
  poller_->RefreshAccountMetrics();
}

void Daemon::ApplyAccountDefaults(AccountSpec& spec) {
  std::lock_guard lock(admin_mu_);
  if (spec.interval_s != 0) return;
  auto it = config_.plugins.find(spec.platform);
  if (it != config_.plugins.end()) spec.interval_s = it->second.interval_s;
}

DaemonStatusView Daemon::DaemonStatus() {
  std::lock_guard lock(admin_mu_);
  DaemonStatusView v;
  v.version = PW_VERSION;
  v.revision = PW_REVISION;
  v.ready = ready_;
  v.started_ms = started_ms_;
  if (poller_) {
    PollerStats s = poller_->stats();
    v.accounts = s.accounts;
    v.polls = s.polls;
    v.failures = s.failures;
    v.in_flight = s.in_flight;
    v.last_error = s.last_error;
  }
  if (store_) {
    v.store_degraded = store_->degraded();
    if (v.store_degraded) v.store_error = store_->last_error().ToString();
  }
  v.registry_file = config_.registry;
  return v;
}

}  // namespace postwatch
