#include "app/daemon.h"

#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "admin/admin_listener.h"
#include "admin/retention_job.h"
#include "admin/stewardship_metrics.h"
#include "base/log.h"
#include "base/time_format.h"
#include "config/config_loader.h"
#include "config/config_options.h"
#include "credentials/credential_store.h"
#include "fetch/fetch_engine.h"
#include "http/http_server.h"
#include "links/flag_lists.h"
#include "links/link_pipeline.h"
#include "metrics/activity_exporter.h"
#include "metrics/metrics.h"
#include "plugin_host/plugin_set.h"
#include "poller/poller.h"
#include "registry/registry_file.h"
#include "shorteners/shortener_expander.h"
#include "store/store.h"

namespace postwatch {

namespace {

constexpr char kLog[] = "postwatchd";

std::string JoinPath(const std::string& dir, const std::string& file) {
  if (file.empty() || file[0] == '/') return file;
  return (std::filesystem::path(dir) / file).string();
}

MetricsOptions MetricsOptionsOf(const Config& config) {
  MetricsOptions o;
  o.group_label_top_n = static_cast<size_t>(config.metrics.group_label_top_n);
  o.per_account = config.metrics.per_account;
  o.per_account_cap = static_cast<size_t>(config.metrics.per_account_cap);
  return o;
}

FetchOptions FetchOptionsOf(const Config& config) {
  FetchOptions fo;
  fo.user_agent = std::string("postwatch/") + PW_VERSION + " (+" +
                  (config.fetch.user_agent_contact.empty() ? "no contact configured"
                                                           : config.fetch.user_agent_contact) +
                  ")";
  fo.connect_timeout_ms = config.fetch.connect_timeout_ms;
  fo.timeout_ms = config.fetch.timeout_ms;
  fo.low_speed_bytes = config.fetch.low_speed_bytes;
  fo.low_speed_time_s = config.fetch.low_speed_time_s;
  fo.max_redirects = config.fetch.max_redirects;
  fo.max_body_bytes = static_cast<size_t>(config.fetch.max_body_bytes);
  fo.max_header_bytes = static_cast<size_t>(config.fetch.max_header_bytes);
  fo.max_concurrency = static_cast<int>(config.fetch.max_concurrency);
  fo.per_host_concurrency = static_cast<int>(config.fetch.per_host_concurrency);
  fo.allow = config.fetch.allow;
  fo.proxy = config.fetch.proxy;
  return fo;
}

}  // namespace

Daemon::Daemon(DaemonOptions options) : options_(std::move(options)) {}

Daemon::~Daemon() { Stop(); }

Status Daemon::Start() {
  // The start steps, in order. Each one logs what it did; the first failure stops the list.
  struct Step {
    const char* name;
    Status (Daemon::*run)();
  };
  const Step steps[] = {
      {"load config", &Daemon::LoadConfig},
      {"open store", &Daemon::OpenStore},
      {"open credentials", &Daemon::OpenCredentials},
      {"sync registry", &Daemon::SyncRegistry},
      {"load plugins", &Daemon::LoadPlugins},
      {"load flag lists", &Daemon::LoadFlagLists},
      {"start shortener expansion", &Daemon::StartShortenerExpansion},
      {"start metrics listener", &Daemon::StartMetricsListener},
      {"start polling", &Daemon::StartPolling},
      {"start retention job", &Daemon::StartStewardship},
      {"start admin listener", &Daemon::StartAdminListener},
      {"write listen file", &Daemon::WriteListenFile},
  };
  for (const Step& step : steps) {
    Status s = (this->*step.run)();
    if (!s.ok()) return s.WithContext(step.name);
  }
  ready_ = true;
  notifier_.Ready(StatusLine());
  Log(LogLevel::kInfo, kLog, "ready: " + StatusLine());
  return Status::Ok();
}

Status Daemon::LoadConfig() {
  ConfigLoad load = ::postwatch::LoadConfig(options_.config_path);
  if (!load.config) {
    for (const JsonError& e : load.errors) Log(LogLevel::kError, "config", e.ToString());
    return Status::InvalidArgument(std::to_string(load.errors.size()) + " error(s) in " +
                                   options_.config_path);
  }
  config_ = std::move(*load.config);
  SetLogLevel(LogLevelFromName(config_.log_level));
  metrics_ = std::make_unique<Metrics>(PW_VERSION, PW_REVISION);
  stewardship_ = std::make_unique<StewardshipMetrics>(metrics_->registry());
  started_ms_ = UnixNowMs();
  metrics_->Configure(MetricsOptionsOf(config_));
  return Status::Ok();
}

Status Daemon::OpenStore() {
  std::error_code ec;
  std::filesystem::create_directories(config_.state_dir, ec);
  if (ec)
    return Status::IoError("cannot create state_dir " + config_.state_dir + ": " + ec.message());
  StoreOptions so;
  so.path = JoinPath(config_.state_dir, config_.database);
  so.synchronous_full = config_.store.synchronous == "full";
  so.batch_max_records = static_cast<size_t>(config_.store.batch_max_records);
  so.batch_max_delay_ms = static_cast<int>(config_.store.batch_max_delay_ms);
  so.queue_capacity = static_cast<size_t>(config_.store.queue_capacity);
  auto store = Store::Open(so);
  if (!store.ok()) return store.status();
  store_ = std::move(*store);
  store_->SetWriteObserver(
      [m = metrics_.get()](std::string_view op, double s, bool ok) { m->StoreWrite(op, s, ok); });
  store_->SetFailureObserver([m = metrics_.get()](std::string_view, std::string_view reason) {
    m->StoreWriteFailed(reason);
  });
  Log(LogLevel::kInfo, kLog, "store: " + so.path);
  return Status::Ok();
}

Status Daemon::SyncRegistry() {
  if (config_.registry.empty()) return Status::Ok();
  RegistryLoad load = LoadRegistryFile(config_.registry);
  if (!load.errors.empty()) {
    for (const JsonError& e : load.errors) Log(LogLevel::kError, "registry", e.ToString());
    return Status::InvalidArgument(std::to_string(load.errors.size()) + " error(s) in " +
                                   config_.registry + "; registry left unchanged");
  }
  for (AccountSpec& spec : load.accounts) {
    if (spec.interval_s == 0) {
      auto it = config_.plugins.find(spec.platform);
      if (it != config_.plugins.end()) spec.interval_s = it->second.interval_s;
    }
  }
  auto report = store_->SyncAccounts(load.accounts);
  if (!report.ok()) return report.status();
  stewardship_->AccountsErased(report->removed);  // unlisted accounts are erased
  Log(LogLevel::kInfo, kLog,
      "registry " + config_.registry + ": " + std::to_string(report->added) + " added, " +
          std::to_string(report->changed) + " changed, " + std::to_string(report->removed) +
          " removed, " + std::to_string(report->unchanged) + " unchanged");
  return Status::Ok();
}

Status Daemon::LoadPlugins() {
  std::map<std::string, PluginLoadSettings> settings;
  for (const auto& [name, p] : config_.plugins) {
    settings[name] = PluginLoadSettings{p.enabled, p.config_json};
    settings[name].isolation = p.isolation;
    settings[name].call_deadline_ms = p.call_deadline_ms;
  }
  ApplyPluginOverrides(settings);
  auto set = std::make_shared<PluginSet>(PluginSet::Load(config_.plugin_dir, settings));
  for (const auto& e : set->entries()) {
    metrics_->AddPlugin(e.name, e.plugin ? e.plugin->manifest().version : "", e.enabled,
                        e.enabled && e.plugin != nullptr);
  }
  plugins_ = std::move(set);
  if (poller_) poller_->SetPlugins(plugins_);
  LoadAppCredentials();
  return Status::Ok();
}

Status Daemon::LoadFlagLists() {
  // On reload, a list file with junk lines keeps its previous version (its errors are
  // logged with file:line); at start there is no previous version, so its good lines load.
  ListLoadOptions list_options;
  list_options.keep_previous_on_line_errors = true;
  auto lists = FlagLists::LoadDirectory(config_.flag_lists_dir, flag_lists_.get(), list_options);
  if (!lists.ok()) {
    if (flag_lists_) {
      Log(LogLevel::kError, "lists", lists.status().ToString() + "; keeping the previous lists");
      return Status::Ok();
    }
    Log(LogLevel::kWarning, "lists", lists.status().ToString() + "; no flag lists in use");
    lists = FlagLists();
  }
  auto fresh = std::make_shared<const FlagLists>(std::move(*lists));
  for (const ListReport& r : fresh->reports()) {
    for (const auto& e : r.errors) Log(LogLevel::kWarning, "lists", e.ToString());
    if (!r.status.ok()) Log(LogLevel::kError, "lists", r.source + ": " + r.status.ToString());
    metrics_->SetFlagList(r.name, static_cast<double>(r.entries),
                          static_cast<double>(r.loaded_at_ms) / 1000.0);
  }
  if (flag_lists_) {
    for (const auto& old : flag_lists_->lists()) {
      if (!fresh->Find(old->name())) metrics_->RemoveFlagList(old->name());
    }
  }
  flag_lists_ = fresh;
  LinkPipelineOptions lo;
  lo.normalize.extra_tracking_params = config_.links.tracking_params;
  lo.extra_shortener_domains = config_.links.shorteners;
  auto pipeline = std::make_shared<const LinkPipeline>(lo, FlagMatcher::Build(*flag_lists_),
                                                       shortener_expander_);
  if (shortener_expander_) shortener_expander_->SetMatcher(pipeline->matcher());
  if (poller_) poller_->SetLinkPipeline(pipeline);
  link_pipeline_ = std::move(pipeline);
  Log(LogLevel::kInfo, "lists",
      std::to_string(flag_lists_->lists().size()) + " list(s), " +
          std::to_string(flag_lists_->TotalEntries()) + " entries from " + config_.flag_lists_dir);
  return Status::Ok();
}

// Short links are expanded in the background; links stored before their expansion finished
// get their flag hits later, counted here like those of a commit.
Status Daemon::StartShortenerExpansion() {
  ShortenerExpanderOptions so;
  so.extra_shortener_domains = config_.links.shorteners;
  so.normalize = link_pipeline_->options().normalize;
  auto expander = ShortenerExpander::Create(so, FetchOptionsOf(config_),
                                            JoinPath(config_.state_dir, config_.database));
  if (!expander.ok()) return expander.status();
  (*expander)->SetMatcher(link_pipeline_->matcher());
  (*expander)->SetHitsCallback([m = metrics_.get()](const std::vector<AddedFlagHit>& hits) {
    for (const AddedFlagHit& h : hits) m->PostsCommitted(h.plugin, h.group, 0, 0, {h.list});
  });
  if (Status s = (*expander)->Start(); !s.ok()) return s;
  shortener_expander_ = std::move(*expander);
  link_pipeline_ = std::make_shared<const LinkPipeline>(
      link_pipeline_->options(), link_pipeline_->matcher(), shortener_expander_);
  return Status::Ok();
}

Status Daemon::StartMetricsListener() {
  auto hp = ParseHostPort(config_.listen.metrics);
  if (!hp.ok()) return hp.status();
  HttpServerOptions o;
  o.address = hp->host;
  o.port = hp->port;
  metrics_server_ = std::make_unique<HttpServer>(o, [this](const HttpRequest& req) {
    HttpReply reply;
    if (req.method != "GET" && req.method != "HEAD") {
      reply.status = 405;
      reply.body = "method not allowed\n";
    } else if (req.path == "/metrics") {
      reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
      reply.body = metrics_->Render();
    } else if (req.path == "/healthz") {
      bool degraded = store_ && store_->degraded();
      reply.status = degraded ? 503 : 200;
      reply.body = degraded ? "degraded: store " + std::string(store_->degraded_reason()) + ": " +
                                  store_->last_error().ToString() + "\n"
                            : "ok\n";
    } else if (req.path == "/readyz") {
      reply.status = ready_ ? 200 : 503;
      reply.body = ready_ ? "ready\n" : "starting\n";
    } else {
      reply.status = 404;
      reply.body = "not found; try /metrics, /healthz or /readyz\n";
    }
    return reply;
  });
  Status s = metrics_server_->Start();
  if (!s.ok()) return s;
  Log(LogLevel::kInfo, kLog,
      "metrics on http://" + hp->host + ":" + std::to_string(metrics_server_->port()) + "/metrics");
  return Status::Ok();
}

Status Daemon::StartPolling() {
  fetch_ = std::make_unique<FetchEngine>(FetchOptionsOf(config_));
  Status s = fetch_->Start();
  if (!s.ok()) return s;

  PollerOptions po;
  po.policy.default_interval_s = config_.scheduler.default_interval_s;
  po.policy.jitter_ratio = config_.scheduler.jitter_ratio;
  po.policy.backoff_base_s = config_.scheduler.backoff_base_s;
  po.policy.backoff_max_s = config_.scheduler.backoff_max_s;
  po.worker_threads = static_cast<int>(config_.scheduler.parse_threads);
  po.max_requests_per_poll = static_cast<int>(config_.scheduler.max_requests_per_poll);
  po.max_in_flight = static_cast<int>(config_.fetch.max_concurrency) * 2;
  CircuitBreakerOptions breaker;
  breaker.failure_threshold = static_cast<int>(config_.scheduler.breaker_failures);
  breaker.base_delay_ms = config_.scheduler.breaker_base_delay_s * 1000;
  breaker.max_delay_ms =
      std::max(config_.scheduler.breaker_max_delay_s, config_.scheduler.breaker_base_delay_s) *
      1000;
  po.host_breaker = breaker;
  po.plugin_breaker = breaker;
  po.host_rate.requests_per_second = config_.fetch.per_host_requests_per_second;
  po.host_rate.burst = static_cast<double>(config_.fetch.per_host_burst);
  poller_ = std::make_unique<Poller>(po, *fetch_, *store_, metrics_.get());
  poller_->SetPlugins(plugins_);
  poller_->SetLinkPipeline(link_pipeline_);
  poller_->SetCredentials(credentials_.get());
  poller_->SetAppCredentials(app_credentials_);
  store_->SetCommitCallback(
      [p = poller_.get()](const std::vector<CommitResult>& results) { p->OnCommitted(results); });
  store_->Start();
  auto accounts = store_->LoadAccounts();
  if (!accounts.ok()) return accounts.status();
  poller_->SetAccounts(std::move(*accounts));
  poller_->RefreshAccountMetrics();
  // Store-derived gauges (posting activity, group sizes, disk space) refresh on their own
  // thread; the first refresh runs now so group labels are known before the first commit.
  activity_ = std::make_unique<ActivityExporter>(
      ActivityExporterOptions{JoinPath(config_.state_dir, config_.database), config_.state_dir,
                              std::chrono::seconds(60), nullptr},
      *metrics_);
  (void)activity_->Start();
  poller_->Start();
  return Status::Ok();
}

Status Daemon::WriteListenFile() {
  if (options_.listen_file.empty()) return Status::Ok();
  std::string tmp = options_.listen_file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "{\"metrics\":\"127.0.0.1:" << metrics_server_->port() << "\"";
    if (admin_) out << ",\"admin\":\"" << admin_->host() << ":" << admin_->port() << "\"";
    out << "}\n";
    if (!out) return Status::IoError("cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, options_.listen_file, ec);
  if (ec) return Status::IoError("cannot write " + options_.listen_file + ": " + ec.message());
  return Status::Ok();
}

Status Daemon::Reload() {
  std::lock_guard admin_lock(admin_mu_);
  notifier_.Reloading();
  Log(LogLevel::kInfo, kLog, "reloading " + options_.config_path);
  ConfigLoad load = ::postwatch::LoadConfig(options_.config_path);
  if (!load.config) {
    for (const JsonError& e : load.errors) Log(LogLevel::kError, "config", e.ToString());
    Log(LogLevel::kError, kLog, "reload rejected; the running config stays active");
    notifier_.Ready(StatusLine());
    return Status::InvalidArgument("config has " + std::to_string(load.errors.size()) +
                                   " error(s)");
  }
  for (const std::string& key : RestartOnlyChanges(config_, *load.config)) {
    Log(LogLevel::kWarning, kLog, key + " changed; it takes effect at the next restart");
  }
  Config next = std::move(*load.config);
  // Keys that need a restart keep their running values.
  next.state_dir = config_.state_dir;
  next.database = config_.database;
  next.listen = config_.listen;
  next.fetch = config_.fetch;
  const int64_t retention_days = next.store.retention_days;  // reloadable
  next.store = config_.store;
  next.store.retention_days = retention_days;
  next.metrics.per_account = config_.metrics.per_account;
  next.metrics.per_account_cap = config_.metrics.per_account_cap;
  config_ = std::move(next);
  SetLogLevel(LogLevelFromName(config_.log_level));
  metrics_->Configure(MetricsOptionsOf(config_));
  if (retention_) retention_->SetRetentionDays(config_.store.retention_days);
  if (admin_) {
    Status t = admin_->ReloadToken(config_.admin.token_file);
    if (!t.ok())
      Log(LogLevel::kError, kLog, "admin token: " + t.ToString() + "; keeping the old one");
  }
  Status s = SyncRegistry();
  if (!s.ok()) Log(LogLevel::kError, kLog, "registry: " + s.ToString());
  if (activity_) activity_->RefreshSoon();  // new group sizes for the group label
  s = LoadPlugins();
  if (!s.ok()) Log(LogLevel::kError, kLog, "plugins: " + s.ToString());
  s = LoadFlagLists();
  if (!s.ok()) Log(LogLevel::kError, kLog, "lists: " + s.ToString());
  auto accounts = store_->LoadAccounts();
  if (accounts.ok()) poller_->SetAccounts(std::move(*accounts));
  poller_->RefreshAccountMetrics();
  notifier_.Ready(StatusLine());
  Log(LogLevel::kInfo, kLog, "reloaded: " + StatusLine());
  return Status::Ok();
}

void Daemon::Run() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  auto next_upkeep = std::chrono::steady_clock::now();
  uint64_t wd_us = notifier_.watchdog_interval_us();
  // Test hook: POSTWATCH_TEST_STALL_LOOP_AFTER_S=N stalls this loop N seconds from now, so
  // tests/service can check that the watchdog pings stop. Unset in normal operation.
  std::optional<std::chrono::steady_clock::time_point> stall_at;
  if (const char* stall = std::getenv("POSTWATCH_TEST_STALL_LOOP_AFTER_S")) {
    stall_at = next_upkeep + std::chrono::seconds(std::atoi(stall));
  }
  for (;;) {
    // Wake at least once a second for upkeep and the watchdog. The watchdog ping comes from
    // this loop, so a stalled loop stops the pings and systemd restarts the service.
    long wait_ms = 1000;
    if (wd_us > 0) wait_ms = std::min<long>(wait_ms, static_cast<long>(wd_us / 1000));
    timespec ts{wait_ms / 1000, (wait_ms % 1000) * 1000000L};
    int sig = sigtimedwait(&set, nullptr, &ts);
    if (sig == SIGTERM || sig == SIGINT) {
      Log(LogLevel::kInfo, kLog,
          std::string("received ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT"));
      return;
    }
    if (sig == SIGHUP) (void)Reload();
    if (stall_at && std::chrono::steady_clock::now() >= *stall_at) {
      Log(LogLevel::kWarning, kLog, "stalling the main loop (POSTWATCH_TEST_STALL_LOOP_AFTER_S)");
      for (;;) pause();  // signals are blocked: only SIGKILL ends this
    }
    if (wd_us > 0) notifier_.Watchdog();
    auto now = std::chrono::steady_clock::now();
    if (now >= next_upkeep) {
      Upkeep();
      next_upkeep = now + std::chrono::seconds(5);
    }
  }
}

void Daemon::Upkeep() {
  if (poller_) poller_->RefreshAccountMetrics();
  if (store_) {
    auto size = store_->DatabaseSizeBytes();
    if (size.ok()) metrics_->SetStoreSize(static_cast<double>(*size));
    metrics_->SetStoreDegraded(store_->degraded());
  }
  notifier_.Status(StatusLine());
}

std::string Daemon::StatusLine() const {
  if (!poller_) return "starting";
  PollerStats s = poller_->stats();
  std::string line = std::to_string(s.accounts) + " accounts, " + std::to_string(s.polls) +
                     " polls, " + std::to_string(s.failures) + " failed";
  if (!s.last_error.empty()) line += "; last error: " + s.last_error;
  return line;
}

void Daemon::Stop() {
  if (stopped_) return;
  stopped_ = true;
  notifier_.Stopping();
  // Teardown steps: every one runs, in this order.
  if (admin_) admin_->Stop();  // no admin request runs during the teardown
  // A full disk can leave the store's queue full; a poll blocked submitting to it must not
  // hold up the shutdown (its record is retried at the next start, by refetching).
  if (store_) store_->BeginStop();
  if (poller_) poller_->BeginStop();
  if (fetch_) fetch_->Stop();  // in-flight fetches are cancelled; their polls are abandoned
  if (poller_) poller_->Stop();
  if (shortener_expander_) shortener_expander_->Stop();  // before the store closes
  activity_.reset();           // stops its thread and closes its read-only connection
  retention_.reset();          // lets a running batch finish, then joins
  if (store_) store_->Stop();  // commits everything already accepted
  if (metrics_server_) metrics_server_->Stop();
  admin_.reset();
  poller_.reset();
  fetch_.reset();
  store_.reset();
  Log(LogLevel::kInfo, kLog, "stopped");
}

}  // namespace postwatch
