// IsolatedPlugin: a plugin that runs in postwatch-plugin-runner child processes, so that
// its crashes and hangs cannot take the daemon down (config `isolation: "process"`).
//
// Each call goes to one runner of a small pool (IsolationOptions::pool_size, default 2;
// a call waits for a free runner, at most its deadline). A call that does not answer
// within its deadline, a runner that dies (EOF, signal) and a reply that breaks the wire
// protocol all end the same way: the runner is killed and reaped, the call fails with
// PW_E_INTERNAL and a message such as "plugin broken: parse crashed with SIGSEGV" or
// "plugin broken: parse timed out after 10 s", and the failure is counted.
//
// Runners are (re)started lazily, by the next call that finds no live runner, and only
// after an exponential backoff since the last failure (calls fail fast until then). After
// `quarantine_failures` failures within `quarantine_window`, the plugin is quarantined for
// `quarantine_cool_down`: every call fails fast with a message saying so.
//
// A runner serves one call at a time; the runner re-sends init() with the stored config
// every time it starts, so plugins must not rely on state beyond what init() builds.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "plugin_host/plugin.h"
#include "plugin_host/runner_process.h"

namespace postwatch {

struct IsolationOptions {
  std::string runner_path;  // "" uses DefaultRunnerPath()
  bool check_permissions = true;
  std::chrono::milliseconds call_deadline{10000};
  int pool_size = 2;
  std::chrono::milliseconds backoff_initial{500};
  std::chrono::milliseconds backoff_max{60000};
  int quarantine_failures = 5;
  std::chrono::milliseconds quarantine_window{std::chrono::minutes(5)};
  std::chrono::milliseconds quarantine_cool_down{std::chrono::minutes(10)};
  EmitLimits limits;
};

class IsolatedPlugin final : public Plugin {
 public:
  // Starts one runner for `plugin_path` and reads the manifest from its hello. Fails with
  // the runner's reason when it refuses the plugin (the same checks as Plugin::Load), or
  // when the runner cannot start or does not answer within the call deadline.
  static Result<std::unique_ptr<IsolatedPlugin>> Start(const std::string& plugin_path,
                                                       IsolationOptions options);
  // Stops every runner. Precondition: no call is in progress.
  ~IsolatedPlugin() override;

  // Starts the first runner with init(config_json) and keeps the config for the runners
  // started later. A plugin error fails with InvalidArgument("init failed: ..."), a runner
  // that dies or hangs in init() with Unavailable and how it ended.
  Status Init(std::string_view config_json) override;

  PluginCallResult Call(const PluginInvocation& call) const override;
  bool IsQuarantined() const override;
  int64_t FailureCount() const override;
  std::string_view isolation() const override { return "process"; }

  // Runners started to serve calls (by Init() and restarts), not counting the one Start()
  // read the manifest from. Thread-safe.
  int64_t SpawnCount() const;

 private:
  using Clock = std::chrono::steady_clock;

  explicit IsolatedPlugin(IsolationOptions options);
  // Spawns a runner and reads its hello; the runner is not initialised.
  Result<std::unique_ptr<RunnerProcess>> SpawnRunner(Clock::time_point deadline,
                                                     PluginManifest* manifest) const;
  // Spawns and initialises a runner for a call.
  Result<std::unique_ptr<RunnerProcess>> StartRunner(Clock::time_point deadline) const;
  // Sends init() to `runner`. A plugin error is InvalidArgument; a dead or silent runner is
  // Unavailable with a description of how it ended.
  Status InitRunner(RunnerProcess& runner, Clock::time_point deadline) const;
  // The message of a failed exchange, after stopping the runner.
  std::string DescribeFailure(std::string_view what, const wire::FrameResult& frame,
                              RunnerProcess& runner) const;
  std::string DeadlineText() const;

  // Takes a pool slot (and an idle runner, if there is one) or returns false at `deadline`.
  bool Acquire(Clock::time_point deadline, std::unique_ptr<RunnerProcess>* runner) const;
  // Returns the slot, and `runner` (when still usable) to the idle list.
  void Release(std::unique_ptr<RunnerProcess> runner) const;

  // Health bookkeeping; each returns a fail-fast message, or "" when the call may proceed.
  std::string CheckQuarantine(Clock::time_point now) const;
  std::string CheckBackoff(Clock::time_point now) const;
  void RecordFailure(const std::string& message) const;
  void RecordSuccess() const;

  IsolationOptions options_;
  std::string config_json_ = "{}";
  bool initialised_ = false;

  // The pool. std::mutex because a condition variable needs one.
  mutable std::mutex pool_mu_;
  mutable std::condition_variable pool_cv_;
  mutable std::vector<std::unique_ptr<RunnerProcess>> idle_;  // guarded by pool_mu_
  mutable int in_use_ = 0;                                    // guarded by pool_mu_

  mutable Mutex health_mu_;
  mutable int64_t failures_ GUARDED_BY(health_mu_) = 0;
  mutable int64_t spawns_ GUARDED_BY(health_mu_) = 0;
  mutable int consecutive_failures_ GUARDED_BY(health_mu_) = 0;
  mutable std::deque<Clock::time_point> recent_failures_ GUARDED_BY(health_mu_);
  mutable Clock::time_point next_spawn_at_ GUARDED_BY(health_mu_);
  mutable Clock::time_point quarantined_until_ GUARDED_BY(health_mu_);
  mutable std::string last_failure_ GUARDED_BY(health_mu_);
};

}  // namespace postwatch
