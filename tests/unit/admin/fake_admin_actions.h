// FakeAdminActions: a daemon stand-in for the admin API tests. Records what the API asked
// of it and answers with what the test set.
#pragma once

#include <string>
#include <vector>

#include "admin/admin_actions.h"

namespace postwatch {

class FakeAdminActions : public AdminActions {
 public:
  std::vector<PluginView> plugins = {
      {"web", "/p/postwatch_web.so", "1.0.0", "web", true, true, "loaded"},
      {"youtube", "/p/postwatch_youtube.so", "1.0.0", "youtube", true, true, "loaded"}};
  std::vector<ListView> lists = {{"demo", "/l/demo.txt", 3, 0, 1'700'000'000'000, ""}};
  std::string registry_file;
  Status set_plugin_result;
  Status reload_lists_result;
  int accounts_changed = 0;
  int lists_reloaded = 0;
  std::vector<std::pair<std::string, bool>> plugin_changes;

  std::vector<PluginView> Plugins() override { return plugins; }
  Status SetPluginEnabled(const std::string& name, bool enabled) override {
    if (!set_plugin_result.ok()) return set_plugin_result;
    plugin_changes.emplace_back(name, enabled);
    for (PluginView& p : plugins) {
      if (p.name == name) {
        p.enabled = enabled;
        p.loaded = enabled;
        p.status = enabled ? "loaded" : "disabled";
      }
    }
    return Status::Ok();
  }
  std::vector<ListView> Lists() override { return lists; }
  Status ReloadLists() override {
    if (!reload_lists_result.ok()) return reload_lists_result;
    ++lists_reloaded;
    lists[0].entries += 1;
    return Status::Ok();
  }
  void AccountsChanged() override { ++accounts_changed; }
  void ApplyAccountDefaults(AccountSpec& spec) override {
    if (spec.interval_s == 0 && spec.platform == "youtube") spec.interval_s = 1800;
  }
  DaemonStatusView DaemonStatus() override {
    DaemonStatusView v;
    v.version = "0.1.0";
    v.ready = true;
    v.registry_file = registry_file;
    return v;
  }
};

}  // namespace postwatch
