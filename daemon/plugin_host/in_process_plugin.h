// InProcessPlugin: a plugin library dlopen()ed into this process (the default isolation),
// with a watchdog on the length of each call.
//
// The watchdog cannot stop a call: a thread stuck inside a plugin stays stuck. What it does
// is stop sending work to such a plugin. When a call has run past its deadline (noticed on
// the next call or IsQuarantined(), or when the call returns late), the plugin is
// quarantined: it is logged as an error, counted, and every call fails fast with
// PW_E_INTERNAL until the overdue call has returned and the cool-down has passed. A plugin
// that crashes or hangs should run with `isolation: "process"` (IsolatedPlugin) instead.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "base/mutex.h"
#include "plugin_host/plugin.h"

namespace postwatch {

class InProcessPlugin final : public Plugin {
 public:
  // See Plugin::Load. The library stays loaded until this object is destroyed.
  static Result<std::unique_ptr<InProcessPlugin>> Load(const std::string& path,
                                                       bool check_permissions = true);
  // See Plugin::FromTable. `table` must outlive the plugin.
  static Result<std::unique_ptr<InProcessPlugin>> FromTable(const pw_plugin* table,
                                                            std::string origin);

  ~InProcessPlugin() override;

  Status Init(std::string_view config_json) override;

  // Turns the watchdog on (`deadline` > 0) or off (0, the default). Not thread-safe: call
  // before the first call.
  void SetCallDeadline(std::chrono::milliseconds deadline, std::chrono::milliseconds cool_down);

  PluginCallResult Call(const PluginInvocation& call) const override;
  bool IsQuarantined() const override;
  int64_t FailureCount() const override;
  std::string_view isolation() const override { return "inprocess"; }

 private:
  using Clock = std::chrono::steady_clock;
  struct ActiveCall {
    Clock::time_point started;
    PluginMethod method;
  };

  InProcessPlugin() = default;
  static Result<std::unique_ptr<InProcessPlugin>> FromEntry(const pw_plugin* table,
                                                            std::string origin);
  PluginCallResult Invoke(const PluginInvocation& call) const;
  // Logs and counts calls that have newly passed their deadline; true while any overdue
  // call is still running.
  bool CheckOverdue(Clock::time_point now) const REQUIRES(mu_);
  std::string DeadlineText() const;

  std::unique_ptr<void, int (*)(void*)> handle_{nullptr, nullptr};
  const pw_plugin* table_ = nullptr;
  void* state_ = nullptr;
  bool initialised_ = false;

  std::chrono::milliseconds deadline_{0};
  std::chrono::milliseconds cool_down_{0};
  mutable Mutex mu_;
  mutable uint64_t next_call_id_ GUARDED_BY(mu_) = 0;
  mutable std::map<uint64_t, ActiveCall> active_ GUARDED_BY(mu_);
  mutable std::set<uint64_t> overdue_ GUARDED_BY(mu_);  // active calls already reported
  mutable Clock::time_point quarantined_until_ GUARDED_BY(mu_);
  mutable int64_t failures_ GUARDED_BY(mu_) = 0;
};

}  // namespace postwatch
