#include "fixture_files.h"

#include <sstream>

#include "recording_host.h"

namespace postwatch::testing {

std::vector<std::pair<std::string, std::string>> ReadHeaderFile(const std::string& path) {
  std::vector<std::pair<std::string, std::string>> headers;
  std::istringstream lines(ReadFileOrFail(path));
  std::string line;
  while (std::getline(lines, line)) {
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    size_t value = line.find_first_not_of(' ', colon + 1);
    headers.emplace_back(line.substr(0, colon),
                         value == std::string::npos ? "" : line.substr(value));
  }
  return headers;
}

}  // namespace postwatch::testing
