// Test harness for end-to-end tests: real processes (postwatch-sim, postwatchd), real HTTP
// over loopback, a real SQLite file.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace postwatch::testing {

// Paths of the built binaries, set by CMake.
std::string BinaryDir();  // ${CMAKE_BINARY_DIR}
std::string SourceDir();  // ${PROJECT_SOURCE_DIR}
std::string PostwatchdPath();
std::string PostwatchctlPath();
std::string SimPath();
std::string PluginDir();

// A temporary directory, removed with its contents on destruction (kept when
// POSTWATCH_KEEP_TMP is set, for debugging).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A child process with stdout and stderr sent to a log file.
class Process {
 public:
  Process(std::vector<std::string> argv, std::string log_path,
          std::map<std::string, std::string> extra_env = {});
  ~Process();  // SIGKILLs the process if it still runs.
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Sends `sig` and waits up to `timeout` for the exit; returns the exit status
  // (as from waitpid) or nullopt on timeout.
  std::optional<int> Signal(int sig, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Waits for exit without signalling.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  std::string log_path_;
  std::optional<int> exit_status_;
};

// Polls `predicate` every 50 ms until it returns true or `timeout` passes.
bool WaitFor(const std::function<bool()>& predicate, std::chrono::milliseconds timeout);

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& content);

struct HttpResult {
  long status = 0;
  std::string body;
  std::string error;
};
HttpResult HttpGet(const std::string& url);
// Any method, with extra "Name: value" headers; never follows redirects. The reply's
// Location header, when there is one, is in `location`.
struct HttpExchange {
  long status = 0;
  std::string body;
  std::string location;
  std::string error;
};
HttpExchange HttpSend(const std::string& method, const std::string& url,
                      const std::string& body = "", const std::vector<std::string>& headers = {});
HttpResult HttpPost(const std::string& url, const std::string& body = "");

// Sums the samples of a metric in Prometheus text format whose labels include every
// `labels` pair. Returns 0 when none matches.
double MetricValue(const std::string& text, const std::string& name,
                   const std::map<std::string, std::string>& labels = {});

// Runs one SQL query on a SQLite file (read-only) and returns the rows as strings.
std::vector<std::vector<std::string>> Query(const std::string& db_path, const std::string& sql);

// Runs a command, returns its exit code and combined output.
struct CommandResult {
  int exit_code = -1;
  std::string output;
};
CommandResult RunCommand(const std::vector<std::string>& argv);

}  // namespace postwatch::testing
