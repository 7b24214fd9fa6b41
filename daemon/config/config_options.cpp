#include "config/config_options.h"

namespace postwatch {

// One row: the key's pointer, whether a reload may change it, and its member of Config.
#define PW_OPTION(pointer, reloadable, member)                         \
  ConfigOption {                                                       \
    pointer, reloadable, +[](Config & c) -> auto& { return c.member; } \
  }

const std::vector<ConfigOption>& ConfigOptions() {
  static const std::vector<ConfigOption> options = {
      PW_OPTION("/state_dir", false, state_dir),
      PW_OPTION("/database", false, database),
      PW_OPTION("/registry", true, registry),
      PW_OPTION("/plugin_dir", false, plugin_dir),
      PW_OPTION("/flag_lists_dir", true, flag_lists_dir),
      PW_OPTION("/log_level", true, log_level),

      PW_OPTION("/listen/metrics", false, listen.metrics),
      PW_OPTION("/listen/admin", false, listen.admin),

      PW_OPTION("/admin/token_file", true, admin.token_file),
      PW_OPTION("/admin/public_url", true, admin.public_url),

      PW_OPTION("/fetch/user_agent_contact", true, fetch.user_agent_contact),
      PW_OPTION("/fetch/connect_timeout_ms", true, fetch.connect_timeout_ms),
      PW_OPTION("/fetch/timeout_ms", true, fetch.timeout_ms),
      PW_OPTION("/fetch/low_speed_bytes", true, fetch.low_speed_bytes),
      PW_OPTION("/fetch/low_speed_time_s", true, fetch.low_speed_time_s),
      PW_OPTION("/fetch/max_redirects", true, fetch.max_redirects),
      PW_OPTION("/fetch/max_body_bytes", true, fetch.max_body_bytes),
      PW_OPTION("/fetch/max_header_bytes", true, fetch.max_header_bytes),
      PW_OPTION("/fetch/max_concurrency", false, fetch.max_concurrency),
      PW_OPTION("/fetch/per_host_concurrency", true, fetch.per_host_concurrency),
      PW_OPTION("/fetch/per_host_requests_per_second", false, fetch.per_host_requests_per_second),
      PW_OPTION("/fetch/per_host_burst", false, fetch.per_host_burst),
      PW_OPTION("/fetch/allow", true, fetch.allow),
      PW_OPTION("/fetch/proxy", true, fetch.proxy),

      PW_OPTION("/scheduler/default_interval_s", true, scheduler.default_interval_s),
      PW_OPTION("/scheduler/jitter_ratio", true, scheduler.jitter_ratio),
      PW_OPTION("/scheduler/backoff_base_s", true, scheduler.backoff_base_s),
      PW_OPTION("/scheduler/backoff_max_s", true, scheduler.backoff_max_s),
      PW_OPTION("/scheduler/max_requests_per_poll", true, scheduler.max_requests_per_poll),
      PW_OPTION("/scheduler/parse_threads", false, scheduler.parse_threads),
      PW_OPTION("/scheduler/breaker_failures", false, scheduler.breaker_failures),
      PW_OPTION("/scheduler/breaker_base_delay_s", false, scheduler.breaker_base_delay_s),
      PW_OPTION("/scheduler/breaker_max_delay_s", false, scheduler.breaker_max_delay_s),

      PW_OPTION("/store/synchronous", false, store.synchronous),
      PW_OPTION("/store/batch_max_records", false, store.batch_max_records),
      PW_OPTION("/store/batch_max_delay_ms", false, store.batch_max_delay_ms),
      PW_OPTION("/store/queue_capacity", false, store.queue_capacity),
      PW_OPTION("/store/retention_days", true, store.retention_days),

      PW_OPTION("/links/tracking_params", true, links.tracking_params),
      PW_OPTION("/links/shorteners", true, links.shorteners),

      PW_OPTION("/metrics/per_account", false, metrics.per_account),
      PW_OPTION("/metrics/per_account_cap", false, metrics.per_account_cap),
      PW_OPTION("/metrics/group_label_top_n", true, metrics.group_label_top_n),
  };
  return options;
}

#undef PW_OPTION

std::vector<std::string> RestartOnlyChanges(const Config& running, const Config& loaded) {
  std::vector<std::string> changed;
  Config a = running;
  Config b = loaded;
  for (const ConfigOption& option : ConfigOptions()) {
    if (option.reloadable) continue;
    bool differs = std::visit([&](auto field) { return field(a) != field(b); }, option.field);
    if (differs) changed.emplace_back(option.pointer);
  }
  return changed;
}

}  // namespace postwatch
