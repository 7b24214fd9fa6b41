// Fuzzes the config loader: JSON with comments, schema validation, error locations.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  postwatch::ConfigLoad load =
      postwatch::LoadConfigFromText(std::move(text), "/fuzz/postwatch.json");
  // Exactly one of a config and a list of errors.
  if (load.config.has_value() == !load.errors.empty()) __builtin_trap();
  for (const auto& e : load.errors) {
    if (e.ToString().empty()) __builtin_trap();
  }
  return 0;
}
