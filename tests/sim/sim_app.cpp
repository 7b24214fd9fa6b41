#include "sim_app.h"

#include <utility>

namespace postwatch::sim {

namespace {

WorldConfig WithStartTime(WorldConfig config, const std::optional<int64_t>& start_time_ms,
                          const Clock& clock) {
  config.start_time_ms = start_time_ms ? *start_time_ms : clock();
  return config;
}

}  // namespace

SimApp::SimApp(SimOptions options, Clock clock)
    : options_(std::move(options)),
      time_(std::move(clock)),
      clock_(time_.AsClock()),
      world_(WithStartTime(options_.world, options_.start_time_ms, clock_)),
      served_(world_.account_count()) {
  SimServerOptions server_options;
  server_options.bind_address = options_.bind_address;
  server_options.port = options_.port;
  server_options.threads = options_.threads;
  server_ = std::make_unique<SimServer>(std::move(server_options));
  tokens_ = std::make_unique<TokenAuthority>(clock_);
}

SimApp::~SimApp() { Stop(); }

Status SimApp::Start() {
  if (Status status = server_->Listen(); !status.ok()) return status;
  if (!options_.base_url.empty()) {
    base_url_ = options_.base_url;
  } else {
    const bool ipv6 = options_.bind_address.find(':') != std::string::npos;
    base_url_ = "http://" + (ipv6 ? "[" + options_.bind_address + "]" : options_.bind_address) +
                ":" + std::to_string(server_->port());
  }
  PlatformContext context;
  context.world = &world_;
  context.served = &served_;
  context.clock = clock_;
  context.base_url = base_url_;
  context.platforms = options_.platforms;
  context.tokens = tokens_.get();
  std::vector<const PlatformService*> by_account;
  for (const std::string& name : options_.platforms) {
    platforms_.push_back(MakePlatformService(name, context));
    if (!platforms_.back()) return Status::InvalidArgument("unknown platform " + name);
    by_account.push_back(platforms_.back().get());
  }
  control_ = std::make_unique<ControlService>(world_, served_, stats_, &time_, by_account);
  router_ = std::make_unique<Router>(&stats_, clock_);
  router_->Mount(std::string(kControlPrefix),
                 [control = control_.get(), tokens = tokens_.get()](const SimRequest& r) {
                   if (r.path().substr(0, 11) == "/_sim/oauth") return tokens->HandleControl(r);
                   return control->Handle(r);
                 });
  for (const auto& service : platforms_) {
    bool mounted = false;
    for (const auto& other : platforms_) {
      if (other.get() == service.get()) break;
      if (other->prefix() == service->prefix()) mounted = true;
    }
    if (mounted) continue;
    router_->Mount(std::string(service->prefix()),
                   [s = service.get()](const SimRequest& r) { return s->Handle(r); });
  }
  return server_->Start([router = router_.get()](const SimRequest& r) { return router->Handle(r); },
                        &stats_);
}

void SimApp::Stop() { server_->Stop(); }

}  // namespace postwatch::sim
