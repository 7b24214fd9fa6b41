// Logging to stderr with syslog priority prefixes ("<6>"), so that journald records the
// level of every line. Thread-safe: each line is written with one write(2).
#pragma once

#include <sstream>
#include <string_view>

namespace postwatch {

enum class LogLevel { kError = 3, kWarning = 4, kNotice = 5, kInfo = 6, kDebug = 7 };

// Lines above this level are dropped. Default kInfo. Thread-safe.
void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();

// Writes "<N>component: message\n" to stderr.
void Log(LogLevel level, std::string_view component, std::string_view message);

// Builds one log line with <<, written when the statement ends:
//   LogLine(LogLevel::kWarning, "fetch") << "host " << host << " refused";
class LogLine {
 public:
  LogLine(LogLevel level, std::string_view component) : level_(level), component_(component) {}
  ~LogLine() { Log(level_, component_, stream_.str()); }
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;

  template <typename T>
  LogLine& operator<<(const T& value) {
    stream_ << value;
    return *this;
  }

 private:
  LogLevel level_;
  std::string_view component_;
  std::ostringstream stream_;
};

}  // namespace postwatch
