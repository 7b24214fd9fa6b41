// The subcommands of postwatchctl. Each returns the process exit code (see ExitCode in
// admin_client.h): 0 success, 1 failed (bad config, refused plugin, the daemon refused),
// 2 usage error, 3 cannot reach the daemon, 4 the daemon rejected the token.
#pragma once

#include "ctl/ctl_args.h"

namespace postwatch::ctl {

// Offline: no daemon needed.
int CheckConfig(const Args& args);
int PluginsList(const Args& args);  // with --plugin-dir, --config or --offline
int PluginsReplay(const Args& args);
int LinksCheck(const Args& args);

// Through the daemon's admin API.
int AccountsAdd(const Args& args);
int AccountsImport(const Args& args);
int AccountsList(const Args& args);
int AccountsSetPaused(const Args& args, bool paused);
int AccountsRemove(const Args& args);
int AccountsExport(const Args& args);
int AccountsConnectLink(const Args& args);
int AccountsCredentialShow(const Args& args);
int AccountsCredentialImport(const Args& args);
int AccountsCredentialDelete(const Args& args);
int PluginsListOnline(const Args& args);
int PluginsSetEnabled(const Args& args, bool enabled);
int ListsList(const Args& args);
int ListsReload(const Args& args);
int Status(const Args& args);

// Usage lines of the subcommands that print them from more than one place.
inline constexpr char kUsageAccountsAdd[] =
    "postwatchctl accounts add PLATFORM REGISTERED --member-ref REF [--name NAME] "
    "[--group GROUP] [--interval SECONDS] [--ref JSON] [--reason TEXT]";
inline constexpr char kUsageAccountsImport[] =
    "postwatchctl accounts import FILE [--chunk N] [--reason TEXT] [--json]";
inline constexpr char kUsageAccountsRemove[] =
    "postwatchctl accounts remove ID --yes [--reason TEXT]";
inline constexpr char kUsageAccountsExport[] = "postwatchctl accounts export ID [--output FILE]";
inline constexpr char kUsageAccountsConnectLink[] =
    "postwatchctl accounts connect-link ID [--reason TEXT]";
inline constexpr char kUsageAccountsCredentialImport[] =
    "postwatchctl accounts credential import ID FILE";

}  // namespace postwatch::ctl
