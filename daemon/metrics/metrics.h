// Metrics: the postwatch_* metric families (DESIGN.md "Metrics"), registered in one
// prometheus-cpp registry, and the /metrics text rendering.
//
// Metric names and labels are an interface: dashboards, alerts and tests depend on them.
// Labels are bounded: plugin, reason, code_class, list, op, state. Nothing is labelled per
// account. Thread-safe: every method may be called from any thread.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace postwatch {

// The reasons of postwatch_poll_failures_total, initialised to 0 for every plugin.
extern const char* const kPollFailureReasons[];
extern const size_t kPollFailureReasonCount;
// The states of postwatch_accounts.
extern const char* const kAccountStates[];
extern const size_t kAccountStateCount;

class Metrics {
 public:
  Metrics(std::string version, std::string revision);

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
  void PostsCommitted(const std::string& plugin, int new_posts, int new_links,
                      const std::vector<std::string>& flagged_lists);
  void PostInterval(const std::string& plugin, double seconds);
  // Replaces the account counts by plugin and state, and the staleness gauges.
  void SetAccountCounts(
      const std::map<std::string, std::map<std::string, double>>& by_plugin_state);
  void SetStaleness(const std::string& plugin, double stale_accounts, double oldest_success_unix_s);
  void StoreWrite(std::string_view op, double seconds, bool ok);
  void SetStoreSize(double bytes);

  // The text exposition format (version 0.0.4) of every family.
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
  prometheus::Family<prometheus::Counter>& posts_seen_;
  prometheus::Family<prometheus::Histogram>& post_interval_;
  prometheus::Family<prometheus::Counter>& links_seen_;
  prometheus::Family<prometheus::Counter>& flagged_shares_;
  prometheus::Family<prometheus::Gauge>& flag_list_entries_;
  prometheus::Family<prometheus::Gauge>& flag_list_reload_;
  prometheus::Family<prometheus::Histogram>& store_write_duration_;
  prometheus::Family<prometheus::Counter>& store_write_failures_;
  prometheus::Gauge& store_size_;

  mutable std::mutex mu_;
  std::vector<std::string> plugins_;  // guarded by mu_
  std::vector<std::string> lists_;    // guarded by mu_
};

}  // namespace postwatch
