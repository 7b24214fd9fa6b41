#include "links/flag_lists.h"

#include <algorithm>
#include <fstream>
#include <system_error>

#include "base/time_format.h"

namespace postwatch {
namespace {

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Status::IoError("cannot read " + path.string() + ": not a readable regular file");
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::IoError("cannot read " + path.string() + ": " + ec.message());
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open " + path.string());
  std::string content(size, '\0');
  in.read(content.data(), static_cast<std::streamsize>(size));
  if (in.bad()) return Status::IoError("cannot read " + path.string());
  content.resize(static_cast<size_t>(in.gcount()));
  return content;
}

bool IsSkippedName(const std::string& file_name) {
  return file_name.empty() || file_name.front() == '.' || file_name.back() == '~';
}

}  // namespace

Result<FlagLists> FlagLists::LoadDirectory(const std::filesystem::path& dir,
                                           const FlagLists* previous,
                                           const ListLoadOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::NotFound("flag list directory " + dir.string() + " does not exist");
  }
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    // A symlink counts even when its target is missing: that list then keeps its previous
    // version instead of silently disappearing.
    std::error_code type_ec;
    const bool candidate = it->is_regular_file(type_ec) || it->is_symlink(type_ec);
    if (!candidate || IsSkippedName(it->path().filename().string())) continue;
    files.push_back(it->path());
  }
  if (ec) return Status::IoError("cannot list " + dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());

  FlagLists result;
  for (const std::filesystem::path& file : files) {
    ListReport report;
    report.name = file.stem().string();
    report.source = file.string();
    const bool duplicate =
        std::any_of(result.lists_.begin(), result.lists_.end(),
                    [&](const auto& list) { return list->name() == report.name; });
    if (duplicate) {
      report.status = Status::InvalidArgument("another file already defines list '" + report.name +
                                              "'; " + report.source + " ignored");
      result.reports_.push_back(std::move(report));
      continue;
    }
    std::shared_ptr<const FlagList> old =
        previous != nullptr ? previous->Find(report.name) : nullptr;
    auto content = ReadFile(file);
    std::shared_ptr<const FlagList> list;
    if (content.ok()) {
      auto parsed = std::make_shared<const FlagList>(
          FlagList::Parse(report.name, report.source, *content, UnixNowMs()));
      report.errors = parsed->errors();
      if (!parsed->errors().empty() && options.keep_previous_on_line_errors && old != nullptr) {
        report.status = Status::InvalidArgument(std::to_string(parsed->errors().size()) +
                                                " junk lines; previous version kept");
        list = old;
        report.kept_previous = true;
      } else {
        list = std::move(parsed);
      }
    } else {
      report.status = content.status();
      if (old != nullptr) {
        list = old;
        report.kept_previous = true;
      }
    }
    if (list != nullptr) {
      report.entries = list->size();
      report.loaded_at_ms = list->loaded_at_ms();
      result.lists_.push_back(std::move(list));
    }
    result.reports_.push_back(std::move(report));
  }
  return result;
}

FlagLists FlagLists::FromLists(std::vector<std::shared_ptr<const FlagList>> lists) {
  FlagLists result;
  result.lists_ = std::move(lists);
  std::sort(result.lists_.begin(), result.lists_.end(),
            [](const auto& a, const auto& b) { return a->name() < b->name(); });
  for (const auto& list : result.lists_) {
    ListReport report;
    report.name = list->name();
    report.source = list->source();
    report.entries = list->size();
    report.errors = list->errors();
    report.loaded_at_ms = list->loaded_at_ms();
    result.reports_.push_back(std::move(report));
  }
  return result;
}

std::shared_ptr<const FlagList> FlagLists::Find(std::string_view name) const {
  for (const auto& list : lists_) {
    if (list->name() == name) return list;
  }
  return nullptr;
}

size_t FlagLists::TotalEntries() const {
  size_t total = 0;
  for (const auto& list : lists_) total += list->size();
  return total;
}

}  // namespace postwatch
