#include "config/config_loader.h"

#include <rapidjson/pointer.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config_options.h"
#include "config/json_schema.h"
#include "config/located_json.h"
#include "pw_schemas_embedded.h"

namespace postwatch {

namespace {

constexpr char kSchemaName[] = "config.schema.json";

// The compiled config schema, built once. Thread-safe (static initialisation).
const Result<JsonSchema>& ConfigSchema() {
  static const Result<JsonSchema> schema = []() -> Result<JsonSchema> {
    const auto& files = schemas::Files();
    auto it = files.find(kSchemaName);
    if (it == files.end()) return Status::Internal("config.schema.json is not embedded");
    return JsonSchema::Compile(it->second, kSchemaName);
  }();
  return schema;
}

void SetField(const ConfigOption& option, const rapidjson::Value& value, Config& config) {
  std::visit(
      [&](auto field) {
        using Field = decltype(field);
        if constexpr (std::is_same_v<Field, ConfigOption::IntegerField>) {
          field(config) = value.GetInt64();
        } else if constexpr (std::is_same_v<Field, ConfigOption::NumberField>) {
          field(config) = value.GetDouble();
        } else if constexpr (std::is_same_v<Field, ConfigOption::BooleanField>) {
          field(config) = value.GetBool();
        } else if constexpr (std::is_same_v<Field, ConfigOption::StringField>) {
          field(config).assign(value.GetString(), value.GetStringLength());
        } else {
          auto& list = field(config);
          list.clear();
          for (const rapidjson::Value& item : value.GetArray()) {
            list.emplace_back(item.GetString(), item.GetStringLength());
          }
        }
      },
      option.field);
}

bool IsPluginName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

void ApplyPlugins(const LocatedJson& json, Config& config, std::vector<JsonError>& errors) {
  const rapidjson::Value& root = json.document();
  auto plugins = root.FindMember("plugins");
  if (plugins == root.MemberEnd()) return;
  for (const auto& entry : plugins->value.GetObject()) {
    std::string name(entry.name.GetString(), entry.name.GetStringLength());
    std::string pointer = "/plugins";
    AppendPointerToken(pointer, name);
    if (!IsPluginName(name)) {
      errors.push_back(json.ErrorAt(
          pointer, "plugin name '" + name + "' must be lowercase letters, digits and '_'", true));
      continue;
    }
    PluginSettings settings;
    const rapidjson::Value& value = entry.value;
    if (auto it = value.FindMember("enabled"); it != value.MemberEnd()) {
      settings.enabled = it->value.GetBool();
    }
    if (auto it = value.FindMember("interval_s"); it != value.MemberEnd()) {
      settings.interval_s = it->value.GetInt64();
    }
    if (auto it = value.FindMember("isolation"); it != value.MemberEnd()) {
      settings.isolation = it->value.GetString();
    }
    if (auto it = value.FindMember("credential_file"); it != value.MemberEnd()) {
      settings.credential_file = it->value.GetString();
    }
    if (auto it = value.FindMember("call_deadline_ms"); it != value.MemberEnd()) {
      settings.call_deadline_ms = it->value.GetInt64();
    }
    std::string config_pointer = pointer + "/config";
    std::string_view source = json.SourceOf(config_pointer);
    if (!source.empty()) {
      TextPosition position = json.ValuePosition(config_pointer);
      settings.config_json = std::string(source);
      settings.config_origin =
          TextOrigin{json.origin().file, position.line, position.column, config_pointer};
    } else {
      settings.config_origin = TextOrigin{json.origin().file, 0, 0, config_pointer};
    }
    config.plugins.emplace(std::move(name), std::move(settings));
  }
}

// Checks that need more than the schema can say.
void CheckValues(const LocatedJson& json, const Config& config, std::vector<JsonError>& errors) {
  auto check_address = [&](const std::string& pointer, const std::string& value) {
    if (value.empty() || value.rfind("unix:", 0) == 0) return;
    auto parsed = ParseHostPort(value);
    if (!parsed.ok()) errors.push_back(json.ErrorAt(pointer, parsed.status().message()));
  };
  check_address("/listen/metrics", config.listen.metrics);
  check_address("/listen/admin", config.listen.admin);
  for (size_t i = 0; i < config.fetch.allow.size(); ++i) {
    check_address("/fetch/allow/" + std::to_string(i), config.fetch.allow[i]);
  }
  if (config.scheduler.backoff_base_s > config.scheduler.backoff_max_s) {
    errors.push_back(json.ErrorAt("/scheduler/backoff_base_s",
                                  "must be <= backoff_max_s (" +
                                      std::to_string(config.scheduler.backoff_max_s) + "), got " +
                                      std::to_string(config.scheduler.backoff_base_s)));
  }
}

std::string Resolve(const std::filesystem::path& base, const std::string& path) {
  if (path.empty()) return path;
  std::filesystem::path p(path);
  if (p.is_relative()) p = base / p;
  p = p.lexically_normal();
  // "/srv/pw/" names the same directory as "/srv/pw"; keep one spelling.
  if (!p.has_filename() && p.has_relative_path()) p = p.parent_path();
  return p.string();
}

void ResolvePaths(const std::filesystem::path& config_dir, Config& config) {
  config.state_dir = Resolve(config_dir, config.state_dir);
  config.database = Resolve(config.state_dir, config.database);
  config.registry = Resolve(config_dir, config.registry);
  config.plugin_dir = Resolve(config_dir, config.plugin_dir);
  config.flag_lists_dir = Resolve(config_dir, config.flag_lists_dir);
  config.admin.token_file = Resolve(config_dir, config.admin.token_file);
  for (auto& [name, plugin] : config.plugins) {
    plugin.credential_file = Resolve(config_dir, plugin.credential_file);
  }
}

std::filesystem::path AbsolutePath(const std::string& path) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  if (ec) return std::filesystem::path(path);
  return absolute.lexically_normal();
}

Result<std::string> ReadConfigText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(std::string("cannot read: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError(std::string("cannot read: ") + std::strerror(errno));
  return std::move(text).str();
}

}  // namespace

ConfigLoad LoadConfigFromText(std::string text, const std::string& path) {
  ConfigLoad load;
  const Result<JsonSchema>& schema = ConfigSchema();
  if (!schema.ok()) {
    load.errors.push_back(JsonError{path, 0, 0, "", schema.status().ToString()});
    return load;
  }
  JsonParse parse = ParseJson(std::move(text), TextOrigin{path, 1, 1, ""});
  load.errors = std::move(parse.errors);
  if (!parse.json) return load;
  const LocatedJson& json = *parse.json;
  for (JsonError& error : schema->Validate(json)) load.errors.push_back(std::move(error));
  if (!load.errors.empty()) {
    SortByPosition(load.errors);
    return load;
  }

  Config config;
  for (const ConfigOption& option : ConfigOptions()) {
    const rapidjson::Value* value =
        rapidjson::Pointer(option.pointer.data(), option.pointer.size()).Get(json.document());
    if (value != nullptr) SetField(option, *value, config);
  }
  ApplyPlugins(json, config, load.errors);
  CheckValues(json, config, load.errors);
  if (!load.errors.empty()) {
    SortByPosition(load.errors);
    return load;
  }

  std::filesystem::path absolute = AbsolutePath(path);
  config.source_path = absolute.string();
  ResolvePaths(absolute.parent_path(), config);
  load.config = std::move(config);
  return load;
}

ConfigLoad LoadConfig(const std::string& path) {
  Result<std::string> text = ReadConfigText(path);
  if (!text.ok()) {
    ConfigLoad load;
    load.errors.push_back(JsonError{path, 0, 0, "", text.status().message()});
    return load;
  }
  return LoadConfigFromText(std::move(text).value(), path);
}

Result<Config> LoadConfigFile(const std::string& path) {
  Result<std::string> text = ReadConfigText(path);
  if (!text.ok()) return Status::IoError(path + ": " + text.status().message());
  ConfigLoad load = LoadConfigFromText(std::move(text).value(), path);
  if (load.config) return std::move(*load.config);
  return Status::InvalidArgument(FormatJsonErrors(load.errors));
}

}  // namespace postwatch
