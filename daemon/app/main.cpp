// postwatchd: watches the public posts of registered accounts. See daemon.h for its life.
#include <curl/curl.h>
#include <libxml/parser.h>
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "app/daemon.h"
#include "base/log.h"

namespace {

void PrintUsage() {
  std::printf(
      "usage: postwatchd [--config FILE] [--listen-file FILE] [--version]\n"
      "  --config FILE       config file (default /etc/postwatch/postwatch.json)\n"
      "  --listen-file FILE  write the bound listen addresses there as JSON\n"
      "  --version           print the version and exit\n");
}

}  // namespace

int main(int argc, char** argv) {
  postwatch::DaemonOptions options;
  options.config_path = "/etc/postwatch/postwatch.json";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--version") {
      std::printf("postwatchd %s (%s)\n", PW_VERSION, PW_REVISION);
      return 0;
    }
    if (arg == "--help" || arg == "-h") {
      PrintUsage();
      return 0;
    }
    if ((arg == "--config" || arg == "-c") && i + 1 < argc) {
      options.config_path = argv[++i];
    } else if (arg == "--listen-file" && i + 1 < argc) {
      options.listen_file = argv[++i];
    } else {
      std::fprintf(stderr, "postwatchd: unknown argument '%s'\n", arg.c_str());
      PrintUsage();
      return 2;
    }
  }

  // Signals are taken synchronously by Daemon::Run(); block them in every thread.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    postwatch::Log(postwatch::LogLevel::kError, "postwatchd", "curl_global_init failed");
    return 1;
  }
  xmlInitParser();
  int rc = 0;
  {
    postwatch::Daemon daemon(options);
    postwatch::Status s = daemon.Start();
    if (!s.ok()) {
      postwatch::Log(postwatch::LogLevel::kError, "postwatchd", "cannot start: " + s.ToString());
      rc = 1;
    } else {
      daemon.Run();
    }
    daemon.Stop();
  }
  curl_global_cleanup();
  return rc;
}
