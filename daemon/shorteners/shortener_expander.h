// ShortenerExpander: expands short links (bit.ly, t.co, ...) in the background, hop by hop,
// through the guarded fetch engine, caches where they lead, and adds the flag hits of the
// final URL and every hop to links stored before the expansion finished.
//
//   auto expander = ShortenerExpander::Create(options, fetch_options, db_path);
//   (*expander)->SetMatcher(matcher);                    // and again after each list reload
//   (*expander)->SetHitsCallback([&](const auto& hits) { /* count them in metrics */ });
//   (*expander)->Start();
//   LinkPipeline pipeline(pipeline_options, matcher, *expander);   // the resolver
//   ...
//   (*expander)->Stop();                                  // before the store closes
//
// How a post with a short link is handled (option (a) of issue 3): the poll never waits.
// The pipeline asks Cached(); on a miss the link is stored matched as it is (the short URL
// and its unwrapping chain) and RequestExpansion() queues it. When the expansion finishes,
// the chain is matched and AddFlagHitsForExpandedLink() updates every stored link whose
// final URL is that short link: its chain, its final URL, and the new hits, each reported
// once through the hits callback. Because the expansion may finish before the poll that
// found the link is committed, the update is repeated a few times after the expansion
// (reapply_delays_ms); it is idempotent. A periodic sweep (and one at Start) retries short
// links stored unexpanded, which covers failed expansions and restarts.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "fetch/fetch_engine.h"
#include "fetch/fetch_options.h"
#include "links/flag_matcher.h"
#include "links/shortener_resolver.h"
#include "links/url_normalizer.h"
#include "links/url_unwrapper.h"
#include "shorteners/expansion_lru.h"
#include "shorteners/expansion_rate_limiter.h"
#include "store/shortener_cache.h"

namespace postwatch {

struct ShortenerExpanderOptions {
  // Shortener domains in addition to DefaultShortenerDomains(); the sweep looks for stored
  // unexpanded links on these hosts.
  std::vector<std::string> extra_shortener_domains;
  // How hops are normalised and unwrapped; use the link pipeline's options.
  NormalizeOptions normalize;
  int max_unwrap_depth = kDefaultUnwrapDepth;

  int max_hops = 5;  // redirects followed per short link
  int64_t success_ttl_ms = 30LL * 24 * 3600 * 1000;
  // A failure is retried after failure_ttl_ms, doubling with each failure in a row up to
  // max_failure_ttl_ms.
  int64_t failure_ttl_ms = 3600LL * 1000;
  int64_t max_failure_ttl_ms = 24LL * 3600 * 1000;

  ExpansionRateLimit per_host;  // requests per host (shortener or hop)
  int max_in_flight = 8;        // requests on the wire at once
  size_t max_queued = 10000;    // RequestExpansion() beyond this is dropped (the sweep retries)
  size_t lru_capacity = 50000;

  // After an expansion, the stored links are updated at once and again after these delays.
  std::vector<int64_t> reapply_delays_ms = {2000, 10000, 60000};
  int64_t sweep_interval_ms = 10LL * 60 * 1000;
  int sweep_limit_per_host = 1000;
};

// Thread-safety: Cached() and RequestExpansion() may be called from any thread and never
// block on the network (Cached may read the SQLite cache). The other methods are for the
// owner's thread. Neither copyable nor movable: fetch callbacks hold `this`.
class ShortenerExpander : public ShortenerResolver {
 public:
  // Queues one request on a fetch engine; `done` runs exactly once, on any thread.
  using SubmitFetch = std::function<void(FetchRequest, FetchEngine::Done)>;
  // Runs on the expander thread with the hits added to stored links; must be quick.
  using HitsCallback = std::function<void(const std::vector<AddedFlagHit>&)>;

  struct Stats {
    uint64_t requests = 0;    // HTTP requests made
    uint64_t expanded = 0;    // expansions that reached an answer
    uint64_t failed = 0;      // expansions that failed (and will be retried)
    uint64_t dropped = 0;     // RequestExpansion() calls refused because the queue was full
    uint64_t hits_added = 0;  // flag hits added to links stored before their expansion
    size_t queued = 0;        // short links waiting or being expanded
  };

  // `submit` performs the requests; its engine must not follow redirects (max_redirects 0).
  // `cache` may be null: expansions are then kept in memory only and nothing stored is
  // updated (postwatchctl, tests).
  ShortenerExpander(ShortenerExpanderOptions options, SubmitFetch submit,
                    std::unique_ptr<ShortenerCache> cache);

  // The daemon's expander: its own FetchEngine built from `fetch` (same SSRF guard, allow
  // list, proxy and timeouts as the poller's) with redirects off, a small body cap and
  // max_in_flight transfers, and the shortener cache of the database at `db_path` (migrated
  // already: open the Store first). Not started.
  static Result<std::shared_ptr<ShortenerExpander>> Create(ShortenerExpanderOptions options,
                                                           FetchOptions fetch,
                                                           const std::string& db_path);

  ~ShortenerExpander() override;  // Stop()
  ShortenerExpander(const ShortenerExpander&) = delete;
  ShortenerExpander& operator=(const ShortenerExpander&) = delete;

  // The matcher that expanded chains are checked against; null matches nothing. Call again
  // after each flag list reload. Thread-safe.
  void SetMatcher(std::shared_ptr<const FlagMatcher> matcher);
  // Set before Start().
  void SetHitsCallback(HitsCallback callback);

  // Starts the expander thread (and the owned fetch engine); the first sweep runs at once.
  // kInternal when called twice or the fetch engine fails to start.
  Status Start();
  // Stops the thread and the owned fetch engine; expansions in progress are abandoned (the
  // next start's sweep picks them up). Safe to call twice.
  void Stop();

  // ShortenerResolver. Cached(): the hops of a successful expansion (stale ones too, which
  // are then refreshed in the background); nullopt when unknown or last failed.
  std::optional<std::vector<std::string>> Cached(std::string_view short_url) const override;
  void RequestExpansion(std::string_view short_url) const override;

  Stats GetStats() const;

 private:
  struct Job {
    std::string short_url;
    std::string url;                // the URL to request next (resolved, not normalised)
    std::string host;               // its host, for the rate limit
    std::string method;             // "HEAD" or "GET"
    std::vector<std::string> hops;  // normalised redirect targets so far
    int64_t previous_failures = 0;
  };
  struct Completion {
    uint64_t job_id = 0;
    FetchResponse response;
  };
  struct Reapply {
    std::string short_url;
    std::vector<std::string> hops;
  };

  // Expander thread.
  void Run();
  void StartJob(const std::string& short_url);
  void Enqueue(Job job);
  void HandleCompletion(Completion completion);
  void Finish(Job& job, bool ok, std::string error);
  void ApplyToStoredLinks(const std::string& short_url, const std::vector<std::string>& hops);
  int64_t DispatchReady(int64_t now_ms);  // returns ms until the next rate-limited job is due
  void RunDueReapplies(int64_t now_ms);
  void Sweep();

  // An expansion known in memory or in the table; null cache gives memory only.
  std::optional<ShortenerExpansion> Lookup(std::string_view short_url) const;
  // Queues `short_url` unless already queued; false when the queue is full.
  bool Request(std::string_view short_url) const;

  const ShortenerExpanderOptions options_;
  const SubmitFetch submit_;
  const std::unique_ptr<ShortenerCache> cache_;  // may be null
  std::vector<std::string> shortener_domains_;

  mutable std::mutex lru_mu_;
  mutable ExpansionLru lru_;  // guarded by lru_mu_

  mutable std::mutex mu_;
  mutable std::condition_variable wake_;
  // Fields below, up to the thread-owned ones, are guarded by mu_.
  mutable std::deque<std::string> requests_;
  mutable std::unordered_set<std::string> pending_;  // queued or being expanded
  std::deque<Completion> completions_;
  std::shared_ptr<const FlagMatcher> matcher_;
  HitsCallback hits_callback_;
  mutable Stats stats_;
  bool started_ = false;
  bool stopping_ = false;

  // Owned by the expander thread.
  ExpansionRateLimiter limiter_;
  std::map<std::string, std::deque<Job>> waiting_;  // by host
  std::unordered_map<uint64_t, Job> in_flight_;
  uint64_t next_job_id_ = 1;
  std::multimap<int64_t, Reapply> reapplies_;  // by due time (steady ms)
  int64_t next_sweep_ms_ = 0;

  std::thread thread_;
  // Declared last: stopped (by Stop) before the members its callbacks touch go away.
  std::unique_ptr<FetchEngine> owned_engine_;
};

}  // namespace postwatch
