#include "config/config.h"

#include <charconv>

namespace postwatch {

LogLevel LogLevelFromName(std::string_view name) {
  if (name == "error") return LogLevel::kError;
  if (name == "warning") return LogLevel::kWarning;
  if (name == "notice") return LogLevel::kNotice;
  if (name == "debug") return LogLevel::kDebug;
  return LogLevel::kInfo;
}

Result<HostPort> ParseHostPort(std::string_view text) {
  auto invalid = [&](std::string_view why) {
    return Status::InvalidArgument("'" + std::string(text) +
                                   "' is not host:port: " + std::string(why));
  };
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return invalid("no port");
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return invalid("IPv6 addresses go in brackets, as in [::1]:9464");
  }
  if (host.empty()) return invalid("no host");
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return invalid("the port must be a number from 0 to 65535");
  }
  return HostPort{std::string(host), static_cast<uint16_t>(port)};
}

}  // namespace postwatch
