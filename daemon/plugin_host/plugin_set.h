// PluginSet: every plugin found in the plugin directory, with its load status.
//
// A plugin that is refused (unsafe file, wrong ABI, bad manifest, failing init) is listed
// with the reason and logged; the others load normally. Immutable after Load(), so it can be
// shared across threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "plugin_host/plugin.h"

namespace postwatch {

struct PluginLoadSettings {
  PluginLoadSettings() = default;
  PluginLoadSettings(bool enabled_in, std::string config_json_in)
      : enabled(enabled_in), config_json(std::move(config_json_in)) {}

  bool enabled = true;
  std::string config_json = "{}";
  // "inprocess" (dlopen into this process, with a watchdog) or "process" (an
  // IsolatedPlugin: postwatch-plugin-runner children).
  std::string isolation = "inprocess";
  // Deadline of one call; 0 turns the in-process watchdog off.
  int64_t call_deadline_ms = 10000;
  // Runner executable for "process"; "" uses DefaultRunnerPath().
  std::string runner_path;
};

struct PluginEntry {
  std::string file;                      // path of the .so
  std::string name;                      // plugin name, or the file stem when refused early
  std::shared_ptr<const Plugin> plugin;  // null when refused or disabled
  bool enabled = false;
  std::string status;  // "loaded", "disabled", or "refused: <reason>"
};

class PluginSet {
 public:
  // Loads every *.so in `dir`. Plugins named in `settings` with enabled=false are listed
  // but not initialised; plugins not named are enabled with "{}" config when
  // `enable_unlisted`, else listed as disabled. Each plugin runs as its settings'
  // `isolation` says; the choice is made from the file name (NAME.so or
  // postwatch_NAME.so) and corrected once the manifest's name is known, so a plugin whose
  // file is named otherwise is briefly dlopen()ed in-process to read its manifest.
  static PluginSet Load(const std::string& dir,
                        const std::map<std::string, PluginLoadSettings>& settings,
                        bool enable_unlisted = true, bool check_permissions = true);

  // Adds a plugin built in-process (tests), initialised with `config_json`.
  void AddBuiltin(const pw_plugin* table, const std::string& config_json = "{}");

  const std::vector<PluginEntry>& entries() const { return entries_; }
  // The loaded, enabled plugin of that name, or null.
  std::shared_ptr<const Plugin> Find(const std::string& name) const;

 private:
  void Add(PluginEntry entry);
  std::vector<PluginEntry> entries_;
};

}  // namespace postwatch
