// Poller: runs the polls of registered accounts, end to end.
//
//   due queue -> plugin.plan -> fetch engine -> plugin.parse (-> more requests)
//     -> link pipeline -> store (one transaction per poll) -> metrics after the commit
//
// Threads: a driver thread pops due accounts; the fetch engine's thread does I/O; a worker
// pool runs plugin calls and the link pipeline; the store's writer commits. A poll in
// flight holds a snapshot of its account; the in-memory account table is the live state,
// the store its durable copy.
//
// Failures stay small: a failing plugin or host only backs off its own accounts.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "fetch/robots_cache.h"
#include "model/account.h"
#include "model/poll_record.h"
#include "plugin_host/plugin_set.h"
#include "poller/worker_pool.h"
#include "scheduler/circuit_breaker.h"
#include "scheduler/due_queue.h"
#include "scheduler/host_rate_limiter.h"
#include "scheduler/poll_policy.h"

namespace postwatch {

class CredentialStore;
class FetchEngine;
struct FetchResponse;
class LinkPipeline;
class Metrics;
class Store;

struct PollerOptions {
  PollPolicyOptions policy;
  int worker_threads = 2;
  int max_in_flight = 256;  // polls in flight at once
  int max_requests_per_poll = 10;
  uint64_t seed = 0;  // 0: seeded from the clock
  // Politeness and containment, applied to every request a plugin asks for:
  CircuitBreakerOptions host_breaker;    // per host: transport failures and 5xx
  CircuitBreakerOptions plugin_breaker;  // per plugin: its plan/parse errors
  HostRateLimiterOptions host_rate;      // per host: token bucket, Retry-After, quota hints
  RobotsCacheOptions robots;             // for plugins with PW_PLUGIN_READS_WEB_PAGES
};

struct PollerStats {
  int64_t polls = 0;
  int64_t failures = 0;
  int64_t in_flight = 0;
  size_t accounts = 0;
  std::string last_error;
};

class Poller {
 public:
  // The dependencies must outlive the Poller. `metrics` may be null.
  Poller(PollerOptions options, FetchEngine& fetch, Store& store, Metrics* metrics);
  ~Poller();  // Stops.
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  // Replaces the plugins and the link pipeline; polls already running finish with the old
  // ones. Thread-safe.
  void SetPlugins(std::shared_ptr<const PluginSet> plugins);
  void SetLinkPipeline(std::shared_ptr<const LinkPipeline> links);
  // Owner-granted credentials of accounts (may be null: no account has one). The store
  // must outlive the Poller. Call before Start().
  void SetCredentials(CredentialStore* credentials);
  // The operator's app credential per plugin name (pw_account.app_credential). Thread-safe.
  void SetAppCredentials(std::map<std::string, std::string> by_plugin);

  // Replaces the registered accounts: new ones are scheduled (spread over their interval
  // when overdue), changed ones keep their poll state, removed ones stop being polled.
  // Thread-safe.
  void SetAccounts(std::vector<Account> accounts);

  // Polls `account_id` as soon as possible (a new credential arrived). No-op for unknown,
  // paused or in-flight accounts. Thread-safe.
  void PollSoon(int64_t account_id);

  // Starts the driver thread. Call once, after SetPlugins and SetAccounts.
  void Start();
  // Stops starting polls. Polls in flight finish, or are abandoned when their fetch is
  // cancelled; either way nothing half-done is stored.
  void BeginStop();
  // BeginStop(), then waits for polls in flight and joins. Safe to call twice.
  void Stop();

  // The store's commit callback: updates metrics that count only what was new.
  void OnCommitted(const std::vector<CommitResult>& results);

  // Recomputes account-state and staleness gauges. Called periodically by the app.
  void RefreshAccountMetrics();

  PollerStats stats() const;

 private:
  struct Poll;
  void DriverLoop();
  void StartPoll(int64_t account_id, int64_t due_ms);
  // Resolves (when needed) and plans the poll proper.
  void BeginPoll(std::shared_ptr<Poll> poll);
  // Refreshes the poll's owner-granted credential, then begins the poll.
  void BeginRefresh(std::shared_ptr<Poll> poll);
  // The refresh step's response was parsed into `r`.
  void OnRefreshed(std::shared_ptr<Poll> poll, PluginCallResult r);
  // Stores a credential a plugin emitted for the poll's account.
  void KeepCredential(Poll& poll, const CredentialUpdate& update, std::string_view source);
  void FetchNext(std::shared_ptr<Poll> poll);
  void OnResponse(std::shared_ptr<Poll> poll, FetchResponse response, std::string tag);
  void Fail(std::shared_ptr<Poll> poll, std::string reason, std::string message,
            std::optional<int64_t> retry_after_s = std::nullopt, bool gone = false,
            bool auth = false);
  void Succeed(std::shared_ptr<Poll> poll, bool not_modified);
  // Puts a poll back in the queue for `retry_at_ms` without recording anything: a breaker,
  // the host's rate limit or a robots.txt fetch said "not now". Not a failure.
  void Defer(std::shared_ptr<Poll> poll, int64_t retry_at_ms, std::string_view reason);
  // Fetches robots.txt for the poll's next request, then carries on with the poll.
  void FetchRobots(std::shared_ptr<Poll> poll, const RobotsDecision& decision);
  // Feeds a fetch outcome to the host's breaker and rate limiter.
  void RecordHostOutcome(const Poll& poll, const std::string& host, const FetchResponse& r);
  void OnHostBreaker(const std::string& key, bool open);
  // Drops a poll cut short by shutdown: nothing is recorded, so the next start replays it.
  void Abandon(std::shared_ptr<Poll> poll);
  void Finish(std::shared_ptr<Poll> poll, PollRecord record);
  std::shared_ptr<const PluginSet> plugins() const;
  std::shared_ptr<const LinkPipeline> links() const;

  PollerOptions options_;
  PollPolicy policy_;
  FetchEngine& fetch_;
  Store& store_;
  Metrics* metrics_;
  DueQueue due_;
  WorkerPool workers_;

  mutable std::mutex mu_;
  std::unordered_map<int64_t, Account> accounts_;       // guarded by mu_
  std::unordered_set<int64_t> in_flight_;               // guarded by mu_
  std::shared_ptr<const PluginSet> plugins_;            // guarded by mu_
  std::shared_ptr<const LinkPipeline> links_;           // guarded by mu_
  std::map<std::string, std::string> app_credentials_;  // guarded by mu_
  CredentialStore* credentials_ = nullptr;
  std::mt19937_64 rng_;     // guarded by mu_
  std::string last_error_;  // guarded by mu_

  CircuitBreaker host_breaker_;  // keyed "plugin host"
  CircuitBreaker plugin_breaker_;
  HostRateLimiter host_rate_;
  RobotsCache robots_;
  std::mutex breaker_mu_;
  std::unordered_map<std::string, int> open_hosts_;  // plugin -> hosts open; guarded by breaker_mu_

  std::atomic<int64_t> polls_{0};
  std::atomic<int64_t> failures_{0};
  std::atomic<int64_t> in_flight_count_{0};
  std::atomic<bool> stopping_{false};
  std::thread driver_;
  std::mutex done_mu_;
  std::condition_variable done_cv_;
};

}  // namespace postwatch
