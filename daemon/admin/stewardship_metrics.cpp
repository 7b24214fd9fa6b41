#include "admin/stewardship_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

namespace postwatch {

namespace {

const char* const kTables[] = {"posts", "links", "flag_hits", "poll_history"};

}  // namespace

StewardshipMetrics::StewardshipMetrics(prometheus::Registry& registry)
    : retention_deleted_(prometheus::BuildCounter()
                             .Name("postwatch_retention_deleted_total")
                             .Help("Rows deleted by the retention job, by table.")
                             .Register(registry)),
      retention_runs_(prometheus::BuildCounter()
                          .Name("postwatch_retention_runs_total")
                          .Help("Runs of the retention job, by result.")
                          .Register(registry)),
      retention_duration_(prometheus::BuildGauge()
                              .Name("postwatch_retention_last_run_duration_seconds")
                              .Help("How long the last run of the retention job took.")
                              .Register(registry)
                              .Add({})),
      retention_last_run_(prometheus::BuildGauge()
                              .Name("postwatch_retention_last_run_timestamp_seconds")
                              .Help("When the last run of the retention job ended (Unix time).")
                              .Register(registry)
                              .Add({})),
      erasures_(prometheus::BuildCounter()
                    .Name("postwatch_erasures_total")
                    .Help("Accounts unregistered with all their posts, links, hits and history.")
                    .Register(registry)
                    .Add({})),
      erased_rows_(prometheus::BuildCounter()
                       .Name("postwatch_erased_rows_total")
                       .Help("Rows deleted by account erasures, by table.")
                       .Register(registry)) {
  for (const char* table : kTables) {
    retention_deleted_.Add({{"table", table}});
    erased_rows_.Add({{"table", table}});
  }
  retention_runs_.Add({{"result", "ok"}});
  retention_runs_.Add({{"result", "failed"}});
}

void StewardshipMetrics::RetentionBatchDeleted(const RetentionBatch& batch) {
  retention_deleted_.Add({{"table", "posts"}}).Increment(static_cast<double>(batch.posts));
  retention_deleted_.Add({{"table", "links"}}).Increment(static_cast<double>(batch.links));
  retention_deleted_.Add({{"table", "flag_hits"}}).Increment(static_cast<double>(batch.flag_hits));
  retention_deleted_.Add({{"table", "poll_history"}})
      .Increment(static_cast<double>(batch.poll_history));
}

void StewardshipMetrics::RetentionRunFinished(bool ok, double seconds, double end_unix_s) {
  retention_runs_.Add({{"result", ok ? "ok" : "failed"}}).Increment();
  retention_duration_.Set(seconds);
  retention_last_run_.Set(end_unix_s);
}

void StewardshipMetrics::AccountsErased(int64_t accounts) {
  if (accounts > 0) erasures_.Increment(static_cast<double>(accounts));
}

void StewardshipMetrics::AccountErased(const AccountDataCounts& counts) {
  erasures_.Increment();
  erased_rows_.Add({{"table", "posts"}}).Increment(static_cast<double>(counts.posts));
  erased_rows_.Add({{"table", "links"}}).Increment(static_cast<double>(counts.links));
  erased_rows_.Add({{"table", "flag_hits"}}).Increment(static_cast<double>(counts.flag_hits));
  erased_rows_.Add({{"table", "poll_history"}}).Increment(static_cast<double>(counts.polls));
}

}  // namespace postwatch
