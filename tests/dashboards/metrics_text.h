// Small readers of the Prometheus text format for the metrics tests.
#pragma once

#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace postwatch {

// Sample lines (not comments, not blank) of an exposition.
inline std::vector<std::string> SampleLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  return lines;
}

// The value of the sample whose series (name and labels, exactly as rendered) is `series`.
inline std::optional<double> SampleValue(const std::string& text, const std::string& series) {
  for (const std::string& line : SampleLines(text)) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ') {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return std::nullopt;
}

}  // namespace postwatch
