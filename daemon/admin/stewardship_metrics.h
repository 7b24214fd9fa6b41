// Metrics of the data-stewardship jobs: retention (old history deleted on a schedule) and
// erasure (an unregistered account's data deleted).
//
//   postwatch_retention_deleted_total{table}            rows deleted by retention
//   postwatch_retention_runs_total{result}              runs, by "ok" / "failed"
//   postwatch_retention_last_run_duration_seconds       how long the last run took
//   postwatch_retention_last_run_timestamp_seconds      when the last run ended
//   postwatch_erasures_total                            accounts erased
//   postwatch_erased_rows_total{table}                  rows deleted by erasures
//
// table is one of posts, links, flag_hits, poll_history. Thread-safe.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <cstdint>

#include "store/account_export.h"
#include "store/retention.h"

namespace postwatch {

class StewardshipMetrics {
 public:
  // Registers the families in `registry`, which must outlive this object.
  explicit StewardshipMetrics(prometheus::Registry& registry);

  void RetentionBatchDeleted(const RetentionBatch& batch);
  void RetentionRunFinished(bool ok, double seconds, double end_unix_s);
  // One account erased through the admin API, with what was deleted.
  void AccountErased(const AccountDataCounts& counts);
  // Accounts erased because the registry file no longer lists them.
  void AccountsErased(int64_t accounts);

 private:
  prometheus::Family<prometheus::Counter>& retention_deleted_;
  prometheus::Family<prometheus::Counter>& retention_runs_;
  prometheus::Gauge& retention_duration_;
  prometheus::Gauge& retention_last_run_;
  prometheus::Counter& erasures_;
  prometheus::Family<prometheus::Counter>& erased_rows_;
};

}  // namespace postwatch
