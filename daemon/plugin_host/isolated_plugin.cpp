#include "plugin_host/isolated_plugin.h"

#include <algorithm>

#include "base/log.h"

namespace postwatch {

namespace {

std::string DurationText(std::chrono::milliseconds d) {
  auto ms = d.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

}  // namespace

IsolatedPlugin::IsolatedPlugin(IsolationOptions options) : options_(std::move(options)) {
  if (options_.runner_path.empty()) options_.runner_path = DefaultRunnerPath();
  options_.pool_size = std::max(1, options_.pool_size);
  options_.quarantine_failures = std::max(1, options_.quarantine_failures);
}

IsolatedPlugin::~IsolatedPlugin() = default;

Result<std::unique_ptr<IsolatedPlugin>> IsolatedPlugin::Start(const std::string& plugin_path,
                                                              IsolationOptions options) {
  std::unique_ptr<IsolatedPlugin> p(new IsolatedPlugin(std::move(options)));
  p->path_ = plugin_path;
  // This runner only says hello; it exits when its socket closes. A plugin that is never
  // initialised (a disabled one) so keeps no process around.
  auto runner = p->SpawnRunner(Clock::now() + p->options_.call_deadline, &p->manifest_);
  if (!runner.ok()) return runner.status();
  return p;
}

Result<std::unique_ptr<RunnerProcess>> IsolatedPlugin::SpawnRunner(Clock::time_point deadline,
                                                                   PluginManifest* manifest) const {
  auto runner = RunnerProcess::Spawn(options_.runner_path, path_, options_.check_permissions);
  if (!runner.ok()) return runner.status();
  wire::FrameResult hello = (*runner)->Read(deadline);
  if (hello.error != wire::FrameError::kNone) {
    return Status::Unavailable("plugin runner " + (*runner)->Stop() + " before its hello (" +
                               hello.message + ")");
  }
  auto decoded = wire::DecodeHello(hello.payload);
  if (!decoded.ok()) return decoded.status();
  *manifest = std::move(*decoded);
  return std::move(*runner);
}

Status IsolatedPlugin::InitRunner(RunnerProcess& runner, Clock::time_point deadline) const {
  wire::FrameResult frame = runner.Exchange(wire::EncodeInit(config_json_), deadline);
  if (frame.error != wire::FrameError::kNone) {
    return Status::Unavailable(DescribeFailure("init", frame, runner));
  }
  auto reply = wire::DecodeReply(frame.payload, options_.limits);
  if (!reply.ok()) {
    return Status::Unavailable("plugin " + manifest_.name + ": init sent a malformed reply");
  }
  if (reply->code != PW_OK) {
    return Status::InvalidArgument("init failed: " +
                                   (reply->error.empty() ? "no reason given" : reply->error));
  }
  return Status::Ok();
}

Status IsolatedPlugin::Init(std::string_view config_json) {
  if (initialised_) return Status::Internal("plugin " + manifest_.name + " initialised twice");
  config_json_ = config_json.empty() ? std::string("{}") : std::string(config_json);
  auto runner = StartRunner(Clock::now() + options_.call_deadline);
  if (!runner.ok()) return runner.status();
  initialised_ = true;
  std::lock_guard<std::mutex> lock(pool_mu_);
  idle_.push_back(std::move(*runner));
  return Status::Ok();
}

Result<std::unique_ptr<RunnerProcess>> IsolatedPlugin::StartRunner(
    Clock::time_point deadline) const {
  PluginManifest manifest;
  auto runner = SpawnRunner(deadline, &manifest);
  if (!runner.ok()) return runner.status();
  {
    MutexLock lock(&health_mu_);
    ++spawns_;
  }
  if (manifest.name != manifest_.name || manifest.version != manifest_.version) {
    return Status::Unavailable("plugin file " + path_ + " now holds " + manifest.name + " " +
                               manifest.version + "; restart the daemon to load it");
  }
  Status s = InitRunner(**runner, deadline);
  if (!s.ok()) return s;
  return std::move(*runner);
}

std::string IsolatedPlugin::DescribeFailure(std::string_view what, const wire::FrameResult& frame,
                                            RunnerProcess& runner) const {
  std::string prefix = "plugin " + manifest_.name + ": " + std::string(what);
  switch (frame.error) {
    case wire::FrameError::kTimeout:
      runner.Stop();
      return prefix + " timed out after " + DeadlineText() + "; runner killed";
    case wire::FrameError::kClosed:
    case wire::FrameError::kIo: {
      std::string how = runner.Stop();
      return prefix + (how == "was killed" ? " lost its runner" : " " + how);
    }
    case wire::FrameError::kTooLarge:
      runner.Stop();
      return prefix + " sent an oversized reply (" + frame.message + "); runner killed";
    case wire::FrameError::kNone:
      break;
  }
  runner.Stop();
  return prefix + " failed";
}

std::string IsolatedPlugin::DeadlineText() const { return DurationText(options_.call_deadline); }

bool IsolatedPlugin::Acquire(Clock::time_point deadline,
                             std::unique_ptr<RunnerProcess>* runner) const {
  std::unique_lock<std::mutex> lock(pool_mu_);
  if (!pool_cv_.wait_until(lock, deadline, [&] { return in_use_ < options_.pool_size; })) {
    return false;
  }
  ++in_use_;
  if (!idle_.empty()) {
    *runner = std::move(idle_.back());
    idle_.pop_back();
  }
  return true;
}

void IsolatedPlugin::Release(std::unique_ptr<RunnerProcess> runner) const {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (runner) idle_.push_back(std::move(runner));
    --in_use_;
  }
  pool_cv_.notify_one();
}

std::string IsolatedPlugin::CheckQuarantine(Clock::time_point now) const {
  MutexLock lock(&health_mu_);
  if (now >= quarantined_until_) return {};
  auto left = std::chrono::duration_cast<std::chrono::seconds>(quarantined_until_ - now);
  return "plugin " + manifest_.name + ": quarantined for another " +
         std::to_string(left.count() + 1) + " s after " +
         std::to_string(options_.quarantine_failures) + " failures (last: " + last_failure_ + ")";
}

std::string IsolatedPlugin::CheckBackoff(Clock::time_point now) const {
  MutexLock lock(&health_mu_);
  if (now >= next_spawn_at_) return {};
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(next_spawn_at_ - now);
  return "plugin " + manifest_.name + ": runner restarts in " + std::to_string(left.count()) +
         " ms (last failure: " + last_failure_ + ")";
}

void IsolatedPlugin::RecordFailure(const std::string& message) const {
  Log(LogLevel::kError, "plugins", message);
  MutexLock lock(&health_mu_);
  Clock::time_point now = Clock::now();
  ++failures_;
  ++consecutive_failures_;
  last_failure_ = message;
  int shift = std::min(consecutive_failures_ - 1, 20);
  auto backoff = std::min(options_.backoff_initial * (int64_t{1} << shift), options_.backoff_max);
  next_spawn_at_ = now + backoff;
  recent_failures_.push_back(now);
  while (!recent_failures_.empty() && now - recent_failures_.front() > options_.quarantine_window) {
    recent_failures_.pop_front();
  }
  if (recent_failures_.size() >= static_cast<size_t>(options_.quarantine_failures)) {
    recent_failures_.clear();
    quarantined_until_ = now + options_.quarantine_cool_down;
    next_spawn_at_ = quarantined_until_;
    Log(LogLevel::kError, "plugins",
        "plugin " + manifest_.name + " quarantined for " +
            DurationText(options_.quarantine_cool_down) + " after " +
            std::to_string(options_.quarantine_failures) + " failures within " +
            DurationText(options_.quarantine_window) + "; its calls fail until then");
  }
}

void IsolatedPlugin::RecordSuccess() const {
  MutexLock lock(&health_mu_);
  consecutive_failures_ = 0;
}

PluginCallResult IsolatedPlugin::Call(const PluginInvocation& call) const {
  std::string what(PluginMethodName(call.method));
  if (!initialised_) return Failed("plugin " + manifest_.name + " is not initialised");
  if (std::string refused = CheckQuarantine(Clock::now()); !refused.empty()) {
    return Failed(refused);
  }
  Clock::time_point deadline = Clock::now() + options_.call_deadline;
  std::unique_ptr<RunnerProcess> runner;
  if (!Acquire(deadline, &runner)) {
    return Failed("plugin " + manifest_.name + ": all " + std::to_string(options_.pool_size) +
                  " runners stayed busy for " + DeadlineText());
  }
  if (!runner) {
    if (std::string wait = CheckBackoff(Clock::now()); !wait.empty()) {
      Release(nullptr);
      return Failed(wait);
    }
    auto started = StartRunner(Clock::now() + options_.call_deadline);
    if (!started.ok()) {
      std::string message =
          "plugin " + manifest_.name + ": runner failed to start: " + started.status().message();
      RecordFailure(message);
      Release(nullptr);
      return Failed(message);
    }
    runner = std::move(*started);
  }
  wire::FrameResult frame =
      runner->Exchange(wire::EncodeCall(call), Clock::now() + options_.call_deadline);
  if (frame.error != wire::FrameError::kNone) {
    std::string message = DescribeFailure(what, frame, *runner);
    RecordFailure(message);
    Release(nullptr);
    return Failed(message);
  }
  auto reply = wire::DecodeReply(frame.payload, options_.limits);
  if (!reply.ok()) {
    runner->Stop();
    std::string message = "plugin " + manifest_.name + ": " + what + " sent a " +
                          reply.status().message() + "; runner killed";
    RecordFailure(message);
    Release(nullptr);
    return Failed(message);
  }
  RecordSuccess();
  Release(std::move(runner));
  return std::move(*reply);
}

bool IsolatedPlugin::IsQuarantined() const { return !CheckQuarantine(Clock::now()).empty(); }

int64_t IsolatedPlugin::FailureCount() const {
  MutexLock lock(&health_mu_);
  return failures_;
}

int64_t IsolatedPlugin::SpawnCount() const {
  MutexLock lock(&health_mu_);
  return spawns_;
}

}  // namespace postwatch
