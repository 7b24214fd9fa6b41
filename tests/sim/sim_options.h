// Command-line options of postwatch-sim.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "world.h"

namespace postwatch::sim {

struct SimOptions {
  std::string bind_address = "127.0.0.1";
  uint16_t port = 0;      // 0: ephemeral
  std::string port_file;  // when set, the bound port is written there once listening
  unsigned threads = 1;
  std::string registry_out;  // when set: write the accounts registry there and exit
  std::string base_url;      // absolute URL prefix in feeds and the registry; empty: derived
  // world.start_time_ms is only used when this is set; otherwise the start is "now".
  std::optional<int64_t> start_time_ms;
  WorldConfig world;
  // Account i is on platforms[i % size] (--platforms web,youtube,...).
  std::vector<std::string> platforms = {"web"};
  bool help = false;  // --help was given
};

// The usage text printed by --help.
std::string SimUsage();

// Parses argv ("--flag value" or "--flag=value"). Fails with kInvalidArgument naming the
// flag for an unknown flag, a missing or malformed value, or a value out of bounds.
Result<SimOptions> ParseSimOptions(int argc, const char* const* argv);

}  // namespace postwatch::sim
