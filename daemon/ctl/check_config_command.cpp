#include <cstdio>

#include "config/config_loader.h"
#include "ctl/commands.h"
#include "registry/registry_file.h"

namespace postwatch::ctl {

// Runs exactly the check the daemon runs at start and on reload: the config, then the
// registry file it names.
int CheckConfig(const Args& args) {
  if (args.positional.size() != 1) {
    std::fprintf(stderr, "usage: postwatchctl check-config FILE\n");
    return 2;
  }
  const std::string& path = args.positional[0];
  ConfigLoad load = LoadConfig(path);
  if (!load.config) {
    for (const JsonError& e : load.errors) std::fprintf(stderr, "%s\n", e.ToString().c_str());
    std::fprintf(stderr, "%s: %zu error(s)\n", path.c_str(), load.errors.size());
    return 1;
  }
  if (!load.config->registry.empty()) {
    RegistryLoad reg = LoadRegistryFile(load.config->registry);
    if (!reg.errors.empty()) {
      for (const JsonError& e : reg.errors) std::fprintf(stderr, "%s\n", e.ToString().c_str());
      std::fprintf(stderr, "%s: %zu error(s)\n", load.config->registry.c_str(), reg.errors.size());
      return 1;
    }
    std::printf("%s: ok (%zu accounts in %s)\n", path.c_str(), reg.accounts.size(),
                load.config->registry.c_str());
    return 0;
  }
  std::printf("%s: ok\n", path.c_str());
  return 0;
}

}  // namespace postwatch::ctl
