// Where the shared conformance data lives: $POSTWATCH_CONFORMANCE_DIR, else the build's
// PW_CONFORMANCE_DIR. Tests skip when the folder they need is missing.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace postwatch::testing {

inline std::filesystem::path ConformanceDir() {
  if (const char* env = std::getenv("POSTWATCH_CONFORMANCE_DIR"); env != nullptr && *env) {
    return env;
  }
  return PW_CONFORMANCE_DIR;
}

inline std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Reads a divergence list: one case per line, "<case>\t# <why>"; '#' lines are comments.
// Only the part before the first tab is the case.
inline std::set<std::string> ReadDivergences(const std::filesystem::path& path) {
  std::set<std::string> cases;
  std::istringstream in(ReadWholeFile(path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    cases.insert(line.substr(0, line.find('\t')));
  }
  return cases;
}

}  // namespace postwatch::testing
