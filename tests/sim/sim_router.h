// Dispatches requests by path prefix to the simulator's services (web feeds, control, and
// later one service per platform), adds the common headers and counts requests.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim_clock.h"
#include "sim_http.h"
#include "sim_stats.h"

namespace postwatch::sim {

// The prefix of the control endpoints; requests under it are not counted in SimStats.
inline constexpr std::string_view kControlPrefix = "/_sim/";

class Router {
 public:
  // stats may be null. clock gives the Date header.
  Router(SimStats* stats, Clock clock) : stats_(stats), clock_(std::move(clock)) {}

  // Sends requests whose path starts with prefix to handler; the first matching mount, in
  // mount order, wins. Not thread-safe: mount everything before serving.
  void Mount(std::string prefix, RequestHandler handler);

  // Routes one request: 404 when no mount matches. Adds Date and Server headers. Thread-safe
  // when the mounted handlers are.
  SimResponse Handle(const SimRequest& request) const;

 private:
  struct MountPoint {
    std::string prefix;
    RequestHandler handler;
  };
  SimStats* stats_;
  Clock clock_;
  std::vector<MountPoint> mounts_;
};

// {"error":"<message>"} with the given status.
SimResponse JsonError(unsigned status, std::string_view message);

}  // namespace postwatch::sim
