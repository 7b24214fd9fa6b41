// JsonError: one problem found in a JSON (or CSV) input file, with where it is.
#pragma once

#include <string>
#include <vector>

namespace postwatch {

// One error in an input file. `line` and `column` are 1-based (column counts characters,
// not bytes); 0 means unknown. `pointer` is the RFC 6901 JSON Pointer of the offending
// value ("/fetch/timeout_ms"), empty for syntax errors and CSV errors.
struct JsonError {
  std::string file;
  int line = 0;
  int column = 0;
  std::string pointer;
  std::string message;

  // "file:line:col: /pointer: message". Parts that are unknown (line or column 0, empty
  // pointer) are left out: "file:line: message", "file: /pointer: message".
  std::string ToString() const;
};

// Where a JSON text sits in a file. The text may be a slice of a larger file (a plugin's
// "config" object inside the daemon config): positions are then shifted by line/column,
// and `pointer` (the slice's place in the file) prefixes every reported pointer.
struct TextOrigin {
  std::string file;
  int line = 1;
  int column = 1;
  std::string pointer;
};

// Sorts errors into file order (line, then column; unknown positions first), keeping the
// order of errors at the same position.
void SortByPosition(std::vector<JsonError>& errors);

// The errors' ToString(), one per line, without a trailing newline.
std::string FormatJsonErrors(const std::vector<JsonError>& errors);

}  // namespace postwatch
