#include "plugin_host/runner_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

namespace postwatch {

namespace {

struct FileActionsDeleter {
  void operator()(posix_spawn_file_actions_t* a) const { posix_spawn_file_actions_destroy(a); }
};

struct SpawnAttrDeleter {
  void operator()(posix_spawnattr_t* a) const { posix_spawnattr_destroy(a); }
};

std::string SignalName(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);
  return abbrev != nullptr ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

std::string DescribeExit(int status) {
  if (WIFSIGNALED(status)) return "crashed with " + SignalName(WTERMSIG(status));
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  return "ended";
}

}  // namespace

Result<std::unique_ptr<RunnerProcess>> RunnerProcess::Spawn(const std::string& runner_path,
                                                            const std::string& plugin_path,
                                                            bool check_permissions) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    return Status::IoError(std::string("socketpair: ") + std::strerror(errno));
  }
  int host_fd = fds[0];
  int child_fd = fds[1];
  posix_spawn_file_actions_t actions_storage;
  posix_spawn_file_actions_init(&actions_storage);
  std::unique_ptr<posix_spawn_file_actions_t, FileActionsDeleter> actions(&actions_storage);
  // dup2 clears close-on-exec on the copies; everything else above stderr is closed.
  posix_spawn_file_actions_adddup2(actions.get(), child_fd, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(actions.get(), child_fd, STDOUT_FILENO);
  posix_spawn_file_actions_addclosefrom_np(actions.get(), STDERR_FILENO + 1);

  // Signal dispositions and the mask are reset: the spawning thread may block signals
  // that the daemon handles on a dedicated thread.
  posix_spawnattr_t attr_storage;
  posix_spawnattr_init(&attr_storage);
  std::unique_ptr<posix_spawnattr_t, SpawnAttrDeleter> attr(&attr_storage);
  sigset_t none;
  sigset_t all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(attr.get(), &none);
  posix_spawnattr_setsigdefault(attr.get(), &all);
  posix_spawnattr_setflags(attr.get(), POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> args = {runner_path};
  if (!check_permissions) args.emplace_back("--no-permission-check");
  args.push_back(plugin_path);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // A clean environment: the plugin sees nothing of the daemon's (no credentials dir).
  std::string path_env = "PATH=/usr/bin:/bin";
  char* envp[] = {path_env.data(), nullptr};

  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, runner_path.c_str(), actions.get(), attr.get(), argv.data(), envp);
  ::close(child_fd);
  if (rc != 0) {
    ::close(host_fd);
    return Status::Unavailable("cannot start " + runner_path + ": " + std::strerror(rc));
  }
  int flags = ::fcntl(host_fd, F_GETFL);
  ::fcntl(host_fd, F_SETFL, flags | O_NONBLOCK);
  return std::unique_ptr<RunnerProcess>(new RunnerProcess(pid, host_fd));
}

RunnerProcess::~RunnerProcess() { Stop(); }

wire::FrameResult RunnerProcess::Exchange(std::string_view request, wire::Deadline deadline) {
  wire::FrameResult w = wire::WriteFrame(fd_, request, deadline);
  if (w.error != wire::FrameError::kNone) return w;
  return Read(deadline);
}

wire::FrameResult RunnerProcess::Read(wire::Deadline deadline) {
  return wire::ReadFrame(fd_, wire::kMaxRunnerFrameBytes, deadline);
}

std::string RunnerProcess::Stop() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (pid_ <= 0) return "ended";
  int status = 0;
  // A runner that closed its socket by dying is usually reaped here within milliseconds.
  for (int i = 0; i < 20; ++i) {
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return DescribeExit(status);
    }
    if (r < 0) {
      pid_ = -1;
      return "ended";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid_, SIGKILL);
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, 0);
  } while (r < 0 && errno == EINTR);
  pid_ = -1;
  if (r > 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) return "was killed";
  return r > 0 ? DescribeExit(status) : "ended";
}

std::string DefaultRunnerPath() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "postwatch-plugin-runner";
  std::filesystem::path dir = exe.parent_path();
  std::filesystem::path beside = dir / "postwatch-plugin-runner";
  if (std::filesystem::exists(beside, ec)) return beside.string();
  std::filesystem::path libexec = dir.parent_path() / "libexec/postwatch/postwatch-plugin-runner";
  if (std::filesystem::exists(libexec, ec)) return libexec.string();
  return beside.string();
}

}  // namespace postwatch
