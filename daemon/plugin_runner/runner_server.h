// RunnerServer: the runner side of the plugin wire protocol (plugin_host/plugin_wire.h).
// Loads one plugin with the same checks as the daemon, says hello with its manifest, then
// answers init and call messages one at a time until the host closes the connection.
#pragma once

#include <string>

namespace postwatch {

struct RunnerArgs {
  std::string plugin_path;
  bool check_permissions = true;
};

// Serves the host on `in_fd`/`out_fd` (usually one socket). Returns the process exit code:
// 0 when the host closed the connection, 2 when the plugin was refused, 3 on a protocol
// error. A plugin that crashes ends the process with its signal, which the host reports.
int ServePlugin(const RunnerArgs& args, int in_fd, int out_fd);

}  // namespace postwatch
