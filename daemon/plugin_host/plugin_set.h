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
  bool enabled = true;
  std::string config_json = "{}";
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
  // `enable_unlisted`, else listed as disabled.
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
