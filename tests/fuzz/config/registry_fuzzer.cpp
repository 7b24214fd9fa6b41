// Fuzzes the registry parsers: the first byte picks JSON or CSV.
#include <cstddef>
#include <cstdint>
#include <string>

#include "registry/registry_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  postwatch::RegistryLoad load = (data[0] & 1) != 0
                                     ? postwatch::LoadRegistryCsv(text, "/fuzz/accounts.csv")
                                     : postwatch::LoadRegistryJson(text, "/fuzz/accounts.json");
  for (const auto& a : load.accounts) {
    if (a.platform.empty() || a.registered.empty()) __builtin_trap();
  }
  return 0;
}
