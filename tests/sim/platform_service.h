// PlatformService: one platform's wire format in the simulator.
//
// Every account of the world belongs to one platform: account i is on
// platforms[i % platforms.size()] (--platforms, default "web"). A service renders the
// world's posts of its accounts in its platform's real format, under its own path prefix,
// and records what it served in the shared ServedLog, so /_sim/served covers every platform.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "served_log.h"
#include "sim_clock.h"
#include "sim_http.h"
#include "token_authority.h"
#include "world.h"

namespace postwatch::sim {

// What a service needs. served may be null when only Registered()/PostId() are used.
struct PlatformContext {
  const World* world = nullptr;
  ServedLog* served = nullptr;
  Clock clock;
  std::string base_url;  // "http://127.0.0.1:PORT"
  // The platform of each account index, for services that must 404 on other accounts.
  std::vector<std::string> platforms;
  // The OAuth server of the owner-authorised platforms; may be null in unit tests.
  TokenAuthority* tokens = nullptr;
  std::string_view PlatformOf(uint32_t account) const {
    return platforms.empty() ? std::string_view("web") : platforms[account % platforms.size()];
  }
};

class PlatformService {
 public:
  virtual ~PlatformService() = default;
  // The registry's platform name, which is also the plugin's name: "web", "youtube", ...
  virtual std::string_view name() const = 0;
  // Requests whose path starts with this prefix are routed here, e.g. "/youtube/".
  virtual std::string_view prefix() const = 0;
  // What a member registers for account i: a URL or a handle that the plugin understands.
  virtual std::string Registered(uint32_t account) const = 0;
  // The post id the platform's plugin reports for post `index` of account i.
  virtual std::string PostId(uint32_t account, uint64_t index) const = 0;
  virtual SimResponse Handle(const SimRequest& request) const = 0;
};

// The service for `name`, or null when the simulator does not know that platform.
// Implemented in platforms.cpp, which lists every platform.
std::unique_ptr<PlatformService> MakePlatformService(std::string_view name,
                                                     const PlatformContext& context);
std::vector<std::string> KnownPlatforms();

}  // namespace postwatch::sim
