#include "service_daemon.h"

#include <sys/stat.h>

#include <filesystem>

namespace postwatch::testing {

ServiceDaemon::ServiceDaemon(const TempDir& dir, ServiceDaemonOptions options)
    : dir_(dir), options_(std::move(options)) {
  std::filesystem::create_directories(dir_.File("lists"));
  std::filesystem::create_directories(dir_.File("plugins"));
  ::chmod(dir_.File("plugins").c_str(), 0755);
  WriteFile(dir_.File("lists/demo.txt"), "flagged.example\n");
  token_ = "test-token-0123456789abcdef";
  token_file_ = dir_.File("admin-token");
  WriteFile(token_file_, token_ + "\n");
  ::chmod(token_file_.c_str(), 0600);
  config_path_ = dir_.File("postwatch.json");
  std::string plugin_dir = options_.plugin_dir.empty() ? "plugins" : options_.plugin_dir;
  WriteFile(config_path_,
            "{\n"
            "  \"state_dir\": \"state\",\n"
            "  \"registry\": \"" +
                options_.registry +
                "\",\n"
                "  \"plugin_dir\": \"" +
                plugin_dir +
                "\",\n"
                "  \"flag_lists_dir\": \"lists\",\n"
                "  \"listen\": {\"metrics\": \"127.0.0.1:0\", \"admin\": \"" +
                (!options_.admin_listen.empty() ? options_.admin_listen
                 : options_.admin               ? "127.0.0.1:0"
                                                : "") +
                "\"},\n"
                "  \"admin\": {\"token_file\": \"admin-token\"},\n"
                "  \"scheduler\": {\"default_interval_s\": 3600},\n" +
                (options_.extra_config.empty() ? "" : options_.extra_config + ",\n") +
                "  \"log_level\": \"info\"\n"
                "}\n");
}

bool ServiceDaemon::Start(bool wait_ready) {
  std::string listen_file = dir_.File("listen.json");
  std::filesystem::remove(listen_file);
  // exec keeps the shell's pid, so WATCHDOG_PID names postwatchd itself, as under systemd.
  std::vector<std::string> argv = {
      "/bin/sh",        "-c",       "export WATCHDOG_PID=$$; exec \"$0\" \"$@\"",
      PostwatchdPath(), "--config", config_path_,
      "--listen-file",  listen_file};
  process_ = std::make_unique<Process>(
      argv, dir_.File("daemon-" + std::to_string(++starts_) + ".log"), options_.env);
  if (!wait_ready) return true;
  if (!WaitFor([&] { return !ReadFile(listen_file).empty() || !process_->running(); },
               std::chrono::seconds(60))) {
    return false;
  }
  std::string text = ReadFile(listen_file);
  if (text.empty()) return false;
  auto metrics = text.find("\"metrics\":\"");
  if (metrics != std::string::npos) {
    auto start = metrics + 11;
    metrics_url_ = "http://" + text.substr(start, text.find('"', start) - start);
  }
  auto admin = text.find("\"admin\":\"");
  if (admin != std::string::npos) {
    auto start = admin + 9;
    admin_url_ = "http://" + text.substr(start, text.find('"', start) - start);
  }
  return true;
}

}  // namespace postwatch::testing
