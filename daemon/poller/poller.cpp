#include "poller/poller.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>

#include "base/log.h"
#include "base/time_format.h"
#include "credentials/credential_store.h"
#include "fetch/fetch_engine.h"
#include "fetch/retry_after.h"
#include "links/link_pipeline.h"
#include "metrics/metrics.h"
#include "store/store.h"

namespace postwatch {

// One poll in flight: a snapshot of the account and what the poll has gathered so far.
struct Poller::Poll {
  Account account;
  std::shared_ptr<const Plugin> plugin;
  std::shared_ptr<const LinkPipeline> links;
  std::string credential;      // the account's owner-granted credential; "" when none
  std::string app_credential;  // the plugin's app credential; "" when none
  bool refreshing = false;     // requests so far come from refresh_credentials()
  bool refreshed = false;      // the credential was refreshed during this poll
  int64_t due_ms = 0;
  int64_t started_ms = 0;
  std::chrono::steady_clock::time_point started;
  std::vector<PluginRequest> pending;
  int requests_made = 0;
  int last_status = 0;
  std::string last_host;      // host of the request whose response is being handled
  bool plugin_probe = false;  // this poll is the plugin breaker's half-open probe
  bool first_request = true;  // the next response answers the poll's first feed request
  bool resolving = false;     // requests so far come from resolve(), not plan()
  std::vector<Post> posts;
  std::optional<std::string> cursor;
  std::optional<std::string> canonical_id;
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
};

namespace {

// The host of an absolute URL, lowercased; empty when the URL does not parse.
std::string UrlHost(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), &curl_url_cleanup);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return {};
  char* host = nullptr;
  if (curl_url_get(u.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK || host == nullptr) return {};
  std::string out(host);
  curl_free(host);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Whether a credential should be refreshed before it is used at `now_s`: when it has
// expired or will within a fifth of its lifetime (at most an hour: a 24-hour TikTok token is
// refreshed about an hour before it expires).
bool NeedsRefresh(const StoredCredential& c, int64_t now_s) {
  if (c.expires_at <= 0) return false;
  const int64_t lifetime = c.updated_at > 0 ? c.expires_at - c.updated_at : 3600;
  const int64_t margin = std::clamp<int64_t>(lifetime / 5, 1, 3600);
  return c.expires_at - now_s <= margin;
}

// Failure reasons that say something about the plugin itself rather than a host or an
// account: they count towards the plugin's circuit breaker.
bool IsPluginFault(std::string_view reason) {
  return reason == "plugin" || reason == "parse" || reason == "layout";
}

// The failure reason label of a plugin's error code.
std::string ReasonOf(pw_status code, int http_status) {
  switch (code) {
    case PW_E_AUTH:
      return "auth";
    case PW_E_GONE:
      return "gone";
    case PW_E_RATELIMITED:
      return "rate_limited";
    case PW_E_LAYOUT:
      return "layout";
    case PW_E_PARSE:
      return http_status >= 400 && http_status < 500 ? "http_4xx" : "parse";
    default:
      return "plugin";
  }
}

std::string ReasonOf(FetchError error) {
  switch (error) {
    case FetchError::kTimeout:
      return "timeout";
    case FetchError::kBlocked:
    case FetchError::kTooLarge:
      return "blocked";
    default:
      return "network";
  }
}

}  // namespace

Poller::Poller(PollerOptions options, FetchEngine& fetch, Store& store, Metrics* metrics)
    : options_(options),
      policy_(options.policy),
      fetch_(fetch),
      store_(store),
      metrics_(metrics),
      workers_(options.worker_threads),
      rng_(options.seed != 0 ? options.seed
                             : static_cast<uint64_t>(
                                   std::chrono::steady_clock::now().time_since_epoch().count())),
      host_breaker_(options.host_breaker,
                    [this](const std::string& key, bool open) { OnHostBreaker(key, open); }),
      plugin_breaker_(options.plugin_breaker,
                      [this](const std::string& plugin, bool open) {
                        if (metrics_) metrics_->SetBreakerOpen(plugin, open);
                        Log(open ? LogLevel::kWarning : LogLevel::kInfo, "poller",
                            "plugin " + plugin + ": circuit breaker " +
                                (open ? "opened after repeated plugin errors" : "closed"));
                      }),
      host_rate_(options.host_rate),
      robots_(options.robots) {}

Poller::~Poller() { Stop(); }

void Poller::SetPlugins(std::shared_ptr<const PluginSet> plugins) {
  std::lock_guard<std::mutex> lock(mu_);
  plugins_ = std::move(plugins);
}

void Poller::SetLinkPipeline(std::shared_ptr<const LinkPipeline> links) {
  std::lock_guard<std::mutex> lock(mu_);
  links_ = std::move(links);
}

void Poller::SetCredentials(CredentialStore* credentials) { credentials_ = credentials; }

void Poller::SetAppCredentials(std::map<std::string, std::string> by_plugin) {
  std::lock_guard<std::mutex> lock(mu_);
  app_credentials_ = std::move(by_plugin);
}

std::shared_ptr<const PluginSet> Poller::plugins() const {
  std::lock_guard<std::mutex> lock(mu_);
  return plugins_;
}

std::shared_ptr<const LinkPipeline> Poller::links() const {
  std::lock_guard<std::mutex> lock(mu_);
  return links_;
}

void Poller::SetAccounts(std::vector<Account> accounts) {
  int64_t now = UnixNowMs();
  std::lock_guard<std::mutex> lock(mu_);
  std::unordered_map<int64_t, Account> next;
  next.reserve(accounts.size());
  for (Account& a : accounts) {
    auto it = accounts_.find(a.id);
    if (it != accounts_.end()) {
      // Known account: take the new registration, keep the live poll state.
      Account live = std::move(it->second);
      live.spec = std::move(a.spec);
      if (a.status == AccountStatus::kPaused)
        live.status = AccountStatus::kPaused;
      else if (live.status == AccountStatus::kPaused)
        live.status = AccountStatus::kActive;
      next.emplace(live.id, std::move(live));
      continue;
    }
    next.emplace(a.id, std::move(a));
  }
  for (const auto& [id, old] : accounts_) {
    if (next.find(id) == next.end()) due_.Remove(id);
  }
  for (auto& [id, a] : next) {
    if (a.status == AccountStatus::kPaused) {
      due_.Remove(id);
      continue;
    }
    if (in_flight_.count(id) != 0) continue;  // rescheduled when its poll finishes
    bool known = accounts_.find(id) != accounts_.end();
    if (!known) {
      int64_t interval = policy_.IntervalS(a.spec.interval_s);
      a.next_due_ms = policy_.AtStartup(now, a.next_due_ms, interval, rng_);
      due_.Schedule(id, a.next_due_ms);
    }
  }
  accounts_ = std::move(next);
  due_.Wake();
}

void Poller::PollSoon(int64_t account_id) {
  const int64_t now = UnixNowMs();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = accounts_.find(account_id);
  if (it == accounts_.end() || it->second.status == AccountStatus::kPaused ||
      in_flight_.count(account_id) != 0) {
    return;
  }
  it->second.next_due_ms = now;
  due_.Schedule(account_id, now);
  due_.Wake();
}

void Poller::Start() {
  driver_ = std::thread([this] { DriverLoop(); });
}

void Poller::BeginStop() {
  stopping_.store(true);
  due_.Wake();
}

void Poller::Stop() {
  BeginStop();
  if (driver_.joinable()) driver_.join();
  std::unique_lock<std::mutex> lock(done_mu_);
  done_cv_.wait(lock, [this] { return in_flight_count_.load() == 0; });
}

void Poller::DriverLoop() {
  while (!stopping_.load()) {
    int64_t now = UnixNowMs();
    int64_t room = options_.max_in_flight - in_flight_count_.load();
    if (room <= 0) {
      // Every slot is taken: sleep until a poll finishes (it wakes the queue). Waiting for
      // due work instead would spin while accounts are overdue.
      due_.WaitForWake(1000);
      continue;
    }
    for (int64_t id : due_.PopDue(now, static_cast<size_t>(room))) {
      in_flight_count_.fetch_add(1);
      workers_.Post([this, id, now] { StartPoll(id, now); });
    }
    due_.WaitForWork(UnixNowMs(), 1000);
  }
}

void Poller::StartPoll(int64_t account_id, int64_t now_ms) {
  auto poll = std::make_shared<Poll>();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = accounts_.find(account_id);
    if (it == accounts_.end() || it->second.status == AccountStatus::kPaused) {
      if (in_flight_count_.fetch_sub(1) == 1) done_cv_.notify_all();
      due_.Wake();
      return;
    }
    in_flight_.insert(account_id);
    poll->account = it->second;
    poll->links = links_;
    if (plugins_) poll->plugin = plugins_->Find(poll->account.spec.platform);
    auto app = app_credentials_.find(poll->account.spec.platform);
    if (app != app_credentials_.end()) poll->app_credential = app->second;
  }
  poll->due_ms = poll->account.next_due_ms;
  poll->started_ms = UnixNowMs();
  poll->started = std::chrono::steady_clock::now();
  if (metrics_) {
    metrics_->ScheduleLag(
        poll->account.spec.platform,
        static_cast<double>(std::max<int64_t>(0, now_ms - poll->due_ms)) / 1000.0);
  }
  if (!poll->plugin) {
    return Fail(poll, "plugin", "plugin '" + poll->account.spec.platform + "' is not loaded");
  }
  CircuitBreaker::Admission admitted = plugin_breaker_.Allow(poll->account.spec.platform, now_ms);
  if (!admitted.allowed) return Defer(poll, admitted.retry_at_ms, "breaker");
  poll->plugin_probe = admitted.probe;
  std::optional<StoredCredential> stored;
  if (credentials_ != nullptr) stored = credentials_->Get(poll->account.id);
  if (stored) {
    poll->credential = stored->secret;
    if (poll->plugin->manifest().has_refresh_credentials &&
        NeedsRefresh(*stored, UnixNowMs() / 1000)) {
      return BeginRefresh(poll);
    }
  }
  BeginPoll(poll);
}

void Poller::BeginPoll(std::shared_ptr<Poll> poll) {
  // An account not yet resolved to its canonical id is resolved first, when the plugin can.
  bool resolve = poll->account.canonical_id.empty() && poll->plugin->manifest().has_resolve;
  PluginCallResult r =
      resolve ? poll->plugin->Resolve(poll->account, poll->credential, poll->app_credential)
              : poll->plugin->Plan(poll->account, poll->credential, poll->app_credential);
  if (r.code < 0) {
    return Fail(poll, ReasonOf(r.code, 0), (resolve ? "resolve: " : "plan: ") + r.error,
                std::nullopt, r.code == PW_E_GONE, r.code == PW_E_AUTH);
  }
  if (resolve && r.account_id) {
    // Resolved without a request: plan the poll proper at once.
    poll->canonical_id = r.account_id;
    Account view = poll->account;
    view.canonical_id = *r.account_id;
    r = poll->plugin->Plan(view, poll->credential, poll->app_credential);
    if (r.code < 0) {
      return Fail(poll, ReasonOf(r.code, 0), "plan: " + r.error, std::nullopt, r.code == PW_E_GONE,
                  r.code == PW_E_AUTH);
    }
  } else if (resolve) {
    poll->resolving = true;
  }
  if (r.requests.empty()) return Fail(poll, "plugin", "plan emitted no request");
  poll->pending = std::move(r.requests);
  FetchNext(poll);
}

void Poller::BeginRefresh(std::shared_ptr<Poll> poll) {
  poll->refreshed = true;
  PluginCallResult r =
      poll->plugin->RefreshCredentials(poll->account, poll->credential, poll->app_credential);
  if (r.code < 0 || r.credential) return OnRefreshed(poll, std::move(r));
  if (r.requests.empty()) {
    r.code = PW_E_INTERNAL;
    r.error = "refresh_credentials emitted neither a request nor a credential";
    return OnRefreshed(poll, std::move(r));
  }
  poll->refreshing = true;
  poll->pending = std::move(r.requests);
  FetchNext(poll);
}

void Poller::OnRefreshed(std::shared_ptr<Poll> poll, PluginCallResult r) {
  const std::string& plugin = poll->account.spec.platform;
  if (r.credential) {
    KeepCredential(*poll, *r.credential, "refresh");
    if (metrics_) metrics_->CredentialRefresh(plugin, "ok");
    poll->refreshing = false;
    poll->pending.clear();
    return BeginPoll(poll);
  }
  if (r.code >= 0 && !r.requests.empty()) {  // a multi-step refresh
    for (PluginRequest& req : r.requests) poll->pending.push_back(std::move(req));
    return FetchNext(poll);
  }
  const bool refused = r.code == PW_E_AUTH || r.code >= 0;
  if (metrics_) metrics_->CredentialRefresh(plugin, refused ? "auth" : "error");
  std::string why = r.error.empty() ? "the platform answered without a new credential" : r.error;
  if (refused) {
    return Fail(poll, "auth",
                "the owner's grant could not be refreshed (" + why +
                    "); the account needs a new grant: send its owner a connect link",
                std::nullopt, false, true);
  }
  Fail(poll, ReasonOf(r.code, poll->last_status), "credential refresh: " + why);
}

void Poller::KeepCredential(Poll& poll, const CredentialUpdate& update, std::string_view source) {
  poll.credential = update.secret;
  if (credentials_ == nullptr) return;
  StoredCredential stored;
  stored.secret = update.secret;
  stored.expires_at = update.expires_at;
  stored.refresh_expires_at = update.refresh_expires_at;
  stored.source = std::string(source);
  Status s = credentials_->Put(poll.account.id, std::move(stored));
  if (!s.ok()) {
    // The new credential still serves this poll; the next one refreshes again.
    Log(LogLevel::kError, "poller",
        "account " + std::to_string(poll.account.id) + ": " + s.ToString());
  }
}

void Poller::FetchNext(std::shared_ptr<Poll> poll) {
  if (stopping_.load()) return Abandon(poll);
  if (poll->pending.empty()) return Succeed(poll, false);
  if (poll->requests_made >= options_.max_requests_per_poll) {
    Log(LogLevel::kDebug, "poller",
        "account " + std::to_string(poll->account.id) + ": request cap reached");
    return Succeed(poll, false);
  }
  const PluginRequest& next = poll->pending.front();
  std::string host = UrlHost(next.url);
  if (host.empty() || !poll->plugin->EgressAllowed(host)) {
    return Fail(
        poll, "blocked",
        "plugin asked for " + (host.empty() ? next.url : host) + ", outside its egress hosts");
  }
  const int64_t now = UnixNowMs();
  const std::string breaker_key = poll->account.spec.platform + " " + host;
  CircuitBreaker::Admission admitted = host_breaker_.Allow(breaker_key, now);
  if (!admitted.allowed) return Defer(poll, admitted.retry_at_ms, "breaker");
  if ((poll->plugin->manifest().flags & PW_PLUGIN_READS_WEB_PAGES) != 0) {
    RobotsDecision robots = robots_.Check(next.url, now);
    switch (robots.verdict) {
      case RobotsVerdict::kAllowed:
        break;
      case RobotsVerdict::kDisallowed:
        return Fail(poll, "blocked", "robots.txt: " + robots.reason);
      case RobotsVerdict::kNeedFetch:
        return FetchRobots(poll, robots);
      case RobotsVerdict::kPending:
        // Another poll is fetching this origin's robots.txt: look again shortly.
        return Defer(poll, std::min(robots.retry_at_ms, now + 500), "robots");
    }
  }
  HostRateLimiter::Grant grant = host_rate_.Acquire(host, now);
  if (!grant.granted) return Defer(poll, grant.retry_at_ms, "rate_limit");
  PluginRequest pr = std::move(poll->pending.front());
  poll->pending.erase(poll->pending.begin());
  FetchRequest req;
  req.method = pr.method;
  req.url = pr.url;
  req.headers = std::move(pr.headers);
  req.body = std::move(pr.body);
  if (poll->first_request && !poll->resolving && !poll->refreshing) {
    req.if_none_match = poll->account.etag;
    req.if_modified_since = poll->account.last_modified;
  }
  ++poll->requests_made;
  std::string tag = std::move(pr.tag);
  poll->last_host = host;
  fetch_.Submit(std::move(req), [this, poll, tag](FetchResponse&& response) mutable {
    // On the fetch thread: hand the work to the pool at once.
    auto shared = std::make_shared<FetchResponse>(std::move(response));
    workers_.Post([this, poll, shared, tag]() mutable {
      OnResponse(poll, std::move(*shared), std::move(tag));
    });
  });
}

void Poller::OnResponse(std::shared_ptr<Poll> poll, FetchResponse response, std::string tag) {
  const std::string& plugin = poll->account.spec.platform;
  bool first = poll->first_request && !poll->resolving && !poll->refreshing;
  if (first) poll->first_request = false;
  if (metrics_)
    metrics_->HttpResponse(plugin, response.error == FetchError::kNone ? response.status : 0);
  if (response.error == FetchError::kCancelled) return Abandon(poll);
  RecordHostOutcome(*poll, poll->last_host, response);
  if (response.error != FetchError::kNone) {
    return Fail(poll, ReasonOf(response.error), response.error_message);
  }
  poll->last_status = response.status;
  if (response.status == 304 && first) {
    if (metrics_) metrics_->NotModified(plugin);
    return Succeed(poll, true);
  }
  if (response.status == 429 || response.status == 503) {
    auto retry_after = ParseRetryAfter(response.Header("Retry-After"), UnixNow());
    if (response.status == 429) {
      if (metrics_) metrics_->RateLimited(plugin);
      return Fail(poll, "rate_limited", "HTTP 429 from " + UrlHost(response.effective_url),
                  retry_after);
    }
    return Fail(poll, "http_5xx", "HTTP 503 from " + UrlHost(response.effective_url), retry_after);
  }
  if (response.status >= 500) {
    return Fail(
        poll, "http_5xx",
        "HTTP " + std::to_string(response.status) + " from " + UrlHost(response.effective_url));
  }
  if (first) {
    std::string etag = response.Header("ETag");
    std::string lm = response.Header("Last-Modified");
    if (!etag.empty()) poll->etag = etag;
    if (!lm.empty()) poll->last_modified = lm;
  }
  PluginResponse pr;
  pr.status = response.status;
  pr.url = std::move(response.effective_url);
  pr.headers = std::move(response.headers);
  pr.body = std::move(response.body);
  pr.tag = std::move(tag);
  Account view = poll->account;
  if (poll->canonical_id) view.canonical_id = *poll->canonical_id;
  PluginCallResult r = poll->plugin->Parse(view, pr, poll->credential, poll->app_credential);
  if (r.rate_limit && r.rate_limit->remaining == 0) {
    // The platform's quota is used up: nothing more goes to this host until it resets.
    if (metrics_) metrics_->RateLimited(plugin);
    if (r.rate_limit->reset_at > 0) {
      host_rate_.DeferUntilReset(poll->last_host, r.rate_limit->reset_at, UnixNowMs());
    }
  }
  if (poll->refreshing) return OnRefreshed(poll, std::move(r));
  if (r.code == PW_E_AUTH && !poll->refreshed && !poll->credential.empty() &&
      poll->plugin->manifest().has_refresh_credentials) {
    // The platform refused a credential we believed valid (revoked early, clock skew):
    // refresh it once and start the poll over.
    poll->posts.clear();
    poll->pending.clear();
    poll->cursor.reset();
    poll->etag.reset();
    poll->last_modified.reset();
    poll->first_request = true;
    poll->resolving = false;
    return BeginRefresh(poll);
  }
  if (r.credential) KeepCredential(*poll, *r.credential, "poll");
  if (r.code < 0) {
    if (r.code == PW_E_RATELIMITED && metrics_) metrics_->RateLimited(plugin);
    return Fail(poll, ReasonOf(r.code, response.status),
                r.error.empty() ? "plugin reported an error" : r.error, std::nullopt,
                r.code == PW_E_GONE, r.code == PW_E_AUTH);
  }
  for (Post& p : r.posts) poll->posts.push_back(std::move(p));
  if (r.cursor) poll->cursor = std::move(r.cursor);
  if (r.account_id) poll->canonical_id = std::move(r.account_id);
  if (poll->resolving && poll->canonical_id && (r.code == PW_DONE || r.requests.empty())) {
    // The resolve step is over: plan the poll proper with the canonical id.
    poll->resolving = false;
    poll->pending.clear();
    view.canonical_id = *poll->canonical_id;
    PluginCallResult plan = poll->plugin->Plan(view, poll->credential, poll->app_credential);
    if (plan.code < 0) {
      return Fail(poll, ReasonOf(plan.code, 0), "plan: " + plan.error, std::nullopt,
                  plan.code == PW_E_GONE, plan.code == PW_E_AUTH);
    }
    if (plan.requests.empty()) return Fail(poll, "plugin", "plan emitted no request");
    poll->pending = std::move(plan.requests);
    return FetchNext(poll);
  }
  if (poll->resolving && r.code == PW_DONE) {
    return Fail(poll, "parse", "resolve finished without a canonical account id");
  }
  if (r.code == PW_DONE) {
    poll->pending.clear();
    return Succeed(poll, false);
  }
  for (PluginRequest& req : r.requests) poll->pending.push_back(std::move(req));
  FetchNext(poll);
}

void Poller::Fail(std::shared_ptr<Poll> poll, std::string reason, std::string message,
                  std::optional<int64_t> retry_after_s, bool gone, bool auth) {
  int64_t now = UnixNowMs();
  if (IsPluginFault(reason)) plugin_breaker_.RecordFailure(poll->account.spec.platform, now);
  PollRecord rec;
  rec.success = false;
  rec.failure_reason = reason;
  rec.http_status = poll->last_status;
  rec.consecutive_failures = poll->account.consecutive_failures + 1;
  rec.last_error = reason + ": " + message;
  if (gone) {
    rec.status = AccountStatus::kGone;
    rec.next_due_ms = policy_.AfterGone(now);
  } else {
    rec.status = auth ? AccountStatus::kAuth
                 : rec.consecutive_failures >= policy_.options().failing_after
                     ? AccountStatus::kFailing
                     : AccountStatus::kBackoff;
    std::lock_guard<std::mutex> lock(mu_);
    rec.next_due_ms = policy_.AfterFailure(now, rec.consecutive_failures, retry_after_s, rng_);
  }
  Log(LogLevel::kWarning, "poller",
      "account " + std::to_string(poll->account.id) + " (" + poll->account.spec.platform + " " +
          poll->account.spec.registered + "): " + rec.last_error);
  failures_.fetch_add(1);
  Finish(std::move(poll), std::move(rec));
}

void Poller::Succeed(std::shared_ptr<Poll> poll, bool not_modified) {
  int64_t now = UnixNowMs();
  plugin_breaker_.RecordSuccess(poll->account.spec.platform, now);
  PollRecord rec;
  rec.success = true;
  rec.not_modified = not_modified;
  rec.http_status = poll->last_status;
  rec.status = AccountStatus::kActive;
  rec.consecutive_failures = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    rec.next_due_ms =
        policy_.AfterSuccess(now, policy_.IntervalS(poll->account.spec.interval_s), rng_);
  }
  rec.cursor = poll->cursor;
  rec.etag = poll->etag;
  rec.last_modified = poll->last_modified;
  rec.canonical_id = poll->canonical_id;
  rec.posts.reserve(poll->posts.size());
  for (Post& p : poll->posts) {
    StoredPost sp;
    if (poll->links) {
      // Plugins report links where their platform hides them, including links in text; the
      // host does not linkify text again: truncated display text ("example.com/long…")
      // would count a link twice under two URLs.
      sp.links = poll->links->Process(p.links, p.shared_url);
    }
    sp.post = std::move(p);
    rec.posts.push_back(std::move(sp));
  }
  Finish(std::move(poll), std::move(rec));
}

void Poller::Finish(std::shared_ptr<Poll> poll, PollRecord rec) {
  int64_t now = UnixNowMs();
  const Account& a = poll->account;
  rec.account_id = a.id;
  rec.plugin = a.spec.platform;
  rec.group = a.spec.group;
  rec.started_ms = poll->started_ms;
  rec.finished_ms = now;
  bool registered;
  {
    std::lock_guard<std::mutex> lock(mu_);
    in_flight_.erase(a.id);
    auto it = accounts_.find(a.id);
    registered = it != accounts_.end();
    if (registered) {
      Account& live = it->second;
      live.last_poll_ms = now;
      live.consecutive_failures = rec.consecutive_failures;
      live.last_error = rec.last_error;
      live.next_due_ms = rec.next_due_ms;
      if (live.status != AccountStatus::kPaused) live.status = rec.status;
      if (rec.success) live.last_success_ms = now;
      if (rec.cursor) live.cursor = *rec.cursor;
      if (rec.etag) live.etag = *rec.etag;
      if (rec.last_modified) live.last_modified = *rec.last_modified;
      if (rec.canonical_id) live.canonical_id = *rec.canonical_id;
      if (!rec.success) last_error_ = rec.last_error;
      if (live.status != AccountStatus::kPaused && !stopping_.load()) {
        due_.Schedule(a.id, rec.next_due_ms);
      }
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - poll->started).count();
  if (metrics_) metrics_->PollFinished(rec.plugin, seconds, rec.failure_reason);
  polls_.fetch_add(1);
  // A 304 writes nothing: the account's state lives in memory until its next real change.
  if (registered && !rec.not_modified) {
    Status s = store_.Submit(std::move(rec));
    if (!s.ok()) Log(LogLevel::kError, "poller", "store refused a poll record: " + s.ToString());
  }
  if (in_flight_count_.fetch_sub(1) == 1) {
    std::lock_guard<std::mutex> lock(done_mu_);
    done_cv_.notify_all();
  }
  due_.Wake();
}

void Poller::Defer(std::shared_ptr<Poll> poll, int64_t retry_at_ms, std::string_view reason) {
  if (metrics_) metrics_->PollDeferred(poll->account.spec.platform, reason);
  {
    std::lock_guard<std::mutex> lock(mu_);
    in_flight_.erase(poll->account.id);
    auto it = accounts_.find(poll->account.id);
    if (it != accounts_.end() && it->second.status != AccountStatus::kPaused && !stopping_.load()) {
      it->second.next_due_ms = retry_at_ms;
      due_.Schedule(poll->account.id, retry_at_ms);
    }
  }
  if (in_flight_count_.fetch_sub(1) == 1) {
    std::lock_guard<std::mutex> lock(done_mu_);
    done_cv_.notify_all();
  }
  due_.Wake();
}

void Poller::FetchRobots(std::shared_ptr<Poll> poll, const RobotsDecision& decision) {
  FetchRequest req;
  req.url = decision.robots_url;
  poll->last_host = UrlHost(decision.robots_url);
  fetch_.Submit(std::move(req), [this, poll, origin = decision.origin](FetchResponse&& response) {
    auto shared = std::make_shared<FetchResponse>(std::move(response));
    workers_.Post([this, poll, origin, shared] {
      const FetchResponse& r = *shared;
      if (r.error == FetchError::kCancelled) {
        robots_.Abandon(origin);
        return Abandon(poll);
      }
      RecordHostOutcome(*poll, poll->last_host, r);
      if (r.error != FetchError::kNone && r.error != FetchError::kTooLarge) {
        // The host cannot be reached: no page is fetched (RFC 9309: unreachable means
        // disallow), nothing is cached, and the host's breaker and backoff decide when
        // robots.txt is asked again.
        robots_.Abandon(origin);
        return Fail(poll, ReasonOf(r.error), "robots.txt unreachable: " + r.error_message);
      }
      robots_.Store(origin, r, UnixNowMs());
      FetchNext(poll);
    });
  });
}

void Poller::RecordHostOutcome(const Poll& poll, const std::string& host,
                               const FetchResponse& response) {
  const int64_t now = UnixNowMs();
  const std::string key = poll.account.spec.platform + " " + host;
  const bool host_failed =
      (response.error != FetchError::kNone && response.error != FetchError::kBlocked &&
       response.error != FetchError::kTooLarge) ||
      (response.error == FetchError::kNone && response.status >= 500 &&
       !(response.status == 503 && !response.Header("Retry-After").empty()));
  if (host_failed) {
    host_breaker_.RecordFailure(key, now);
  } else {
    host_breaker_.RecordSuccess(key, now);
  }
  if (response.error == FetchError::kNone &&
      (response.status == 429 ||
       (response.status == 503 && !response.Header("Retry-After").empty()))) {
    host_rate_.DeferAfterRateLimit(host, ParseRetryAfter(response.Header("Retry-After"), UnixNow()),
                                   now);
  } else {
    host_rate_.OnResponse(host, now);
  }
}

void Poller::OnHostBreaker(const std::string& key, bool open) {
  const std::string plugin = key.substr(0, key.find(' '));
  int hosts = 0;
  {
    std::lock_guard<std::mutex> lock(breaker_mu_);
    int& count = open_hosts_[plugin];
    count = std::max(0, count + (open ? 1 : -1));
    hosts = count;
  }
  if (metrics_) metrics_->SetOpenHostBreakers(plugin, hosts);
  Log(open ? LogLevel::kWarning : LogLevel::kInfo, "poller",
      "host " + key.substr(key.find(' ') + 1) + " (" + plugin + "): circuit breaker " +
          (open ? "opened after repeated failures" : "closed"));
}

void Poller::Abandon(std::shared_ptr<Poll> poll) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    in_flight_.erase(poll->account.id);
  }
  if (in_flight_count_.fetch_sub(1) == 1) {
    std::lock_guard<std::mutex> lock(done_mu_);
    done_cv_.notify_all();
  }
}

void Poller::OnCommitted(const std::vector<CommitResult>& results) {
  for (const CommitResult& r : results) {
    if (metrics_) {
      metrics_->PostsCommitted(r.plugin, r.group, r.new_posts, r.new_links, r.flagged_lists);
    }
    if (r.new_published_at.empty()) continue;
    std::vector<int64_t> times = r.new_published_at;
    std::sort(times.begin(), times.end());
    int64_t previous = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = accounts_.find(r.account_id);
      if (it == accounts_.end()) continue;
      previous = it->second.last_published_at;
      it->second.last_published_at = std::max(previous, times.back());
    }
    for (int64_t t : times) {
      if (t <= 0) continue;
      if (previous > 0 && t > previous && metrics_) {
        metrics_->PostInterval(r.plugin, static_cast<double>(t - previous));
      }
      previous = std::max(previous, t);
    }
  }
}

void Poller::RefreshAccountMetrics() {
  if (!metrics_) return;
  int64_t now = UnixNowMs();
  std::map<std::string, std::map<std::string, double>> counts;
  std::map<std::string, std::pair<double, double>> stale;  // plugin -> (stale, oldest success)
  const bool per_account = metrics_->per_account();        // opt-in: one series per account
  std::vector<AccountSuccess> successes;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (plugins_) {
      // Every plugin gets its gauges set, so a plugin whose accounts all left drops to 0.
      for (const auto& e : plugins_->entries()) {
        counts[e.name];
        stale[e.name];
        if (e.plugin) metrics_->SetPluginQuarantined(e.name, e.plugin->IsQuarantined());
      }
    }
    for (const auto& [id, a] : accounts_) {
      counts[a.spec.platform][std::string(AccountStatusName(a.status))] += 1;
      if (per_account) successes.push_back({a.spec.platform, a.spec.registered, a.last_success_ms});
      auto& s = stale[a.spec.platform];
      if (a.status == AccountStatus::kPaused || a.status == AccountStatus::kGone) continue;
      int64_t interval_ms = policy_.IntervalS(a.spec.interval_s) * 1000;
      int64_t since = a.last_success_ms > 0 ? a.last_success_ms : 0;
      if (since == 0 || now - since > 3 * interval_ms) {
        // Never polled successfully counts as stale only once it had time to be.
        if (since != 0 || a.last_poll_ms != 0) s.first += 1;
      }
      double t = static_cast<double>(since) / 1000.0;
      if (since != 0 && (s.second == 0 || t < s.second)) s.second = t;
    }
  }
  metrics_->SetAccountCounts(counts);
  if (per_account) metrics_->SetAccountSuccess(std::move(successes));
  for (const auto& [plugin, s] : stale) metrics_->SetStaleness(plugin, s.first, s.second);
}

PollerStats Poller::stats() const {
  PollerStats s;
  s.polls = polls_.load();
  s.failures = failures_.load();
  s.in_flight = in_flight_count_.load();
  std::lock_guard<std::mutex> lock(mu_);
  s.accounts = accounts_.size();
  s.last_error = last_error_;
  return s;
}

}  // namespace postwatch
