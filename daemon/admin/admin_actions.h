// AdminActions: what the admin API asks of the running daemon, and what it reads from it.
//
// The Daemon implements this interface; daemon/admin depends only on it, never on
// daemon/app. Tests implement it with a fake.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/account.h"

namespace postwatch {

// One plugin as the daemon has it now.
struct PluginView {
  std::string name;
  std::string file;      // path of the .so
  std::string version;   // "" when refused
  std::string platform;  // "" when refused
  bool enabled = false;  // after the config and the persisted admin overrides
  bool loaded = false;   // enabled and initialised
  std::string status;    // "loaded", "disabled", or "refused: <reason>"
};

// One flag list in use.
struct ListView {
  std::string name;
  std::string source;  // the file
  size_t entries = 0;
  size_t line_errors = 0;  // junk lines skipped in the last load
  int64_t loaded_at_ms = 0;
  std::string error;  // why the last load could not use the file; "" when it could
};

struct DaemonStatusView {
  std::string version;
  std::string revision;
  bool ready = false;
  int64_t started_ms = 0;
  size_t accounts = 0;
  int64_t polls = 0;
  int64_t failures = 0;
  int64_t in_flight = 0;
  std::string last_error;
  bool store_degraded = false;
  std::string store_error;
  std::string registry_file;  // "" when accounts come only from the admin API
};

// Thread-safety: every method may be called from the admin listener's thread while the
// daemon runs; implementations serialise them with reloads.
class AdminActions {
 public:
  virtual ~AdminActions() = default;

  virtual std::vector<PluginView> Plugins() = 0;
  // Enables or disables a plugin at runtime and persists the choice in the state
  // directory, where it overrides the config at the next start. kNotFound when no plugin
  // of that name is in the plugin directory; kIoError when the choice cannot be saved
  // (then nothing changed).
  virtual Status SetPluginEnabled(const std::string& name, bool enabled) = 0;

  virtual std::vector<ListView> Lists() = 0;
  // Re-reads the flag lists directory. A list that cannot be read keeps its previous
  // version; fails only when the directory cannot be listed.
  virtual Status ReloadLists() = 0;

  // The accounts table changed: the poller picks up the new set.
  virtual void AccountsChanged() = 0;
  // Fills what a new account leaves to defaults (the plugin's interval).
  virtual void ApplyAccountDefaults(AccountSpec& spec) = 0;

  virtual DaemonStatusView DaemonStatus() = 0;
};

}  // namespace postwatch
