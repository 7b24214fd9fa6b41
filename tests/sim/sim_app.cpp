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
  web_ = std::make_unique<WebFeedService>(world_, served_, clock_, base_url_);
  control_ = std::make_unique<ControlService>(world_, served_, stats_, &time_);
  router_ = std::make_unique<Router>(&stats_, clock_);
  router_->Mount(std::string(kControlPrefix),
                 [control = control_.get()](const SimRequest& r) { return control->Handle(r); });
  router_->Mount(std::string(kWebPrefix),
                 [web = web_.get()](const SimRequest& r) { return web->Handle(r); });
  return server_->Start([router = router_.get()](const SimRequest& r) { return router->Handle(r); },
                        &stats_);
}

void SimApp::Stop() { server_->Stop(); }

}  // namespace postwatch::sim
