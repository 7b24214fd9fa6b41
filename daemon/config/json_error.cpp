#include "config/json_error.h"

#include <algorithm>

namespace postwatch {

std::string JsonError::ToString() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  out += ": ";
  if (!pointer.empty()) out += pointer + ": ";
  out += message;
  return out;
}

void SortByPosition(std::vector<JsonError>& errors) {
  std::stable_sort(errors.begin(), errors.end(), [](const JsonError& a, const JsonError& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
}

std::string FormatJsonErrors(const std::vector<JsonError>& errors) {
  std::string out;
  for (const JsonError& error : errors) {
    if (!out.empty()) out += '\n';
    out += error.ToString();
  }
  return out;
}

}  // namespace postwatch
