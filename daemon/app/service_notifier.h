// ServiceNotifier: tells systemd how the service is doing (sd_notify): READY=1, STATUS=,
// RELOADING=1, STOPPING=1 and WATCHDOG=1. Does nothing when NOTIFY_SOCKET is unset.
#pragma once

#include <cstdint>
#include <string>

namespace postwatch {

class ServiceNotifier {
 public:
  ServiceNotifier();

  void Ready(const std::string& status);
  void Reloading();
  void Stopping();
  void Status(const std::string& status);
  void Watchdog();
  // Microseconds between the watchdog pings systemd expects, halved; 0 when disabled.
  uint64_t watchdog_interval_us() const { return watchdog_interval_us_; }

 private:
  uint64_t watchdog_interval_us_ = 0;
};

}  // namespace postwatch
