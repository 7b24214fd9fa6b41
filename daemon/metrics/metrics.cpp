#include "metrics/metrics.h"

#include <prometheus/text_serializer.h>

#include <algorithm>
#include <sstream>
#include <utility>

#include "store/write_failure.h"

namespace postwatch {

const char* const kPollFailureReasons[] = {"timeout",      "network", "http_4xx", "http_5xx",
                                           "rate_limited", "auth",    "parse",    "layout",
                                           "blocked",      "gone",    "plugin"};
const size_t kPollFailureReasonCount = std::size(kPollFailureReasons);
const char* const kAccountStates[] = {"active", "paused", "backoff", "failing", "gone", "auth"};
const size_t kAccountStateCount = std::size(kAccountStates);
const char* const kActivityWindows[] = {"24h", "7d", "30d"};
const int64_t kActivityWindowSeconds[] = {86400, 7 * 86400, 30 * 86400};
const size_t kActivityWindowCount = std::size(kActivityWindows);

namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;
using prometheus::Histogram;

const char* const kCodeClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx", "error"};
// Why a poll waited (Poller::Defer) and how a credential refresh ended; every label value is
// created with its plugin, so a scrape has the same series before and after the first event.
const char* const kDeferReasons[] = {"breaker", "robots", "rate_limit"};
const char* const kRefreshResults[] = {"ok", "auth", "error"};

Histogram::BucketBoundaries DurationBuckets() {
  return {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}
Histogram::BucketBoundaries LagBuckets() { return {0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600}; }
Histogram::BucketBoundaries IntervalBuckets() {
  return {60,        300,   900,       3600,      3 * 3600,  6 * 3600,
          12 * 3600, 86400, 3 * 86400, 7 * 86400, 30 * 86400};
}
Histogram::BucketBoundaries StoreBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};
}

std::string CodeClass(int status) {
  if (status < 100 || status > 599) return "error";
  return std::string(1, static_cast<char>('0' + status / 100)) + "xx";
}

}  // namespace

Metrics::Metrics(std::string version, std::string revision)
    : registry_(std::make_shared<prometheus::Registry>()),
      build_info_(BuildGauge()
                      .Name("postwatch_build_info")
                      .Help("Build of the running postwatchd; always 1.")
                      .Register(*registry_)),
      plugin_info_(BuildGauge()
                       .Name("postwatch_plugin_info")
                       .Help("Loaded plugins with their version and ABI; always 1.")
                       .Register(*registry_)),
      plugin_enabled_(BuildGauge()
                          .Name("postwatch_plugin_enabled")
                          .Help("1 when the plugin is enabled in the config.")
                          .Register(*registry_)),
      plugin_up_(BuildGauge()
                     .Name("postwatch_plugin_up")
                     .Help("1 when the plugin is loaded and serving polls.")
                     .Register(*registry_)),
      accounts_(BuildGauge()
                    .Name("postwatch_accounts")
                    .Help("Registered accounts by plugin and state.")
                    .Register(*registry_)),
      accounts_stale_(BuildGauge()
                          .Name("postwatch_accounts_stale")
                          .Help("Accounts without a successful poll for 3 intervals.")
                          .Register(*registry_)),
      oldest_success_(BuildGauge()
                          .Name("postwatch_account_last_success_oldest_timestamp_seconds")
                          .Help("Oldest last-success time among the plugin's active accounts.")
                          .Register(*registry_)),
      polls_(BuildCounter()
                 .Name("postwatch_polls_total")
                 .Help("Polls finished, successful or not.")
                 .Register(*registry_)),
      poll_failures_(BuildCounter()
                         .Name("postwatch_poll_failures_total")
                         .Help("Polls that failed, by reason.")
                         .Register(*registry_)),
      poll_duration_(BuildHistogram()
                         .Name("postwatch_poll_duration_seconds")
                         .Help("Wall time of a poll, all its requests and parsing included.")
                         .Register(*registry_)),
      schedule_lag_(BuildHistogram()
                        .Name("postwatch_poll_schedule_lag_seconds")
                        .Help("How late a poll started after it was due.")
                        .Register(*registry_)),
      http_requests_(BuildCounter()
                         .Name("postwatch_http_requests_total")
                         .Help("HTTP requests made for plugins, by status class.")
                         .Register(*registry_)),
      not_modified_(BuildCounter()
                        .Name("postwatch_http_not_modified_total")
                        .Help("Conditional requests answered 304 Not Modified.")
                        .Register(*registry_)),
      rate_limited_(BuildCounter()
                        .Name("postwatch_rate_limited_total")
                        .Help("Responses that asked us to slow down (429 or a plugin's signal).")
                        .Register(*registry_)),
      breaker_open_(BuildGauge()
                        .Name("postwatch_breaker_open")
                        .Help("1 while the plugin's circuit breaker is open.")
                        .Register(*registry_)),
      breaker_open_hosts_(BuildGauge()
                              .Name("postwatch_breaker_open_hosts")
                              .Help("Hosts of the plugin's requests whose circuit breaker is open.")
                              .Register(*registry_)),
      plugin_quarantined_(BuildGauge()
                              .Name("postwatch_plugin_quarantined")
                              .Help("1 while calls to the plugin fail fast because it crashed, "
                                    "hung or overran its call deadline too often.")
                              .Register(*registry_)),
      polls_deferred_(BuildCounter()
                          .Name("postwatch_polls_deferred_total")
                          .Help("Polls that waited instead of going out, by reason: rate_limit "
                                "(the host's rate or Retry-After), breaker, robots (robots.txt "
                                "being fetched).")
                          .Register(*registry_)),
      credential_refreshes_(BuildCounter()
                                .Name("postwatch_credential_refreshes_total")
                                .Help("Refreshes of owner-granted credentials, by result: ok, "
                                      "auth (the platform refused; the account needs a new "
                                      "grant), error.")
                                .Register(*registry_)),
      posts_seen_(BuildCounter()
                      .Name("postwatch_posts_seen_total")
                      .Help("New posts stored.")
                      .Register(*registry_)),
      post_interval_(BuildHistogram()
                         .Name("postwatch_post_interval_seconds")
                         .Help("Time between consecutive posts of an account, by published time.")
                         .Register(*registry_)),
      links_seen_(BuildCounter()
                      .Name("postwatch_links_seen_total")
                      .Help("Outbound links of new posts.")
                      .Register(*registry_)),
      flagged_shares_(BuildCounter()
                          .Name("postwatch_flagged_link_shares_total")
                          .Help("Links of new posts that matched a flag list, by list.")
                          .Register(*registry_)),
      flag_list_entries_(BuildGauge()
                             .Name("postwatch_flag_list_entries")
                             .Help("Entries loaded from each flag list.")
                             .Register(*registry_)),
      flag_list_reload_(BuildGauge()
                            .Name("postwatch_flag_list_last_reload_timestamp_seconds")
                            .Help("When each flag list was last loaded successfully.")
                            .Register(*registry_)),
      store_write_duration_(BuildHistogram()
                                .Name("postwatch_store_write_duration_seconds")
                                .Help("Duration of store write transactions, by operation.")
                                .Register(*registry_)),
      store_write_failures_(BuildCounter()
                                .Name("postwatch_store_write_failures_total")
                                .Help("Store write transactions that failed, by operation.")
                                .Register(*registry_)),
      store_write_failure_reasons_(
          BuildCounter()
              .Name("postwatch_store_write_failures_by_reason_total")
              .Help("Store write transactions that failed, by reason (full: disk full, io: I/O "
                    "error, busy: locked, refused: data refused, other).")
              .Register(*registry_)),
      store_size_(BuildGauge()
                      .Name("postwatch_store_size_bytes")
                      .Help("Size of the SQLite database and its WAL.")
                      .Register(*registry_)
                      .Add({})),
      store_degraded_(BuildGauge()
                          .Name("postwatch_store_degraded")
                          .Help("1 while store writes fail (disk full, locked) and polls wait "
                                "for a retry.")
                          .Register(*registry_)
                          .Add({})),
      store_fs_avail_(BuildGauge()
                          .Name("postwatch_store_filesystem_avail_bytes")
                          .Help("Bytes available to postwatchd on the filesystem of the database.")
                          .Register(*registry_)
                          .Add({})),
      store_fs_size_(BuildGauge()
                         .Name("postwatch_store_filesystem_size_bytes")
                         .Help("Size of the filesystem holding the database.")
                         .Register(*registry_)
                         .Add({})),
      posts_published_(BuildGauge()
                           .Name("postwatch_posts_published")
                           .Help("Stored posts published within the window (24h, 7d, 30d) "
                                 "before the last refresh, counted from the database.")
                           .Register(*registry_)),
      per_account_truncated_(BuildGauge()
                                 .Name("postwatch_metrics_per_account_truncated")
                                 .Help("1 when per-account series were cut at "
                                       "metrics.per_account_cap.")
                                 .Register(*registry_)
                                 .Add({})) {
  build_info_.Add({{"version", std::move(version)}, {"revision", std::move(revision)}}).Set(1);
  for (const char* op : {"poll_batch", "sync_accounts", "account"}) {
    store_write_duration_.Add({{"op", op}}, StoreBuckets());
    store_write_failures_.Add({{"op", op}});
  }
  for (std::string_view reason : kWriteFailureNames) {
    store_write_failure_reasons_.Add({{"reason", std::string(reason)}});
  }
}

void Metrics::AddPlugin(const std::string& plugin, const std::string& version, bool enabled,
                        bool up) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (std::find(plugins_.begin(), plugins_.end(), plugin) == plugins_.end()) {
      plugins_.push_back(plugin);
    }
  }
  plugin_info_.Add({{"plugin", plugin}, {"version", version}, {"abi", "1"}}).Set(1);
  plugin_enabled_.Add({{"plugin", plugin}}).Set(enabled ? 1 : 0);
  plugin_up_.Add({{"plugin", plugin}}).Set(up ? 1 : 0);
  for (size_t i = 0; i < kAccountStateCount; ++i) {
    accounts_.Add({{"plugin", plugin}, {"state", kAccountStates[i]}});
  }
  accounts_stale_.Add({{"plugin", plugin}});
  oldest_success_.Add({{"plugin", plugin}});
  polls_.Add({{"plugin", plugin}});
  for (size_t i = 0; i < kPollFailureReasonCount; ++i) {
    poll_failures_.Add({{"plugin", plugin}, {"reason", kPollFailureReasons[i]}});
  }
  poll_duration_.Add({{"plugin", plugin}}, DurationBuckets());
  schedule_lag_.Add({{"plugin", plugin}}, LagBuckets());
  for (const char* cls : kCodeClasses)
    http_requests_.Add({{"plugin", plugin}, {"code_class", cls}});
  not_modified_.Add({{"plugin", plugin}});
  rate_limited_.Add({{"plugin", plugin}});
  breaker_open_.Add({{"plugin", plugin}});
  breaker_open_hosts_.Add({{"plugin", plugin}});
  plugin_quarantined_.Add({{"plugin", plugin}});
  for (const char* reason : kDeferReasons)
    polls_deferred_.Add({{"plugin", plugin}, {"reason", reason}});
  for (const char* result : kRefreshResults) {
    credential_refreshes_.Add({{"plugin", plugin}, {"result", result}});
  }
  post_interval_.Add({{"plugin", plugin}}, IntervalBuckets());
  links_seen_.Add({{"plugin", plugin}});
  std::lock_guard<std::mutex> lock(mu_);
  InitGroupedSeriesLocked();
}

void Metrics::SetFlagList(const std::string& list, double entries, double reload_unix_s) {
  flag_list_entries_.Add({{"list", list}}).Set(entries);
  flag_list_reload_.Add({{"list", list}}).Set(reload_unix_s);
  std::lock_guard<std::mutex> lock(mu_);
  if (std::find(lists_.begin(), lists_.end(), list) == lists_.end()) lists_.push_back(list);
  InitGroupedSeriesLocked();
}

void Metrics::RemoveFlagList(const std::string& list) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = std::find(lists_.begin(), lists_.end(), list);
  if (it == lists_.end()) return;
  lists_.erase(it);
  flag_list_entries_.Remove(&flag_list_entries_.Add({{"list", list}}));
  flag_list_reload_.Remove(&flag_list_reload_.Add({{"list", list}}));
}

void Metrics::PollFinished(const std::string& plugin, double seconds,
                           std::string_view failure_reason) {
  polls_.Add({{"plugin", plugin}}).Increment();
  poll_duration_.Add({{"plugin", plugin}}, DurationBuckets()).Observe(seconds);
  if (!failure_reason.empty()) {
    poll_failures_.Add({{"plugin", plugin}, {"reason", std::string(failure_reason)}}).Increment();
  }
}

void Metrics::ScheduleLag(const std::string& plugin, double seconds) {
  schedule_lag_.Add({{"plugin", plugin}}, LagBuckets()).Observe(std::max(0.0, seconds));
}

void Metrics::HttpResponse(const std::string& plugin, int status) {
  http_requests_.Add({{"plugin", plugin}, {"code_class", CodeClass(status)}}).Increment();
}

void Metrics::NotModified(const std::string& plugin) {
  not_modified_.Add({{"plugin", plugin}}).Increment();
}

void Metrics::RateLimited(const std::string& plugin) {
  rate_limited_.Add({{"plugin", plugin}}).Increment();
}

void Metrics::SetBreakerOpen(const std::string& plugin, bool open) {
  breaker_open_.Add({{"plugin", plugin}}).Set(open ? 1 : 0);
}

void Metrics::SetOpenHostBreakers(const std::string& plugin, double hosts) {
  breaker_open_hosts_.Add({{"plugin", plugin}}).Set(hosts);
}

void Metrics::SetPluginQuarantined(const std::string& plugin, bool quarantined) {
  plugin_quarantined_.Add({{"plugin", plugin}}).Set(quarantined ? 1 : 0);
}

void Metrics::PollDeferred(const std::string& plugin, std::string_view reason) {
  polls_deferred_.Add({{"plugin", plugin}, {"reason", std::string(reason)}}).Increment();
}

void Metrics::CredentialRefresh(const std::string& plugin, std::string_view result) {
  credential_refreshes_.Add({{"plugin", plugin}, {"result", std::string(result)}}).Increment();
}

void Metrics::PostsCommitted(const std::string& plugin, const std::string& group, int new_posts,
                             int new_links, const std::vector<std::string>& flagged_lists) {
  if (new_links > 0) links_seen_.Add({{"plugin", plugin}}).Increment(new_links);
  if (new_posts <= 0 && flagged_lists.empty()) return;
  // Under mu_: a group-mode switch in Configure() may remove these series.
  std::lock_guard<std::mutex> lock(mu_);
  if (new_posts > 0) {
    auto& c = posts_seen_.Add(WithGroupLocked({{"plugin", plugin}}, group));
    posts_seen_series_.insert(&c);
    c.Increment(new_posts);
  }
  for (const auto& list : flagged_lists) {
    auto& c = flagged_shares_.Add(WithGroupLocked({{"plugin", plugin}, {"list", list}}, group));
    flagged_series_.insert(&c);
    c.Increment();
  }
}

void Metrics::PostInterval(const std::string& plugin, double seconds) {
  post_interval_.Add({{"plugin", plugin}}, IntervalBuckets()).Observe(seconds);
}

void Metrics::SetAccountCounts(
    const std::map<std::string, std::map<std::string, double>>& by_plugin_state) {
  for (const auto& [plugin, states] : by_plugin_state) {
    for (size_t i = 0; i < kAccountStateCount; ++i) {
      auto it = states.find(kAccountStates[i]);
      accounts_.Add({{"plugin", plugin}, {"state", kAccountStates[i]}})
          .Set(it == states.end() ? 0 : it->second);
    }
  }
}

void Metrics::SetStaleness(const std::string& plugin, double stale_accounts,
                           double oldest_success_unix_s) {
  accounts_stale_.Add({{"plugin", plugin}}).Set(stale_accounts);
  oldest_success_.Add({{"plugin", plugin}}).Set(oldest_success_unix_s);
}

void Metrics::StoreWrite(std::string_view op, double seconds, bool ok) {
  std::string o(op);
  store_write_duration_.Add({{"op", o}}, StoreBuckets()).Observe(seconds);
  if (!ok) store_write_failures_.Add({{"op", o}}).Increment();
}

void Metrics::StoreWriteFailed(std::string_view reason) {
  store_write_failure_reasons_.Add({{"reason", std::string(reason)}}).Increment();
}

void Metrics::SetStoreSize(double bytes) { store_size_.Set(bytes); }

void Metrics::SetStoreDegraded(bool degraded) { store_degraded_.Set(degraded ? 1 : 0); }

void Metrics::SetStoreFilesystem(double avail_bytes, double size_bytes) {
  store_fs_avail_.Set(avail_bytes);
  store_fs_size_.Set(size_bytes);
}

std::string Metrics::Render() const {
  std::ostringstream out;
  prometheus::TextSerializer serializer;
  serializer.Serialize(out, registry_->Collect());
  std::shared_ptr<const std::vector<AccountSuccess>> accounts;
  {
    std::lock_guard<std::mutex> lock(mu_);
    accounts = account_success_;
  }
  std::string text = std::move(out).str();
  if (accounts) AppendAccountLastSuccess(*accounts, text);
  return text;
}

}  // namespace postwatch

// --- Opt-in group label, store activity and per-account series -------------------------

namespace postwatch {

void Metrics::Configure(const MetricsOptions& options) {
  std::lock_guard<std::mutex> lock(mu_);
  bool group_mode_changed = (options.group_label_top_n > 0) != (options_.group_label_top_n > 0);
  options_ = options;
  groups_ = GroupLabels(group_sizes_, options_.group_label_top_n);
  if (group_mode_changed) {
    // The label sets change shape: drop every grouped series and start again from 0.
    for (prometheus::Counter* c : posts_seen_series_) posts_seen_.Remove(c);
    for (prometheus::Counter* c : flagged_series_) flagged_shares_.Remove(c);
    for (prometheus::Gauge* g : published_gauges_) posts_published_.Remove(g);
    posts_seen_series_.clear();
    flagged_series_.clear();
    published_gauges_.clear();
  }
  InitGroupedSeriesLocked();
  if (!options_.per_account) {
    account_success_.reset();
    per_account_truncated_.Set(0);
  }
}

MetricsOptions Metrics::options() const {
  std::lock_guard<std::mutex> lock(mu_);
  return options_;
}

void Metrics::SetGroupSizes(const std::map<std::string, int64_t>& accounts_per_group) {
  std::lock_guard<std::mutex> lock(mu_);
  group_sizes_ = accounts_per_group;
  groups_ = GroupLabels(group_sizes_, options_.group_label_top_n);
  InitGroupedSeriesLocked();
}

std::string Metrics::GroupLabel(const std::string& group) const {
  std::lock_guard<std::mutex> lock(mu_);
  return options_.group_label_top_n > 0 ? groups_.Label(group) : std::string();
}

prometheus::Labels Metrics::WithGroupLocked(prometheus::Labels base,
                                            const std::string& group) const {
  if (options_.group_label_top_n > 0) base.emplace("group", groups_.Label(group));
  return base;
}

void Metrics::InitGroupedSeriesLocked() {
  const bool grouped = options_.group_label_top_n > 0;
  const std::vector<std::string> no_group{""};
  const std::vector<std::string>& groups = grouped ? groups_.values() : no_group;
  for (const auto& plugin : plugins_) {
    for (const auto& group : groups) {
      auto labels = [&](prometheus::Labels base) {
        if (grouped) base.emplace("group", group);
        return base;
      };
      posts_seen_series_.insert(&posts_seen_.Add(labels({{"plugin", plugin}})));
      for (const auto& list : lists_) {
        flagged_series_.insert(&flagged_shares_.Add(labels({{"plugin", plugin}, {"list", list}})));
      }
      for (size_t w = 0; w < kActivityWindowCount; ++w) {
        published_gauges_.insert(
            &posts_published_.Add(labels({{"plugin", plugin}, {"window", kActivityWindows[w]}})));
      }
    }
  }
}

void Metrics::SetPostingActivity(const std::vector<PostingActivity>& rows) {
  std::lock_guard<std::mutex> lock(mu_);
  // Sum the rows into their label sets first, so every series is set exactly once and a
  // scrape never sees a half-updated total.
  std::map<prometheus::Labels, double> values;
  for (const PostingActivity& row : rows) {
    for (size_t w = 0; w < kActivityWindowCount; ++w) {
      prometheus::Labels labels =
          WithGroupLocked({{"plugin", row.plugin}, {"window", kActivityWindows[w]}}, row.group);
      values[labels] += static_cast<double>(row.posts[w]);
    }
  }
  std::set<prometheus::Gauge*> updated;
  for (const auto& [labels, value] : values) {
    prometheus::Gauge& g = posts_published_.Add(labels);
    g.Set(value);
    updated.insert(&g);
    published_gauges_.insert(&g);
  }
  for (prometheus::Gauge* g : published_gauges_) {
    if (updated.count(g) == 0) g->Set(0);
  }
}

bool Metrics::per_account() const {
  std::lock_guard<std::mutex> lock(mu_);
  return options_.per_account;
}

void Metrics::SetAccountSuccess(std::vector<AccountSuccess> accounts) {
  size_t cap;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!options_.per_account) {
      account_success_.reset();
      return;
    }
    cap = options_.per_account_cap;
  }
  // Keep a stable subset (the first `cap` in label order), so the exported series do not
  // churn from one refresh to the next.
  auto by_labels = [](const AccountSuccess& a, const AccountSuccess& b) {
    return a.plugin != b.plugin ? a.plugin < b.plugin : a.account < b.account;
  };
  bool truncated = accounts.size() > cap;
  if (truncated) {
    std::nth_element(accounts.begin(), accounts.begin() + static_cast<std::ptrdiff_t>(cap),
                     accounts.end(), by_labels);
    accounts.resize(cap);
  }
  std::sort(accounts.begin(), accounts.end(), by_labels);
  auto snapshot = std::make_shared<const std::vector<AccountSuccess>>(std::move(accounts));
  std::lock_guard<std::mutex> lock(mu_);
  if (!options_.per_account) return;
  account_success_ = std::move(snapshot);
  per_account_truncated_.Set(truncated ? 1 : 0);
}

}  // namespace postwatch
