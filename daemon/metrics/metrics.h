// Metrics: the postwatch_* metric families (DESIGN.md "Metrics"), registered in one
// prometheus-cpp registry, and the /metrics text rendering.
//
// Metric names and labels are an interface: dashboards, alerts and tests depend on them.
// Labels are bounded: plugin, reason, code_class, list, op, state, window, and the opt-in
// group (top N groups plus "other"). By default nothing is labelled per account, so the
// scrape does not grow with the fleet; the opt-in per-account gauge is capped and written
// by our own writer (per_account_writer.h), not by prometheus-cpp.
// Thread-safe: every method may be called from any thread.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/group_labels.h"
#include "metrics/per_account_writer.h"

namespace postwatch {

// The reasons of postwatch_poll_failures_total, initialised to 0 for every plugin.
extern const char* const kPollFailureReasons[];
extern const size_t kPollFailureReasonCount;
// The states of postwatch_accounts.
extern const char* const kAccountStates[];
extern const size_t kAccountStateCount;
// The windows of postwatch_posts_published, by published time: "24h", "7d", "30d".
extern const char* const kActivityWindows[];
extern const int64_t kActivityWindowSeconds[];
extern const size_t kActivityWindowCount;

// The opt-in parts of the catalogue (config "metrics").
struct MetricsOptions {
  size_t group_label_top_n = 0;  // 0: no group label
  bool per_account = false;      // postwatch_account_last_success_timestamp_seconds
  size_t per_account_cap = 20000;
};

// Posts of one (plugin, group) published within each activity window (kActivityWindows
// order), as counted from the store.
struct PostingActivity {
  std::string plugin;
  std::string group;  // the account's group as registered; Metrics maps it to a label
  int64_t posts[3] = {0, 0, 0};
};

class Metrics {
 public:
  Metrics(std::string version, std::string revision);

  // Applies the opt-in options; call at start and on reload. Switching the group label on
  // or off drops and re-creates the series of the families that carry it (their counters
  // restart from 0, which rate() treats as a reset).
  void Configure(const MetricsOptions& options);
  MetricsOptions options() const;

  // Account counts per group, which pick the top N groups of the `group` label. Groups
  // that leave the top N keep their existing series; new counts go to their new label.
  void SetGroupSizes(const std::map<std::string, int64_t>& accounts_per_group);
  // The current label value of `group`: "" when the group label is off.
  std::string GroupLabel(const std::string& group) const;

  // Declares a plugin and initialises its label combinations to 0.
  void AddPlugin(const std::string& plugin, const std::string& version, bool enabled, bool up);
  // Declares a flag list with its entry count and reload time.
  void SetFlagList(const std::string& list, double entries, double reload_unix_s);
  // Removes the series of a flag list that no longer exists.
  void RemoveFlagList(const std::string& list);

  void PollFinished(const std::string& plugin, double seconds, std::string_view failure_reason);
  void ScheduleLag(const std::string& plugin, double seconds);
  void HttpResponse(const std::string& plugin, int status);  // status 0: transport failure
  void NotModified(const std::string& plugin);
  void RateLimited(const std::string& plugin);
  void SetBreakerOpen(const std::string& plugin, bool open);
  // Hosts of `plugin`'s requests whose circuit breaker is open.
  void SetOpenHostBreakers(const std::string& plugin, double hosts);
  // 1 while calls to the plugin fail fast because it crashed, hung or overran its deadline
  // too often (process isolation or the in-process watchdog).
  void SetPluginQuarantined(const std::string& plugin, bool quarantined);
  // A poll that waited instead of going out: reason "rate_limit", "breaker" or "robots".
  void PollDeferred(const std::string& plugin, std::string_view reason);
  // An owner-granted credential refresh: result "ok", "auth" (refused) or "error".
  void CredentialRefresh(const std::string& plugin, std::string_view result);
  // After a commit: new posts and links of an account of `group`, and one list name per
  // new flagged link share.
  void PostsCommitted(const std::string& plugin, const std::string& group, int new_posts,
                      int new_links, const std::vector<std::string>& flagged_lists);
  void PostInterval(const std::string& plugin, double seconds);
  // Replaces the account counts by plugin and state, and the staleness gauges.
  void SetAccountCounts(
      const std::map<std::string, std::map<std::string, double>>& by_plugin_state);
  void SetStaleness(const std::string& plugin, double stale_accounts, double oldest_success_unix_s);
  void StoreWrite(std::string_view op, double seconds, bool ok);
  // One failed store write, by WriteFailureName() ("full", "io", "busy", "refused", "other").
  void StoreWriteFailed(std::string_view reason);
  void SetStoreSize(double bytes);
  void SetStoreDegraded(bool degraded);
  // Free and total bytes of the filesystem holding the database.
  void SetStoreFilesystem(double avail_bytes, double size_bytes);

  // Replaces postwatch_posts_published: rows of (plugin, group) with their post counts per
  // window. Known series missing from `rows` drop to 0.
  void SetPostingActivity(const std::vector<PostingActivity>& rows);

  // True when the per-account gauge is enabled, so callers can skip building a snapshot.
  bool per_account() const;
  // Replaces the per-account snapshot. Only the first per_account_cap accounts in (plugin,
  // account) order are kept; postwatch_metrics_per_account_truncated says whether any
  // were cut. Ignored (and the snapshot cleared) while per_account is off.
  void SetAccountSuccess(std::vector<AccountSuccess> accounts);

  // The text exposition format (version 0.0.4): prometheus-cpp's families, then the
  // per-account series when enabled.
  std::string Render() const;

  prometheus::Registry& registry() { return *registry_; }

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Gauge>& build_info_;
  prometheus::Family<prometheus::Gauge>& plugin_info_;
  prometheus::Family<prometheus::Gauge>& plugin_enabled_;
  prometheus::Family<prometheus::Gauge>& plugin_up_;
  prometheus::Family<prometheus::Gauge>& accounts_;
  prometheus::Family<prometheus::Gauge>& accounts_stale_;
  prometheus::Family<prometheus::Gauge>& oldest_success_;
  prometheus::Family<prometheus::Counter>& polls_;
  prometheus::Family<prometheus::Counter>& poll_failures_;
  prometheus::Family<prometheus::Histogram>& poll_duration_;
  prometheus::Family<prometheus::Histogram>& schedule_lag_;
  prometheus::Family<prometheus::Counter>& http_requests_;
  prometheus::Family<prometheus::Counter>& not_modified_;
  prometheus::Family<prometheus::Counter>& rate_limited_;
  prometheus::Family<prometheus::Gauge>& breaker_open_;
  prometheus::Family<prometheus::Gauge>& breaker_open_hosts_;
  prometheus::Family<prometheus::Gauge>& plugin_quarantined_;
  prometheus::Family<prometheus::Counter>& polls_deferred_;
  prometheus::Family<prometheus::Counter>& credential_refreshes_;
  prometheus::Family<prometheus::Counter>& posts_seen_;
  prometheus::Family<prometheus::Histogram>& post_interval_;
  prometheus::Family<prometheus::Counter>& links_seen_;
  prometheus::Family<prometheus::Counter>& flagged_shares_;
  prometheus::Family<prometheus::Gauge>& flag_list_entries_;
  prometheus::Family<prometheus::Gauge>& flag_list_reload_;
  prometheus::Family<prometheus::Histogram>& store_write_duration_;
  prometheus::Family<prometheus::Counter>& store_write_failures_;
  prometheus::Family<prometheus::Counter>& store_write_failure_reasons_;
  prometheus::Gauge& store_size_;
  prometheus::Gauge& store_degraded_;
  prometheus::Gauge& store_fs_avail_;
  prometheus::Gauge& store_fs_size_;
  prometheus::Family<prometheus::Gauge>& posts_published_;
  prometheus::Gauge& per_account_truncated_;

  // Adds (at 0) every known combination of the families that may carry the group label.
  void InitGroupedSeriesLocked();
  // Labels of a grouped family's series: `base` plus group when the label is on.
  prometheus::Labels WithGroupLocked(prometheus::Labels base, const std::string& group) const;

  mutable std::mutex mu_;
  std::vector<std::string> plugins_;            // guarded by mu_
  std::vector<std::string> lists_;              // guarded by mu_
  MetricsOptions options_;                      // guarded by mu_
  GroupLabels groups_;                          // guarded by mu_
  std::map<std::string, int64_t> group_sizes_;  // guarded by mu_
  // Series created in the grouped families, so a group-mode switch can remove them.
  std::set<prometheus::Counter*> posts_seen_series_;  // guarded by mu_
  std::set<prometheus::Counter*> flagged_series_;     // guarded by mu_
  std::set<prometheus::Gauge*> published_gauges_;     // guarded by mu_
  // The per-account snapshot, shared with Render() so a scrape never copies it.
  std::shared_ptr<const std::vector<AccountSuccess>> account_success_;  // guarded by mu_
};

}  // namespace postwatch
