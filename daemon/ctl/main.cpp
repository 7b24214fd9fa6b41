// postwatchctl: the admin CLI of postwatch. Offline subcommands run here; the others speak
// to the daemon's admin API.
#include <curl/curl.h>
#include <libxml/parser.h>

#include <cstdio>
#include <string>

#include "base/log.h"
#include "ctl/commands.h"

namespace {

void Usage(FILE* out) {
  std::fprintf(out,
               "usage: postwatchctl COMMAND [ARGS]\n"
               "\n"
               "offline commands:\n"
               "  check-config FILE                   validate a config and its registry file\n"
               "  plugins list [--plugin-dir DIR | --config FILE] [--json]\n"
               "  plugins replay NAME FILE [--account JSON] [--status N] [--header 'K: V']...\n"
               "                 [--url URL] [--tag TAG] [--plugin-dir DIR | --config FILE]\n"
               "                                      run a plugin's parse on a saved response\n"
               "  links check --lists DIR URL... [--json]\n"
               "                                      show normalisation and flag-list matches\n"
               "\n"
               "exit codes: 0 ok, 1 the check failed, 2 usage error\n");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace postwatch::ctl;
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    Usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  // The CLI prints its own results; library log lines only when asked (--verbose).
  postwatch::SetLogLevel(postwatch::LogLevel::kWarning);
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--verbose") postwatch::SetLogLevel(postwatch::LogLevel::kDebug);
  }
  xmlInitParser();
  const std::vector<std::string> valued = {"account",    "status", "header", "url",       "tag",
                                           "plugin-dir", "config", "lists",  "credential"};
  std::string cmd = argv[1];
  std::string sub = argc > 2 ? argv[2] : "";
  int rc = 2;
  if (cmd == "check-config") {
    rc = CheckConfig(ParseArgs(argc, argv, 2, valued));
  } else if (cmd == "plugins" && sub == "list") {
    rc = PluginsList(ParseArgs(argc, argv, 3, valued));
  } else if (cmd == "plugins" && sub == "replay") {
    rc = PluginsReplay(ParseArgs(argc, argv, 3, valued));
  } else if (cmd == "links" && sub == "check") {
    rc = LinksCheck(ParseArgs(argc, argv, 3, valued));
  } else {
    std::fprintf(stderr, "postwatchctl: unknown command '%s%s%s'\n", cmd.c_str(),
                 sub.empty() ? "" : " ", sub.c_str());
    Usage(stderr);
  }
  curl_global_cleanup();
  return rc;
}
