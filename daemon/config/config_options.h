// The table of config options: every key of postwatch.json (except the per-plugin entries
// under "plugins", see PluginSettings), where it lives in Config, and whether a reload may
// change it. Types, bounds, defaults and documentation are in schemas/config.schema.json;
// config_options_test checks that the table, the schema and Config's defaults agree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.h"

namespace postwatch {

struct ConfigOption {
  using IntegerField = int64_t& (*)(Config&);
  using NumberField = double& (*)(Config&);
  using BooleanField = bool& (*)(Config&);
  using StringField = std::string& (*)(Config&);
  using StringListField = std::vector<std::string>& (*)(Config&);
  using Field = std::variant<IntegerField, NumberField, BooleanField, StringField, StringListField>;

  std::string_view pointer;  // JSON Pointer of the key: "/fetch/timeout_ms"
  bool reloadable;           // false: a changed value takes effect only after a restart
  Field field;               // the member of Config that holds the value
};

// All options, in schema order. Thread-safe (immutable).
const std::vector<ConfigOption>& ConfigOptions();

// The pointers of options that differ between `running` and `loaded` and that a reload
// cannot apply (listen addresses, state_dir, ...), so the reload can warn about them.
std::vector<std::string> RestartOnlyChanges(const Config& running, const Config& loaded);

}  // namespace postwatch
