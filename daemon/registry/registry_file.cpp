#include "registry/registry_file.h"

#include <malloc.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "pw_schemas_embedded.h"
#include "registry/registry_rows.h"
#include "registry/unsupported_platforms.h"

namespace postwatch {

const Result<JsonSchema>& AccountsSchema() {
  static const Result<JsonSchema> schema = []() -> Result<JsonSchema> {
    const auto& files = schemas::Files();
    auto it = files.find("accounts.schema.json");
    if (it == files.end()) return Status::Internal("accounts.schema.json is not embedded");
    return JsonSchema::Compile(it->second, "accounts.schema.json");
  }();
  return schema;
}

namespace {

// The whole content of `path`, read in one piece into a string of its size.
Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(std::string("cannot read: ") + std::strerror(errno));
  std::string text;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0) {
    text.resize(static_cast<size_t>(size));
    in.read(text.data(), size);
    text.resize(static_cast<size_t>(in.gcount()));
  }
  // A file that does not tell its size (a pipe) or grew meanwhile: read the rest.
  char buffer[65536];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return Status::IoError(std::string("cannot read: ") + std::strerror(errno));
  return text;
}

// Hash of an account's identity (platform, registered).
struct IdentityHash {
  size_t operator()(const std::pair<std::string_view, std::string_view>& id) const {
    const size_t platform = std::hash<std::string_view>()(id.first);
    return platform ^ (std::hash<std::string_view>()(id.second) + 0x9E3779B97F4A7C15ULL +
                       (platform << 6) + (platform >> 2));
  }
};

}  // namespace

void AcceptRows(std::vector<RegistryRow> rows, RegistryLoad& load, const RowLocator& locate) {
  auto site = [&locate](const RegistryRow& row, bool platform) {
    if (locate) return locate(row.index, platform);
    return platform ? row.platform_site : row.site;
  };
  // (platform, registered) -> the row that registered it first. The keys are views into
  // the rows, which are moved out only after the loop.
  std::unordered_map<std::pair<std::string_view, std::string_view>, const RegistryRow*,
                     IdentityHash>
      first;
  first.reserve(rows.size());
  std::vector<bool> accepted(rows.size(), false);
  for (size_t i = 0; i < rows.size(); ++i) {
    const RegistryRow& row = rows[i];
    if (auto reason = UnsupportedPlatformReason(row.spec.platform)) {
      JsonError error = site(row, true);
      error.message = *reason;
      load.errors.push_back(std::move(error));
      continue;
    }
    auto [it, inserted] = first.emplace(
        std::make_pair(std::string_view(row.spec.platform), std::string_view(row.spec.registered)),
        &row);
    if (!inserted) {
      JsonError error = site(row, false);
      error.message = "duplicate account: platform '" + row.spec.platform + "', registered '" +
                      row.spec.registered + "' is already listed at line " +
                      std::to_string(site(*it->second, false).line);
      load.errors.push_back(std::move(error));
      continue;
    }
    accepted[i] = true;
  }
  load.accounts.reserve(load.accounts.size() + rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (accepted[i]) load.accounts.push_back(std::move(rows[i].spec));
  }
}

RegistryLoad LoadRegistryFile(const std::string& path) {
  RegistryLoad load;
  {
    auto text = ReadWholeFile(path);
    if (!text.ok()) {
      load.errors.push_back(JsonError{path, 0, 0, "", text.status().message()});
      return load;
    }
    std::string lower = path;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower.size() >= 4 && lower.compare(lower.size() - 4, 4, ".csv") == 0) {
      load = LoadRegistryCsv(*text, path);
    } else {
      load = LoadRegistryJson(std::move(text).value(), path);
    }
  }
  // The text, the parsed document and the rows are freed by now, but their memory sits in
  // the middle of the heap, under the accounts: give its free pages back to the system, or
  // a large registry leaves its high-water mark in the daemon's resident set.
  malloc_trim(0);
  return load;
}

}  // namespace postwatch
