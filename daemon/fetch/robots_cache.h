// RobotsCache: robots.txt rules per origin (scheme, host, port), with the fetch policy of
// RFC 9309 section 2.3.1 and its 24-hour cache limit (section 2.4).
//
// The cache does no I/O. The poller asks Check() before fetching a URL; on kNeedFetch it
// fetches decision.robots_url with the FetchEngine (which follows up to five redirects) and
// hands the response to Store(). While that fetch is out, other URLs of the same origin get
// kPending (or the expired rules, if there were any), so one origin is asked once.
//
//   RobotsDecision d = robots.Check(url, now_ms);
//   switch (d.verdict) {
//     case RobotsVerdict::kAllowed: fetch url; break;
//     case RobotsVerdict::kDisallowed: record a "blocked" poll; break;
//     case RobotsVerdict::kNeedFetch:
//       engine.Submit({.url = d.robots_url}, [&, key = d.origin](FetchResponse&& r) {
//         robots.Store(key, r, UnixNowMs());  // then re-check the account
//       });
//       break;
//     case RobotsVerdict::kPending: reschedule the account at d.retry_at_ms; break;
//   }
//
// Status policy of Store(): 2xx parses the body; 3xx left after redirects, 4xx (404, 401,
// 403, ...) mean "no robots.txt": allow everything; 429, 5xx and every fetch error
// (network, timeout, blocked, too large, protocol) mean "unreachable": disallow
// everything, re-asked after error_ttl_ms. 429 is treated like 5xx, as the major crawlers
// do: a server that is shedding load has not said that everything is allowed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/mutex.h"
#include "fetch/fetch_request.h"
#include "fetch/robots_rules.h"

namespace postwatch {

struct RobotsCacheOptions {
  int64_t ttl_ms = 24 * 3600 * 1000;   // parsed, or allow-all after 4xx (RFC: at most 24 h)
  int64_t error_ttl_ms = 3600 * 1000;  // disallow-all after 5xx or an unreachable host
  // A kNeedFetch is handed out again when its Store() has not come within this time.
  int64_t fetch_timeout_ms = 120 * 1000;
  size_t max_origins = 10000;  // beyond it, the entry expiring first is evicted
};

enum class RobotsVerdict {
  kAllowed,
  kDisallowed,
  kNeedFetch,  // fetch robots_url and Store() the result under `origin`
  kPending,    // another caller is fetching robots_url: ask again at retry_at_ms
};

struct RobotsDecision {
  RobotsVerdict verdict = RobotsVerdict::kDisallowed;
  std::string origin;       // "https://example.org:443", the key for Store()
  std::string robots_url;   // "https://example.org/robots.txt"
  int64_t retry_at_ms = 0;  // for kPending
  std::string reason;       // for kDisallowed: why, for logs and poll records
};

class RobotsCache {
 public:
  explicit RobotsCache(RobotsCacheOptions options = {});
  RobotsCache(const RobotsCache&) = delete;
  RobotsCache& operator=(const RobotsCache&) = delete;

  // Whether `url` may be fetched at `now_ms` (Unix ms). A URL that is not absolute http(s)
  // is kDisallowed (the fetch engine would refuse it too). Thread-safe.
  RobotsDecision Check(std::string_view url, int64_t now_ms);

  // Records the answer to the robots.txt fetch of `origin` (RobotsDecision::origin) made
  // at `now_ms`, applying the status policy above. A kCancelled response stores nothing
  // and only clears the pending mark. Thread-safe; parsing runs outside the lock.
  void Store(const std::string& origin, const FetchResponse& response, int64_t now_ms);

  // Drops the pending mark of `origin` without caching anything: its robots.txt fetch failed
  // at the transport level, and the caller treats the host as failing (no page is fetched;
  // the next Check() asks for robots.txt again, after the caller's backoff). Thread-safe.
  void Abandon(const std::string& origin);

  // Origins cached (fresh or expired). Thread-safe.
  size_t size() const;

 private:
  struct Entry {
    bool has_rules = false;
    RobotsRules rules;
    int64_t fetched_ms = 0;
    int64_t expires_ms = 0;
    int64_t pending_since_ms = -1;  // a kNeedFetch was handed out then; -1: none
    std::string source;             // "robots.txt", "HTTP 404", "network error", ...
  };

  void EvictIfFullLocked(int64_t now_ms) REQUIRES(mutex_);

  const RobotsCacheOptions options_;
  mutable Mutex mutex_;
  std::unordered_map<std::string, Entry> entries_ GUARDED_BY(mutex_);
};

}  // namespace postwatch
