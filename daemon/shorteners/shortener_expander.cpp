#include "shorteners/shortener_expander.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "base/log.h"
#include "base/time_format.h"
#include "links/link_chain.h"
#include "shorteners/redirect_hop.h"

namespace postwatch {
namespace {

constexpr char kLog[] = "shorteners";
// GET fallbacks read the body only to finish the response; the body itself is not used.
constexpr size_t kMaxBodyBytes = 256 * 1024;

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string HostOf(std::string_view normalized_url) {
  auto view = SplitNormalizedUrl(normalized_url);
  return view ? std::string(view->host) : std::string();
}

}  // namespace

ShortenerExpander::ShortenerExpander(ShortenerExpanderOptions options, SubmitFetch submit,
                                     std::unique_ptr<ShortenerCache> cache)
    : options_(std::move(options)),
      submit_(std::move(submit)),
      cache_(std::move(cache)),
      lru_(options_.lru_capacity),
      limiter_(options_.per_host) {
  shortener_domains_ = DefaultShortenerDomains();
  for (const std::string& domain : options_.extra_shortener_domains) {
    if (std::find(shortener_domains_.begin(), shortener_domains_.end(), domain) ==
        shortener_domains_.end()) {
      shortener_domains_.push_back(domain);
    }
  }
}

Result<std::shared_ptr<ShortenerExpander>> ShortenerExpander::Create(
    ShortenerExpanderOptions options, FetchOptions fetch, const std::string& db_path) {
  // Hop by hop: libcurl must not follow redirects, so every hop is seen and recorded.
  fetch.max_redirects = 0;
  fetch.max_body_bytes = std::min(fetch.max_body_bytes, kMaxBodyBytes);
  fetch.max_concurrency = std::max(1, options.max_in_flight);
  fetch.per_host_concurrency = std::max(1, std::min(fetch.per_host_concurrency, 2));
  auto engine = std::make_unique<FetchEngine>(std::move(fetch));
  Result<std::unique_ptr<ShortenerCache>> cache = ShortenerCache::Open(db_path);
  if (!cache.ok()) return cache.status();
  FetchEngine* raw_engine = engine.get();
  auto expander = std::make_shared<ShortenerExpander>(
      std::move(options),
      [raw_engine](FetchRequest request, FetchEngine::Done done) {
        raw_engine->Submit(std::move(request), std::move(done));
      },
      std::move(*cache));
  expander->owned_engine_ = std::move(engine);
  return expander;
}

ShortenerExpander::~ShortenerExpander() { Stop(); }

void ShortenerExpander::SetMatcher(std::shared_ptr<const FlagMatcher> matcher) {
  std::lock_guard lock(mu_);
  matcher_ = std::move(matcher);
}

void ShortenerExpander::SetHitsCallback(HitsCallback callback) {
  std::lock_guard lock(mu_);
  hits_callback_ = std::move(callback);
}

Status ShortenerExpander::Start() {
  {
    std::lock_guard lock(mu_);
    if (started_ || stopping_) return Status::Internal("shortener expander started twice");
    started_ = true;
  }
  if (owned_engine_) {
    if (Status s = owned_engine_->Start(); !s.ok()) return s.WithContext("shortener fetch engine");
  }
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void ShortenerExpander::Stop() {
  {
    std::lock_guard lock(mu_);
    started_ = true;  // a later Start() must not start a thread
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (owned_engine_) owned_engine_->Stop();
}

ShortenerExpander::Stats ShortenerExpander::GetStats() const {
  std::lock_guard lock(mu_);
  Stats stats = stats_;
  stats.queued = pending_.size();
  return stats;
}

std::optional<ShortenerExpansion> ShortenerExpander::Lookup(std::string_view short_url) const {
  {
    std::lock_guard lock(lru_mu_);
    if (auto known = lru_.Get(short_url)) return known;
  }
  if (!cache_) return std::nullopt;
  Result<std::optional<ShortenerExpansion>> found = cache_->Find(short_url);
  if (!found.ok()) {
    LogLine(LogLevel::kWarning, kLog) << "cache lookup failed: " << found.status().ToString();
    return std::nullopt;
  }
  if (!*found) return std::nullopt;
  std::lock_guard lock(lru_mu_);
  lru_.Put(**found);
  return *found;
}

std::optional<std::vector<std::string>> ShortenerExpander::Cached(
    std::string_view short_url) const {
  std::optional<ShortenerExpansion> known = Lookup(short_url);
  if (!known || !known->ok) return std::nullopt;
  // A stale answer is still the best one there is; refresh it in the background.
  if (known->expires_at_ms <= UnixNowMs()) Request(short_url);
  return std::move(known->hops);
}

void ShortenerExpander::RequestExpansion(std::string_view short_url) const { Request(short_url); }

bool ShortenerExpander::Request(std::string_view short_url) const {
  std::lock_guard lock(mu_);
  if (stopping_) return false;
  std::string url(short_url);
  if (pending_.count(url) != 0) return true;
  if (pending_.size() >= options_.max_queued) {
    ++stats_.dropped;
    return false;
  }
  pending_.insert(url);
  requests_.push_back(std::move(url));
  wake_.notify_one();
  return true;
}

void ShortenerExpander::Run() {
  Sweep();
  next_sweep_ms_ = SteadyMs() + options_.sweep_interval_ms;
  while (true) {
    int64_t now = SteadyMs();
    int64_t deadline = next_sweep_ms_;
    const int64_t rate_wait = DispatchReady(now);
    if (rate_wait > 0) deadline = std::min(deadline, now + rate_wait);
    if (!reapplies_.empty()) deadline = std::min(deadline, reapplies_.begin()->first);

    std::deque<std::string> requests;
    std::deque<Completion> completions;
    {
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(deadline - now, 0)),
                     [&] { return stopping_ || !requests_.empty() || !completions_.empty(); });
      if (stopping_) return;
      requests.swap(requests_);
      completions.swap(completions_);
    }
    for (const std::string& url : requests) StartJob(url);
    for (Completion& completion : completions) HandleCompletion(std::move(completion));
    now = SteadyMs();
    RunDueReapplies(now);
    if (now >= next_sweep_ms_) {
      Sweep();
      next_sweep_ms_ = now + options_.sweep_interval_ms;
    }
  }
}

void ShortenerExpander::StartJob(const std::string& short_url) {
  std::optional<ShortenerExpansion> known = Lookup(short_url);
  const std::string host = HostOf(short_url);
  if ((known && known->expires_at_ms > UnixNowMs()) || host.empty()) {
    // Already answered (asked twice, or by the sweep), or a failure still backing off: only
    // bring stored links up to date.
    if (known && known->ok) ApplyToStoredLinks(short_url, known->hops);
    std::lock_guard lock(mu_);
    pending_.erase(short_url);
    return;
  }
  Job job;
  job.short_url = short_url;
  job.url = short_url;
  job.host = host;
  job.method = "HEAD";
  job.previous_failures = known && !known->ok ? known->attempts : 0;
  Enqueue(std::move(job));
}

void ShortenerExpander::Enqueue(Job job) {
  std::string host = job.host;
  waiting_[host].push_back(std::move(job));
}

int64_t ShortenerExpander::DispatchReady(int64_t now_ms) {
  int64_t min_wait = 0;
  const size_t max_in_flight = static_cast<size_t>(std::max(1, options_.max_in_flight));
  for (auto it = waiting_.begin(); it != waiting_.end() && in_flight_.size() < max_in_flight;) {
    std::deque<Job>& queue = it->second;
    while (!queue.empty() && in_flight_.size() < max_in_flight) {
      const int64_t wait = limiter_.TryAcquire(it->first, now_ms);
      if (wait > 0) {
        min_wait = min_wait == 0 ? wait : std::min(min_wait, wait);
        break;
      }
      const uint64_t id = next_job_id_++;
      FetchRequest request;
      request.method = queue.front().method;
      request.url = queue.front().url;
      in_flight_.emplace(id, std::move(queue.front()));
      queue.pop_front();
      {
        std::lock_guard lock(mu_);
        ++stats_.requests;
      }
      // Not under mu_: a stopped engine calls `done` before Submit returns.
      submit_(std::move(request), [this, id](FetchResponse&& response) {
        std::lock_guard lock(mu_);
        completions_.push_back({id, std::move(response)});
        wake_.notify_one();
      });
    }
    it = queue.empty() ? waiting_.erase(it) : std::next(it);
  }
  return min_wait;
}

void ShortenerExpander::HandleCompletion(Completion completion) {
  auto it = in_flight_.find(completion.job_id);
  if (it == in_flight_.end()) return;
  Job job = std::move(it->second);
  in_flight_.erase(it);

  HopDecision decision = DecideHop(job.url, job.method, completion.response);
  switch (decision.action) {
    case HopAction::kRedirect: {
      Result<std::string> next = NormalizeUrl(decision.next_url, options_.normalize);
      if (!next.ok()) return Finish(job, true, "");  // nowhere we can follow: this is final
      const bool loop = *next == job.short_url ||
                        std::find(job.hops.begin(), job.hops.end(), *next) != job.hops.end();
      if (loop) return Finish(job, true, "");
      job.hops.push_back(*next);
      if (static_cast<int>(job.hops.size()) >= options_.max_hops) return Finish(job, true, "");
      job.url = std::move(decision.next_url);
      job.host = HostOf(*next);
      job.method = "HEAD";
      return Enqueue(std::move(job));
    }
    case HopAction::kRetryWithGet:
      job.method = "GET";
      return Enqueue(std::move(job));
    case HopAction::kFinal:
      return Finish(job, true, "");
    case HopAction::kFailed:
      // After at least one redirect the link's destination is known, even if the next hop
      // did not answer.
      return Finish(job, !job.hops.empty(), std::move(decision.error));
  }
}

void ShortenerExpander::Finish(Job& job, bool ok, std::string error) {
  const int64_t now_ms = UnixNowMs();
  ShortenerExpansion expansion;
  expansion.short_url = job.short_url;
  expansion.ok = ok;
  expansion.expanded_at_ms = now_ms;
  if (ok) {
    expansion.hops = job.hops;
    expansion.attempts = 1;
    expansion.expires_at_ms = now_ms + options_.success_ttl_ms;
  } else {
    expansion.error = std::move(error);
    expansion.attempts = job.previous_failures + 1;
    int64_t ttl = options_.failure_ttl_ms;
    for (int64_t i = 1; i < expansion.attempts && ttl < options_.max_failure_ttl_ms; ++i) ttl *= 2;
    expansion.expires_at_ms = now_ms + std::min(ttl, options_.max_failure_ttl_ms);
    LogLine(LogLevel::kInfo, kLog)
        << "could not expand " << job.short_url << " (" << expansion.error << "); retrying in "
        << std::min(ttl, options_.max_failure_ttl_ms) / 1000 << " s";
  }
  if (cache_) {
    if (Status s = cache_->Put(expansion); !s.ok()) {
      LogLine(LogLevel::kWarning, kLog) << "cannot cache " << job.short_url << ": " << s.ToString();
    }
  }
  {
    std::lock_guard lock(lru_mu_);
    lru_.Put(expansion);
  }
  {
    std::lock_guard lock(mu_);
    pending_.erase(job.short_url);
    ++(ok ? stats_.expanded : stats_.failed);
  }
  if (!ok) return;
  ApplyToStoredLinks(job.short_url, job.hops);
  const int64_t now = SteadyMs();
  for (int64_t delay : options_.reapply_delays_ms) {
    reapplies_.emplace(now + delay, Reapply{job.short_url, job.hops});
  }
}

void ShortenerExpander::ApplyToStoredLinks(const std::string& short_url,
                                           const std::vector<std::string>& hops) {
  if (!cache_) return;
  std::shared_ptr<const FlagMatcher> matcher;
  {
    std::lock_guard lock(mu_);
    matcher = matcher_;
  }
  ExpandedLinkUpdate update;
  update.short_url = short_url;
  update.short_host = HostOf(short_url);
  update.chain.push_back(short_url);
  AppendExpansionHops(hops, options_.normalize, options_.max_unwrap_depth, update.chain);
  update.final_host = HostOf(update.chain.back());
  if (matcher) MatchChain(*matcher, update.chain, update.hits);
  Result<std::vector<AddedFlagHit>> added = cache_->AddFlagHitsForExpandedLink(update, UnixNowMs());
  if (!added.ok()) {
    LogLine(LogLevel::kWarning, kLog)
        << "cannot update links of " << short_url << ": " << added.status().ToString();
    return;
  }
  if (added->empty()) return;
  HitsCallback callback;
  {
    std::lock_guard lock(mu_);
    stats_.hits_added += added->size();
    callback = hits_callback_;
  }
  LogLine(LogLevel::kInfo, kLog) << short_url << " leads to " << update.chain.back() << ": "
                                 << added->size() << " flag hit(s) added to stored links";
  if (callback) callback(*added);
}

void ShortenerExpander::RunDueReapplies(int64_t now_ms) {
  while (!reapplies_.empty() && reapplies_.begin()->first <= now_ms) {
    Reapply reapply = std::move(reapplies_.begin()->second);
    reapplies_.erase(reapplies_.begin());
    ApplyToStoredLinks(reapply.short_url, reapply.hops);
  }
}

void ShortenerExpander::Sweep() {
  if (!cache_) return;
  for (const std::string& domain : shortener_domains_) {
    Result<std::vector<std::string>> urls =
        cache_->UnexpandedLinks(domain, options_.sweep_limit_per_host);
    if (!urls.ok()) {
      LogLine(LogLevel::kWarning, kLog) << "sweep: " << urls.status().ToString();
      return;
    }
    for (const std::string& url : *urls) Request(url);
  }
}

}  // namespace postwatch
