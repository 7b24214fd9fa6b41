// Table: human-readable, column-aligned output for postwatchctl.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace postwatch::ctl {

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  // Adds a row; missing cells are empty, extra cells are ignored.
  void AddRow(std::vector<std::string> cells);
  // Prints the header and rows, columns padded to their widest cell (in UTF-8 code
  // points); the last column is not padded.
  void Print(FILE* out) const;
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace postwatch::ctl
