// The simulator's control endpoints, for tests and benchmarks (JSON responses):
//
//   GET  /_sim/served[?account=acct-<i>]  every post served at least once in a 200 body:
//        {"accounts":{"acct-0":{"posts":{"acct-0-post-3":{"published_at":"...",
//          "links":["https://..."],"flagged":["https://..."]}}}}}
//        Accounts never served are absent. "flagged" is the subset of "links" that points
//        at a flag domain or one of its subdomains.
//   GET  /_sim/stats          {"requests","responses_200","responses_304","responses_404",
//                              "responses_other","connections"} (control requests excluded)
//   POST /_sim/reset-stats    zeroes the stats
//   POST /_sim/reset-served   forgets what was served
//   GET  /_sim/info           the world's parameters and the simulator's current time
#pragma once

#include <string>
#include <vector>

#include "platform_service.h"
#include "served_log.h"
#include "sim_clock.h"
#include "sim_http.h"
#include "sim_stats.h"
#include "world.h"

namespace postwatch::sim {

class ControlService {
 public:
  // All references must outlive the service.
  // platforms[i % size] renders account i; its PostId() names posts in /_sim/served.
  ControlService(const World& world, ServedLog& served, SimStats& stats, FreezableClock* time,
                 std::vector<const PlatformService*> platforms);

  // Thread-safe. 404 for unknown endpoints, 405 for a wrong method.
  SimResponse Handle(const SimRequest& request) const;

  // The body of GET /_sim/served; account_filter empty means every account.
  std::string ServedJson(std::string_view account_filter) const;
  std::string StatsJson() const;
  std::string InfoJson() const;

 private:
  const World& world_;
  ServedLog& served_;
  SimStats& stats_;
  FreezableClock* time_;
  std::vector<const PlatformService*> platforms_;
};

}  // namespace postwatch::sim
