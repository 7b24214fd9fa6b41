// FlagList: one flagged-link list, parsed from one file, stored compactly.
//
// Formats, decided per line: plain lines ("bad.example", "https://bad.example/path"),
// hosts-file lines ("0.0.0.0 bad.example other.example"), and CSV lines
// ("value,kind,category", kind domain|prefix|url, kind and category optional). In a file
// ending in ".csv" every line is CSV and a first line "value,..." is a header. '#' starts a
// comment line (and, outside CSV, a trailing comment); blank lines are ignored. A junk line
// is recorded as an error with its line number and skipped; the rest of the list loads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "links/huge_page_allocator.h"

namespace postwatch {

enum class FlagEntryKind : uint8_t {
  kDomain,     // matches the host and all its subdomains
  kUrlPrefix,  // matches normalised URLs that start with it (scheme ignored)
  kExactUrl,   // matches one normalised URL (scheme ignored)
};

const char* FlagEntryKindName(FlagEntryKind kind);

// A junk line of a list file.
struct ListError {
  std::string file;
  int line = 0;
  std::string message;

  // "file:line: message".
  std::string ToString() const;
};

class FlagList {
 public:
  // Parses `text`, the content of the file `source`, as the list `name`. Never fails: junk
  // lines become errors(). A domain that is a public suffix ("co.uk") or a single label is
  // junk. Domains and URLs are stored normalised (see NormalizeHostName, NormalizeUrl).
  static FlagList Parse(std::string name, std::string source, std::string_view text,
                        int64_t loaded_at_ms);

  const std::string& name() const { return name_; }
  const std::string& source() const { return source_; }
  int64_t loaded_at_ms() const { return loaded_at_ms_; }
  const std::vector<ListError>& errors() const { return errors_; }

  size_t size() const { return entries_.size(); }
  // Preconditions: i < size(). Views are valid while the list lives.
  FlagEntryKind kind(size_t i) const { return entries_[i].kind; }
  std::string_view value(size_t i) const {
    return values().substr(entries_[i].offset, entries_[i].length);
  }
  std::string_view category(size_t i) const { return categories_[entries_[i].category]; }
  // Where value(i) starts in values(): an index can keep (offset, length) and read the
  // value back without touching the entry table.
  uint32_t value_offset(size_t i) const { return entries_[i].offset; }
  // Every value, back to back in entry order; value(i) is a view into it.
  std::string_view values() const { return std::string_view(values_.data(), values_.size()); }

  // Bytes held by the parsed entries (values, index, categories).
  size_t MemoryBytes() const;

 private:
  struct Entry {
    uint32_t offset;
    uint16_t length;
    uint16_t category;
    FlagEntryKind kind;
  };

  void ParseLine(std::string_view line, int line_number, bool csv_file);
  void AddValue(std::string_view value, FlagEntryKind kind, std::string_view category,
                int line_number);
  void AddError(int line_number, std::string message);
  uint16_t CategoryIndex(std::string_view category);

  std::string name_;
  std::string source_;
  int64_t loaded_at_ms_ = 0;
  // All entry values, back to back; on huge pages when large, since matching reads them at
  // random (see FlagMatcher).
  std::vector<char, HugePageAllocator<char>> values_;
  std::vector<Entry> entries_;
  std::vector<std::string> categories_;                       // [0] is the empty category
  std::unordered_map<std::string, uint16_t> category_index_;  // only while parsing
  std::vector<ListError> errors_;
};

}  // namespace postwatch
