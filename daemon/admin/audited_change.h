// AuditedChange: the audit record of one admin mutation, written before the mutation.
//
//   auto change = AuditedChange::Begin(store, entry);   // fails -> the request fails (500)
//   Status s = <the mutation>;
//   Status recorded = change->Finish(s, target, after_json);
//
// Writing the record first (outcome "pending") means no change is ever made that the log
// does not show; Finish() records how it ended.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "store/store.h"

namespace postwatch {

class AuditedChange {
 public:
  // Appends `entry` with outcome "pending" and at_ms = now. Fails when the store cannot
  // write it; then the caller must not make the change.
  static Result<AuditedChange> Begin(Store& store, AuditEntry entry);

  // Records the outcome: "ok" for an OK `result`, else "failed: <message>". A non-empty
  // `target` / `after_json` replaces the record's. Returns the store's failure, if any.
  Status Finish(const Status& result, std::string_view target = {},
                std::string_view after_json = {});

  int64_t id() const { return id_; }

 private:
  AuditedChange(Store& store, int64_t id) : store_(&store), id_(id) {}

  Store* store_;
  int64_t id_;
};

}  // namespace postwatch
