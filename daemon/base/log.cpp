#include "base/log.h"

#include <unistd.h>

#include <atomic>
#include <string>

namespace postwatch {

namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
}  // namespace

void SetLogLevel(LogLevel level) { g_level.store(static_cast<int>(level)); }
LogLevel GetLogLevel() { return static_cast<LogLevel>(g_level.load()); }

void Log(LogLevel level, std::string_view component, std::string_view message) {
  if (static_cast<int>(level) > g_level.load(std::memory_order_relaxed)) return;
  std::string line;
  line.reserve(message.size() + component.size() + 8);
  line += '<';
  line += static_cast<char>('0' + static_cast<int>(level));
  line += '>';
  line += component;
  line += ": ";
  // One record per line: journald would split embedded newlines into unprefixed lines.
  for (char c : message) line += (c == '\n' || c == '\r') ? ' ' : c;
  line += '\n';
  size_t off = 0;
  while (off < line.size()) {
    ssize_t n = ::write(STDERR_FILENO, line.data() + off, line.size() - off);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
}

}  // namespace postwatch
