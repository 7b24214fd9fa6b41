// postwatch-sim: serves synthetic accounts' web feeds for postwatchd's demo, end-to-end
// tests and benchmarks. See sim_options.cpp (--help) for the flags and control.h for the
// /_sim/ endpoints.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <iostream>

#include "atomic_file.h"
#include "registry_file.h"
#include "sim_app.h"
#include "sim_clock.h"
#include "sim_options.h"

namespace {

using postwatch::Status;
using namespace postwatch::sim;

int Fail(const Status& status) {
  std::cerr << "postwatch-sim: " << status.ToString() << "\n";
  return 1;
}

// The world's config with a start time; registry rendering does not depend on it.
WorldConfig WorldWithStart(const SimOptions& options) {
  WorldConfig config = options.world;
  if (config.start_time_ms == 0) config.start_time_ms = options.start_time_ms.value_or(0);
  return config;
}

int WriteRegistry(const SimOptions& options) {
  std::string base_url = options.base_url;
  if (base_url.empty()) {
    if (options.port == 0) {
      return Fail(Status::InvalidArgument("--registry-out needs --base-url or a non-zero --port"));
    }
    base_url = "http://" + options.bind_address + ":" + std::to_string(options.port);
  }
  Status status = WriteFileAtomically(
      options.registry_out,
      RenderRegistry(World(WorldWithStart(options)), options.platforms, base_url));
  return status.ok() ? 0 : Fail(status);
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = ParseSimOptions(argc, argv);
  if (!parsed.ok()) return Fail(parsed.status());
  const SimOptions& options = *parsed;
  if (options.help) {
    std::cout << SimUsage();
    return 0;
  }
  if (!options.registry_out.empty()) return WriteRegistry(options);

  // Block the stop signals before any thread starts, so that every thread inherits the mask
  // and only sigwait() below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  SimApp app(options, SystemClock());
  if (Status status = app.Start(); !status.ok()) return Fail(status);
  if (!options.port_file.empty()) {
    Status status = WriteFileAtomically(options.port_file, std::to_string(app.port()) + "\n");
    if (!status.ok()) return Fail(status);
  }
  const bool ipv6 = options.bind_address.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + options.bind_address + "]" : options.bind_address;
  std::cout << "postwatch-sim listening on http://" << host << ":" << app.port() << " ("
            << app.world().account_count() << " accounts)" << std::endl;

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  app.Stop();
  return 0;
}
