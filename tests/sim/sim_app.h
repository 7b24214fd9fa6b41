// The whole simulator, assembled: world, served log, stats, services, router and server.
// main() and the tests both use it, so the tests exercise exactly what the binary serves.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "control.h"
#include "platform_service.h"
#include "served_log.h"
#include "sim_clock.h"
#include "sim_options.h"
#include "sim_router.h"
#include "sim_server.h"
#include "sim_stats.h"
#include "token_authority.h"
#include "world.h"

namespace postwatch::sim {

class SimApp {
 public:
  // clock is the simulated "now" (SystemClock() in the binary); it also fixes the world's
  // start time when options.start_time_ms is unset.
  SimApp(SimOptions options, Clock clock);
  // Stops the server if it runs.
  ~SimApp();
  SimApp(const SimApp&) = delete;
  SimApp& operator=(const SimApp&) = delete;

  // Binds, listens and starts serving. Fails as SimServer::Listen does.
  Status Start();
  // Stops serving and closes every connection. Idempotent.
  void Stop();

  // Valid after Start() succeeded.
  uint16_t port() const { return server_->port(); }
  // options.base_url, or "http://<bind>:<port>" (IPv6 addresses in brackets).
  const std::string& base_url() const { return base_url_; }

  const World& world() const { return world_; }
  ServedLog& served() { return served_; }
  SimStats& stats() { return stats_; }
  TokenAuthority& tokens() { return *tokens_; }

 private:
  SimOptions options_;
  FreezableClock time_;
  Clock clock_;  // time_.AsClock()
  World world_;
  ServedLog served_;
  SimStats stats_;
  std::string base_url_;
  std::vector<std::unique_ptr<PlatformService>> platforms_;
  std::unique_ptr<TokenAuthority> tokens_;
  std::unique_ptr<ControlService> control_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<SimServer> server_;  // last: destroyed first
};

}  // namespace postwatch::sim
