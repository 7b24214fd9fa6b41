#include "fetch/fetch_engine.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <system_error>

#include "base/log.h"
#include "fetch/transfer.h"

namespace postwatch {
namespace {

constexpr int kPollTimeoutMs = 1000;

// The lowercase host of an http(s) URL, the key for per-host concurrency. Returns
// InvalidArgument for unparsable URLs and other schemes.
Result<std::string> HostOf(const std::string& url) {
  CurlUrl parsed(curl_url());
  if (!parsed) return Status::Internal("curl_url failed");
  if (curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) !=
      CURLUE_OK) {
    return Status::InvalidArgument("malformed URL");
  }
  char* scheme_raw = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_SCHEME, &scheme_raw, 0) != CURLUE_OK) {
    return Status::InvalidArgument("URL has no scheme");
  }
  CurlString scheme(scheme_raw);
  std::string_view scheme_view(scheme.get());
  if (scheme_view != "http" && scheme_view != "https") {
    return Status::InvalidArgument("scheme \"" + std::string(scheme_view) + "\" is not allowed");
  }
  char* host_raw = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_HOST, &host_raw, 0) != CURLUE_OK) {
    return Status::InvalidArgument("URL has no host");
  }
  CurlString host(host_raw);
  std::string key(host.get());
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return key;
}

FetchResponse ErrorResponse(FetchError error, std::string message, const std::string& url) {
  FetchResponse response;
  response.error = error;
  response.error_message = std::move(message);
  response.effective_url = url;
  return response;
}

}  // namespace

FetchEngine::FetchEngine(FetchOptions options)
    : options_(std::move(options)),
      admission_(options_.max_concurrency, options_.per_host_concurrency) {}

FetchEngine::~FetchEngine() { Stop(); }

Status FetchEngine::Start() {
  {
    MutexLock lock(&mutex_);
    if (state_ != State::kNew) return Status::Internal("fetch engine started twice");
  }
  Result<AllowList> allow = AllowList::Parse(options_.allow);
  if (!allow.ok()) return allow.status();
  allow_ = std::move(allow).value();

  multi_.reset(curl_multi_init());
  if (!multi_) return Status::Internal("curl_multi_init failed");
  // Keep enough idle connections for every concurrent transfer to reuse one.
  curl_multi_setopt(multi_.get(), CURLMOPT_MAXCONNECTS,
                    static_cast<long>(std::max(1, options_.max_concurrency)));

  MutexLock lock(&mutex_);
  try {
    thread_ = std::thread([this] { Run(); });
  } catch (const std::system_error& e) {
    return Status::Internal(std::string("cannot start the fetch thread: ") + e.what());
  }
  state_ = State::kRunning;
  return Status::Ok();
}

void FetchEngine::Submit(FetchRequest request, Done done) {
  {
    MutexLock lock(&mutex_);
    if (state_ != State::kStopped) {
      submitted_.push_back(Job{std::move(request), std::move(done)});
      if (state_ == State::kRunning) curl_multi_wakeup(multi_.get());
      return;
    }
  }
  Deliver(done, ErrorResponse(FetchError::kCancelled, "fetch engine stopped", request.url));
}

void FetchEngine::Stop() {
  std::vector<Job> never_started;
  {
    MutexLock lock(&mutex_);
    if (state_ == State::kNew) never_started.swap(submitted_);
    if (state_ == State::kRunning) curl_multi_wakeup(multi_.get());
    state_ = State::kStopped;
  }
  for (Job& job : never_started) {
    Deliver(job.done,
            ErrorResponse(FetchError::kCancelled, "fetch engine stopped", job.request.url));
  }
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

FetchEngine::Stats FetchEngine::GetStats() const {
  MutexLock lock(&mutex_);
  Stats stats = published_;
  stats.queued += submitted_.size();
  return stats;
}

void FetchEngine::Run() {
  while (true) {
    std::vector<Job> submitted;
    bool stopping = false;
    {
      MutexLock lock(&mutex_);
      submitted.swap(submitted_);
      stopping = state_ == State::kStopped;
    }
    if (stopping) {
      CancelAll(std::move(submitted));
      PublishStats();
      return;
    }
    for (Job& job : submitted) Admit(std::move(job));
    StartAdmitted();

    int still_running = 0;
    CURLMcode rc = curl_multi_perform(multi_.get(), &still_running);
    if (rc != CURLM_OK) {
      LogLine(LogLevel::kError, "fetch") << "curl_multi_perform: " << curl_multi_strerror(rc);
    }
    bool finished_any = CollectFinished();
    PublishStats();
    // A finished transfer may have freed a slot: start the next one without waiting.
    if (finished_any && admission_.waiting() > 0) continue;
    rc = curl_multi_poll(multi_.get(), nullptr, 0, kPollTimeoutMs, nullptr);
    if (rc != CURLM_OK) {
      LogLine(LogLevel::kError, "fetch") << "curl_multi_poll: " << curl_multi_strerror(rc);
    }
  }
}

void FetchEngine::Admit(Job job) {
  Result<std::string> host = HostOf(job.request.url);
  if (!host.ok()) {
    ++completed_;
    Deliver(job.done,
            ErrorResponse(FetchError::kBlocked, host.status().message(), job.request.url));
    return;
  }
  admission_.Push(*host, std::move(job));
}

void FetchEngine::StartAdmitted() {
  while (auto next = admission_.PopRunnable()) {
    auto& [host, job] = *next;
    std::string url = job.request.url;
    auto transfer =
        std::make_unique<Transfer>(options_, allow_, std::move(job.request), std::move(job.done));
    if (Status status = transfer->Configure(); !status.ok()) {
      admission_.Finish(host);
      ++completed_;
      FetchError error = status.code() == Status::Code::kInvalidArgument ? FetchError::kBlocked
                                                                         : FetchError::kNetwork;
      Done done = transfer->TakeDone();
      Deliver(done, ErrorResponse(error, status.message(), url));
      continue;
    }
    CURL* easy = transfer->easy();
    CURLMcode rc = curl_multi_add_handle(multi_.get(), easy);
    if (rc != CURLM_OK) {
      admission_.Finish(host);
      ++completed_;
      Done done = transfer->TakeDone();
      Deliver(done, ErrorResponse(FetchError::kNetwork, curl_multi_strerror(rc), url));
      continue;
    }
    running_.emplace(easy, Running{host, std::move(transfer)});
  }
}

bool FetchEngine::CollectFinished() {
  bool finished_any = false;
  int remaining = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_.get(), &remaining)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    CURLcode result = message->data.result;
    auto it = running_.find(easy);
    if (it == running_.end()) continue;
    curl_multi_remove_handle(multi_.get(), easy);
    Running finished = std::move(it->second);
    running_.erase(it);
    admission_.Finish(finished.host);
    FetchResponse response = finished.transfer->Finish(result);
    Done done = finished.transfer->TakeDone();
    ++completed_;
    finished_any = true;
    Deliver(done, std::move(response));
  }
  return finished_any;
}

void FetchEngine::CancelAll(std::vector<Job> submitted) {
  for (auto& [easy, running] : running_) {
    curl_multi_remove_handle(multi_.get(), easy);
    Done done = running.transfer->TakeDone();
    ++completed_;
    Deliver(done, ErrorResponse(FetchError::kCancelled, "fetch engine stopped",
                                running.transfer->request().url));
  }
  running_.clear();
  std::vector<Job> waiting = admission_.DrainWaiting();
  for (Job& job : submitted) waiting.push_back(std::move(job));
  for (Job& job : waiting) {
    ++completed_;
    Deliver(job.done,
            ErrorResponse(FetchError::kCancelled, "fetch engine stopped", job.request.url));
  }
}

void FetchEngine::Deliver(Done& done, FetchResponse&& response) {
  if (!done) return;
  try {
    done(std::move(response));
  } catch (const std::exception& e) {
    LogLine(LogLevel::kError, "fetch") << "fetch callback threw: " << e.what();
  } catch (...) {
    LogLine(LogLevel::kError, "fetch") << "fetch callback threw a non-exception";
  }
}

void FetchEngine::PublishStats() {
  MutexLock lock(&mutex_);
  published_.in_flight = running_.size();
  published_.queued = admission_.waiting();
  published_.completed = completed_;
}

}  // namespace postwatch
