// CsvReader: RFC 4180 CSV with the line and column of every field, for the accounts
// registry. Blank lines and lines starting with '#' (outside a quoted field) are skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/json_error.h"

namespace postwatch {

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
  std::vector<int> columns;  // 1-based character column where each field starts
};

struct CsvParse {
  std::vector<CsvRecord> records;  // the records before the first syntax error
  std::vector<JsonError> errors;   // at most one: a syntax error, with file:line:column
};

// Splits `text` into records. Fields are separated by ',', records by LF or CRLF. A field
// in double quotes may hold ',', '"' (written "") and line breaks; unquoted fields are
// trimmed of surrounding spaces and tabs. `file` names the input in errors. Thread-safe.
CsvParse ParseCsv(std::string_view text, const std::string& file);

}  // namespace postwatch
