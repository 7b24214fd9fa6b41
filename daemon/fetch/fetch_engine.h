// FetchEngine: runs HTTP(S) requests for the whole daemon on one thread, under the fetch
// policy (DESIGN.md "Fetch policy"): caps, timeouts, http/https only, the SSRF guard, and
// per-host concurrency.
//
//   FetchEngine engine(options);
//   if (Status s = engine.Start(); !s.ok()) ...
//   engine.Submit({.url = "https://example.org/feed"}, [](FetchResponse&& r) { ... });
//   ...
//   engine.Stop();
//
// libcurl must have been initialised with curl_global_init before Start (main does it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "base/mutex.h"
#include "base/status.h"
#include "fetch/address_policy.h"
#include "fetch/admission_queue.h"
#include "fetch/curl_handles.h"
#include "fetch/fetch_options.h"
#include "fetch/fetch_request.h"

namespace postwatch {

class Transfer;

class FetchEngine {
 public:
  // Runs on the fetch thread with the finished response. It must return quickly: hand any
  // heavy work (parsing, storage) to another thread. Exceptions it throws are logged and
  // swallowed.
  using Done = std::function<void(FetchResponse&&)>;

  struct Stats {
    size_t in_flight = 0;    // transfers on the wire
    size_t queued = 0;       // submitted, waiting for a concurrency slot
    uint64_t completed = 0;  // done callbacks run, cancellations included
  };

  explicit FetchEngine(FetchOptions options);
  // Stops the engine (see Stop).
  ~FetchEngine();

  // libcurl holds `this` in callbacks: neither copyable nor movable.
  FetchEngine(const FetchEngine&) = delete;
  FetchEngine& operator=(const FetchEngine&) = delete;

  // Validates the options and starts the fetch thread. Returns InvalidArgument for a bad
  // `allow` entry, Internal when libcurl or the thread cannot be set up or when called
  // twice. Not thread-safe with itself or Stop.
  Status Start();

  // Queues `request`; `done` is called exactly once, on the fetch thread, with the
  // response. Requests submitted before Start wait for it. After Stop, `done` is called
  // before Submit returns, on the caller's thread, with kCancelled. Thread-safe; never
  // waits for network I/O.
  void Submit(FetchRequest request, Done done);

  // Cancels queued and in-flight requests (their `done` gets kCancelled) and joins the
  // fetch thread. Idempotent. Thread-safe, but must not be called from a `done` callback
  // (that would join the fetch thread from itself; it then only requests the stop).
  void Stop();

  // A snapshot; may lag the fetch thread by one loop iteration. Thread-safe.
  Stats GetStats() const;

 private:
  enum class State { kNew, kRunning, kStopped };
  struct Job {
    FetchRequest request;
    Done done;
  };
  struct Running {
    std::string host;
    std::unique_ptr<Transfer> transfer;
  };

  // Everything below runs on the fetch thread.
  void Run();
  void Admit(Job job);
  void StartAdmitted();
  bool CollectFinished();
  void CancelAll(std::vector<Job> submitted);
  void Deliver(Done& done, FetchResponse&& response);
  void PublishStats();

  const FetchOptions options_;
  AllowList allow_;
  CurlMulti multi_;
  std::thread thread_;

  mutable Mutex mutex_;
  State state_ GUARDED_BY(mutex_) = State::kNew;
  std::vector<Job> submitted_ GUARDED_BY(mutex_);  // not yet seen by the fetch thread
  Stats published_ GUARDED_BY(mutex_);             // fetch thread's counts, minus submitted_

  // Owned by the fetch thread.
  AdmissionQueue<Job> admission_;
  std::unordered_map<CURL*, Running> running_;
  uint64_t completed_ = 0;
};

}  // namespace postwatch
