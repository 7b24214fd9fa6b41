#include "admin/audited_change.h"

#include "base/log.h"
#include "base/time_format.h"

namespace postwatch {

Result<AuditedChange> AuditedChange::Begin(Store& store, AuditEntry entry) {
  entry.at_ms = UnixNowMs();
  entry.outcome = "pending";
  Result<int64_t> id = store.AppendAudit(entry);
  if (!id.ok()) {
    Log(LogLevel::kError, "admin",
        "audit record for " + entry.action +
            " not written, change refused: " + id.status().ToString());
    return id.status();
  }
  return AuditedChange(store, *id);
}

Status AuditedChange::Finish(const Status& result, std::string_view target,
                             std::string_view after_json) {
  std::string outcome = result.ok() ? "ok" : "failed: " + result.ToString();
  Status s = store_->FinishAudit(id_, outcome, target, after_json);
  if (!s.ok()) {
    Log(LogLevel::kError, "admin",
        "audit record " + std::to_string(id_) + " keeps outcome 'pending': " + s.ToString());
  }
  return s;
}

}  // namespace postwatch
