// postwatchctl: the admin CLI of postwatch. Offline subcommands run here; the others speak
// to the daemon's admin API.
#include <curl/curl.h>
#include <libxml/parser.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "base/log.h"
#include "ctl/admin_client.h"
#include "ctl/commands.h"

namespace {

using postwatch::ctl::Args;

struct Command {
  const char* words;  // "accounts add"
  const char* usage;  // arguments after the words
  const char* help;   // one line
  std::function<int(const Args&)> run;
};

const char kApiOptions[] =
    "  --admin URL        admin API (default: listen.admin of --config or\n"
    "                     /etc/postwatch/postwatch.json, else http://127.0.0.1:9465)\n"
    "  --token-file FILE  bearer token (default: admin.token_file of the config, else\n"
    "                     $CREDENTIALS_DIRECTORY/admin-token or\n"
    "                     /etc/postwatch/credentials/admin-token)\n"
    "  --json             print the API's JSON instead of a table\n";

const std::vector<Command>& Commands() {
  using namespace postwatch::ctl;
  static const std::vector<Command> commands = {
      {"check-config", "FILE", "validate a config and its registry file (offline)", CheckConfig},
      {"accounts add",
       "PLATFORM REGISTERED --member-ref REF [--name NAME] [--group GROUP]\n"
       "             [--interval SECONDS] [--ref JSON] [--reason TEXT]",
       "register one account", AccountsAdd},
      {"accounts import", "FILE [--chunk N] [--reason TEXT]",
       "register the accounts of a registry file (.json or .csv); reports every row not added",
       AccountsImport},
      {"accounts list", "[--platform P] [--group G] [--status S] [--limit N] [--offset N]",
       "list accounts; --group matches the group and those below it", AccountsList},
      {"accounts pause", "ID [--reason TEXT]", "stop polling an account",
       [](const Args& a) { return AccountsSetPaused(a, true); }},
      {"accounts resume", "ID [--reason TEXT]", "poll a paused account again",
       [](const Args& a) { return AccountsSetPaused(a, false); }},
      {"accounts remove", "ID --yes [--reason TEXT]",
       "unregister an account and erase its posts, links, flag hits and history", AccountsRemove},
      {"accounts export", "ID [--output FILE]",
       "everything stored about one account, as JSON (for its owner)", AccountsExport},
      {"accounts connect-link", "ID [--reason TEXT]",
       "a link for the account's owner to grant access (facebook, zalo, tiktok)",
       AccountsConnectLink},
      {"accounts credential show", "ID", "whether the account has an owner's credential",
       AccountsCredentialShow},
      {"accounts credential import", "ID FILE",
       "store tokens the owner handed over (token JSON or a bare token; - for stdin)",
       AccountsCredentialImport},
      {"accounts credential delete", "ID [--reason TEXT]", "forget the account's credential",
       AccountsCredentialDelete},
      {"plugins list", "[--plugin-dir DIR | --config FILE | --offline]",
       "plugins of the running daemon; with --plugin-dir/--config/--offline, load them here",
       [](const Args& a) {
         bool offline =
             a.Has("offline") || !a.Get("plugin-dir").empty() || !a.Get("config").empty();
         return offline ? PluginsList(a) : PluginsListOnline(a);
       }},
      {"plugins enable", "NAME [--reason TEXT]", "enable a plugin now and across restarts",
       [](const Args& a) { return PluginsSetEnabled(a, true); }},
      {"plugins disable", "NAME [--reason TEXT]", "disable a plugin now and across restarts",
       [](const Args& a) { return PluginsSetEnabled(a, false); }},
      {"plugins replay",
       "NAME FILE [--account JSON] [--status N] [--header 'K: V']...\n"
       "             [--url URL] [--tag TAG] [--plugin-dir DIR | --config FILE]",
       "run a plugin's parse on a saved response (offline)", PluginsReplay},
      {"lists list", "", "flag lists in use", ListsList},
      {"lists reload", "[--reason TEXT]", "re-read the flag lists directory", ListsReload},
      {"links check", "--lists DIR URL... [--json]",
       "show normalisation and flag-list matches (offline)", LinksCheck},
      {"status", "", "the daemon's state: accounts, polls, failures, store", Status},
  };
  return commands;
}

bool IsOffline(const Command& c) {
  const std::string words = c.words;
  return words == "check-config" || words == "plugins replay" || words == "links check";
}

void Usage(FILE* out) {
  std::fprintf(out, "usage: postwatchctl COMMAND [ARGS]\n\ncommands:\n");
  for (const Command& c : Commands()) std::fprintf(out, "  %-17s %s\n", c.words, c.help);
  std::fprintf(out,
               "\nCOMMAND --help shows a command's arguments.\n"
               "exit codes: 0 ok, 1 failed, 2 usage error, 3 cannot reach the daemon,\n"
               "            4 the daemon rejected the token\n");
}

void CommandHelp(const Command& c) {
  std::printf("usage: postwatchctl %s %s\n\n%s\n", c.words, c.usage, c.help);
  if (!IsOffline(c)) std::printf("\noptions:\n%s", kApiOptions);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace postwatch::ctl;
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    Usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? kExitUsage : kExitOk;
  }
  // The longest match of the command words: "accounts add" before "accounts".
  const Command* command = nullptr;
  int first_arg = 0;
  for (const Command& c : Commands()) {
    std::string words = c.words;
    size_t space = words.find(' ');
    if (space == std::string::npos) {
      if (words == argv[1]) command = &c, first_arg = 2;
    } else if (argc > 2 && words.substr(0, space) == argv[1] &&
               words.substr(space + 1) == argv[2]) {
      command = &c, first_arg = 3;
    }
  }
  if (command == nullptr) {
    std::fprintf(stderr, "postwatchctl: unknown command '%s%s%s'\n", argv[1], argc > 2 ? " " : "",
                 argc > 2 ? argv[2] : "");
    Usage(stderr);
    return kExitUsage;
  }
  for (int i = first_arg; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      CommandHelp(*command);
      return kExitOk;
    }
  }

  curl_global_init(CURL_GLOBAL_DEFAULT);
  // The CLI prints its own results; library log lines only when asked (--verbose).
  postwatch::SetLogLevel(postwatch::LogLevel::kWarning);
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--verbose") postwatch::SetLogLevel(postwatch::LogLevel::kDebug);
  }
  xmlInitParser();
  const std::vector<std::string> valued = {
      "account",    "status",     "header",     "url",   "tag",        "plugin-dir",
      "config",     "lists",      "credential", "admin", "token-file", "platform",
      "registered", "member-ref", "name",       "group", "interval",   "ref",
      "reason",     "limit",      "offset",     "chunk", "output"};
  int rc = command->run(ParseArgs(argc, argv, first_arg, valued));
  curl_global_cleanup();
  return rc;
}
