// FlagLists: every flagged-link list of a directory, one list per file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "links/flag_list.h"

namespace postwatch {

// What one load did with one list file.
struct ListReport {
  std::string name;               // list name: the file name without its extension
  std::string source;             // the file
  size_t entries = 0;             // entries of the version now in use
  std::vector<ListError> errors;  // junk lines of the file just read (file:line)
  Status status;                  // why the file could not be used, when it could not
  bool kept_previous = false;     // the previous version stays in use
  int64_t loaded_at_ms = 0;       // when the version in use was read
};

struct ListLoadOptions {
  // When set, a list whose file has junk lines keeps its previous version (if there is one)
  // instead of loading without the junk lines.
  bool keep_previous_on_line_errors = false;
};

// An immutable set of lists. Copies share the parsed lists. Thread-safe to read.
class FlagLists {
 public:
  FlagLists() = default;

  // Reads every regular file of `dir` (hidden files and names ending in '~' are skipped).
  // A file that cannot be read keeps the list's version from `previous` (when given);
  // junk lines are reported and skipped. Two files with the same name stem: the first in
  // name order wins, the other is reported. Fails with kNotFound / kIoError when `dir`
  // cannot be listed; then nothing changes.
  static Result<FlagLists> LoadDirectory(const std::filesystem::path& dir,
                                         const FlagLists* previous = nullptr,
                                         const ListLoadOptions& options = {});

  // Builds a set from lists already parsed (tests, benchmarks).
  static FlagLists FromLists(std::vector<std::shared_ptr<const FlagList>> lists);

  const std::vector<std::shared_ptr<const FlagList>>& lists() const { return lists_; }
  // The list called `name`, or null.
  std::shared_ptr<const FlagList> Find(std::string_view name) const;
  // One report per file seen by the load that made this set.
  const std::vector<ListReport>& reports() const { return reports_; }
  size_t TotalEntries() const;

 private:
  std::vector<std::shared_ptr<const FlagList>> lists_;  // sorted by name
  std::vector<ListReport> reports_;
};

}  // namespace postwatch
