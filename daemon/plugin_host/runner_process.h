// RunnerProcess: one postwatch-plugin-runner child, spawned with a clean environment and
// no inherited descriptors but its socket (stdin/stdout) and stderr.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "base/status.h"
#include "plugin_host/plugin_wire.h"

namespace postwatch {

// Not thread-safe: one caller at a time (IsolatedPlugin hands each runner to one call).
class RunnerProcess {
 public:
  // Starts `runner_path` for `plugin_path`. Fails when the runner cannot be executed; a
  // plugin the runner refuses is reported by its hello, not here.
  static Result<std::unique_ptr<RunnerProcess>> Spawn(const std::string& runner_path,
                                                      const std::string& plugin_path,
                                                      bool check_permissions);
  // Kills (SIGKILL) and reaps the runner if it is still there.
  ~RunnerProcess();
  RunnerProcess(const RunnerProcess&) = delete;
  RunnerProcess& operator=(const RunnerProcess&) = delete;

  // Sends one frame, then reads one reply frame, both before `deadline`.
  wire::FrameResult Exchange(std::string_view request, wire::Deadline deadline);
  // Reads one frame (the hello) before `deadline`.
  wire::FrameResult Read(wire::Deadline deadline);

  // Ends the runner and says how it ended: "crashed with SIGSEGV", "exited with status 3",
  // or "was killed" when it was still running. Waits briefly for a runner that is already
  // exiting, so that its own death is reported rather than our SIGKILL.
  std::string Stop();

  pid_t pid() const { return pid_; }

 private:
  RunnerProcess(pid_t pid, int fd) : pid_(pid), fd_(fd) {}

  pid_t pid_ = -1;
  int fd_ = -1;
};

// Where postwatch-plugin-runner is: next to the running executable, else in
// ../libexec/postwatch/ relative to it.
std::string DefaultRunnerPath();

}  // namespace postwatch
