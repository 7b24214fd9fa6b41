#include "app/service_notifier.h"

#include <systemd/sd-daemon.h>

namespace postwatch {

ServiceNotifier::ServiceNotifier() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0) watchdog_interval_us_ = usec / 2;
}

void ServiceNotifier::Ready(const std::string& status) {
  sd_notifyf(0, "READY=1\nSTATUS=%s", status.c_str());
}

void ServiceNotifier::Reloading() { sd_notify(0, "RELOADING=1"); }

void ServiceNotifier::Stopping() { sd_notify(0, "STOPPING=1"); }

void ServiceNotifier::Status(const std::string& status) {
  sd_notifyf(0, "STATUS=%s", status.c_str());
}

void ServiceNotifier::Watchdog() { sd_notify(0, "WATCHDOG=1"); }

}  // namespace postwatch
