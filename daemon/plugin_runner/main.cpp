// postwatch-plugin-runner: runs one fetch plugin for postwatchd in a child process, so that
// a plugin that crashes or hangs takes down only this process (plugin isolation
// "process"). postwatchd starts it with a socket as stdin and stdout and speaks the
// protocol of daemon/plugin_host/plugin_wire.h over it; it is not meant to be run by hand.
//
//   postwatch-plugin-runner [--no-permission-check] PLUGIN.so
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "plugin_runner/runner_server.h"

// Under AddressSanitizer (the sanitized test build), a plugin that crashes must still kill
// this process by its signal, which the host names in its error ("parse crashed with
// SIGSEGV"); ASan would catch the signal and exit with status 1 instead. The host starts the
// runner with an empty environment, so ASAN_OPTIONS cannot say it.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PW_RUNNER_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(PW_RUNNER_UNDER_ASAN)
extern "C" const char* __asan_default_options() {
  return "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0";
}
#endif

namespace {

// Keeps the protocol socket on private descriptors and points stdin at /dev/null and
// stdout at stderr, so that a plugin that prints cannot corrupt the protocol.
bool MoveProtocolOffStdio(int* in_fd, int* out_fd) {
  *in_fd = ::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
  *out_fd = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (*in_fd < 0 || *out_fd < 0) return false;
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0 || ::dup2(null_fd, STDIN_FILENO) < 0) return false;
  ::close(null_fd);
  return ::dup2(STDERR_FILENO, STDOUT_FILENO) >= 0;
}

}  // namespace

int main(int argc, char** argv) {
  postwatch::RunnerArgs args;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--no-permission-check") {
      args.check_permissions = false;
    } else if (args.plugin_path.empty() && !arg.empty() && arg[0] != '-') {
      args.plugin_path = arg;
    } else {
      args.plugin_path.clear();
      break;
    }
  }
  if (args.plugin_path.empty() || ::isatty(STDIN_FILENO)) {
    std::fprintf(stderr,
                 "usage: postwatch-plugin-runner [--no-permission-check] PLUGIN.so\n"
                 "Started by postwatchd for plugins with isolation \"process\"; it speaks a "
                 "binary protocol on stdin/stdout.\n");
    return 64;
  }
  // Die with the daemon, even when stuck inside the plugin.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() == 1) return 0;
  // The plugin handles owners' credentials: a crash must not leave them in a core file.
  struct rlimit no_core {};
  ::setrlimit(RLIMIT_CORE, &no_core);
  ::prctl(PR_SET_DUMPABLE, 0);
  ::signal(SIGPIPE, SIG_IGN);
  int in_fd = -1;
  int out_fd = -1;
  if (!MoveProtocolOffStdio(&in_fd, &out_fd)) {
    std::fprintf(stderr, "postwatch-plugin-runner: cannot set up stdio: %s\n",
                 std::strerror(errno));
    return 1;
  }
  return postwatch::ServePlugin(args, in_fd, out_fd);
}
