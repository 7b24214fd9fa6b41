// The subcommands of postwatchctl. Each returns the process exit code:
// 0 success, 1 the check failed (bad config, refused plugin, plugin error), 2 usage error.
#pragma once

#include "ctl/ctl_args.h"

namespace postwatch::ctl {

int CheckConfig(const Args& args);
int PluginsList(const Args& args);
int PluginsReplay(const Args& args);
int LinksCheck(const Args& args);

}  // namespace postwatch::ctl
