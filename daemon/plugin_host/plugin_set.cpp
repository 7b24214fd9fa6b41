#include "plugin_host/plugin_set.h"

#include <rapidjson/document.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <filesystem>

#include "base/log.h"
#include "plugin_host/in_process_plugin.h"
#include "plugin_host/isolated_plugin.h"

namespace postwatch {

namespace {

// Checks a plugin's config against the plugin's own schema; returns every error.
Status ValidatePluginConfig(const PluginManifest& m, const std::string& config_json) {
  rapidjson::Document schema_doc;
  schema_doc.Parse(m.config_schema.c_str());
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag>(
      config_json.c_str());
  if (doc.HasParseError()) return Status::InvalidArgument("plugin config is not valid JSON");
  rapidjson::SchemaDocument schema(schema_doc);
  rapidjson::SchemaValidator validator(schema);
  if (doc.Accept(validator)) return Status::Ok();
  rapidjson::StringBuffer where;
  validator.GetInvalidDocumentPointer().StringifyUriFragment(where);
  std::string pointer = where.GetString();
  if (!pointer.empty() && pointer[0] == '#') pointer.erase(0, 1);
  return Status::InvalidArgument("config" + pointer + " violates the plugin's schema (" +
                                 validator.GetInvalidSchemaKeyword() + ")");
}

// Loads `file` as `settings` ask: in a runner process or in this one.
Result<std::unique_ptr<Plugin>> LoadWith(const std::string& file,
                                         const PluginLoadSettings& settings,
                                         bool check_permissions) {
  std::chrono::milliseconds deadline(settings.call_deadline_ms);
  if (settings.isolation == "process") {
    IsolationOptions options;
    options.runner_path = settings.runner_path;
    options.check_permissions = check_permissions;
    if (deadline.count() > 0) options.call_deadline = deadline;
    auto isolated = IsolatedPlugin::Start(file, std::move(options));
    if (!isolated.ok()) return isolated.status();
    return std::unique_ptr<Plugin>(std::move(*isolated));
  }
  auto loaded = InProcessPlugin::Load(file, check_permissions);
  if (!loaded.ok()) return loaded.status();
  (*loaded)->SetCallDeadline(deadline, IsolationOptions{}.quarantine_cool_down);
  return std::unique_ptr<Plugin>(std::move(*loaded));
}

// The settings of the plugin a file probably holds, judged by its name.
const PluginLoadSettings* GuessSettings(const std::filesystem::path& file,
                                        const std::map<std::string, PluginLoadSettings>& all) {
  std::string stem = file.stem().string();
  auto it = all.find(stem);
  if (it == all.end() && stem.rfind("postwatch_", 0) == 0) it = all.find(stem.substr(10));
  return it == all.end() ? nullptr : &it->second;
}

}  // namespace

PluginSet PluginSet::Load(const std::string& dir,
                          const std::map<std::string, PluginLoadSettings>& settings,
                          bool enable_unlisted, bool check_permissions) {
  PluginSet set;
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& de : std::filesystem::directory_iterator(dir, ec)) {
    if (de.path().extension() == ".so") files.push_back(de.path());
  }
  if (ec)
    Log(LogLevel::kError, "plugins", "cannot read plugin directory " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    PluginEntry e;
    e.file = file.string();
    e.name = file.stem().string();
    const PluginLoadSettings defaults;
    const PluginLoadSettings* guess = GuessSettings(file, settings);
    const PluginLoadSettings& first = guess != nullptr ? *guess : defaults;
    auto loaded = LoadWith(e.file, first, check_permissions);
    if (loaded.ok()) {
      auto named = settings.find((*loaded)->manifest().name);
      const PluginLoadSettings& actual = named != settings.end() ? named->second : defaults;
      if (&actual != &first) {
        loaded->reset();  // the file name misled: unload, then load as the plugin's settings say
        loaded = LoadWith(e.file, actual, check_permissions);
      }
    }
    if (!loaded.ok()) {
      e.status = "refused: " + loaded.status().message();
      set.Add(std::move(e));
      continue;
    }
    std::unique_ptr<Plugin> plugin = std::move(*loaded);
    e.name = plugin->manifest().name;
    if (set.Find(e.name) != nullptr) {
      e.status = "refused: duplicate plugin name " + e.name;
      set.Add(std::move(e));
      continue;
    }
    auto it = settings.find(e.name);
    bool enabled = it != settings.end() ? it->second.enabled : enable_unlisted;
    if (!enabled) {
      e.status = "disabled";
      e.plugin = std::move(plugin);  // kept for `plugins list`, never polled
      set.Add(std::move(e));
      continue;
    }
    std::string config = it != settings.end() ? it->second.config_json : "{}";
    Status s = ValidatePluginConfig(plugin->manifest(), config);
    if (s.ok()) s = plugin->Init(config);
    if (!s.ok()) {
      e.status = "refused: " + s.message();
      set.Add(std::move(e));
      continue;
    }
    e.enabled = true;
    e.status = plugin->isolation() == "process" ? "loaded (process isolation)" : "loaded";
    e.plugin = std::move(plugin);
    set.Add(std::move(e));
  }
  return set;
}

void PluginSet::AddBuiltin(const pw_plugin* table, const std::string& config_json) {
  PluginEntry e;
  e.file = "(builtin)";
  auto loaded = Plugin::FromTable(table, "(builtin)");
  if (!loaded.ok()) {
    e.name = table != nullptr && table->name != nullptr ? table->name : "?";
    e.status = "refused: " + loaded.status().message();
    Add(std::move(e));
    return;
  }
  std::unique_ptr<Plugin> plugin = std::move(*loaded);
  e.name = plugin->manifest().name;
  Status s = plugin->Init(config_json);
  if (!s.ok()) {
    e.status = "refused: " + s.message();
  } else {
    e.enabled = true;
    e.status = "loaded";
    e.plugin = std::move(plugin);
  }
  Add(std::move(e));
}

void PluginSet::Add(PluginEntry entry) {
  if (entry.status.rfind("refused", 0) == 0) {
    Log(LogLevel::kError, "plugins",
        "refused plugin " + entry.file + ": " + entry.status.substr(9));
  } else {
    Log(LogLevel::kInfo, "plugins", entry.name + " (" + entry.file + "): " + entry.status);
  }
  entries_.push_back(std::move(entry));
}

std::shared_ptr<const Plugin> PluginSet::Find(const std::string& name) const {
  for (const auto& e : entries_) {
    if (e.name == name && e.enabled && e.plugin) return e.plugin;
  }
  return nullptr;
}

}  // namespace postwatch
