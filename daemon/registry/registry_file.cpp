#include "registry/registry_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
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

void AcceptRows(std::vector<RegistryRow> rows, RegistryLoad& load, const RowLocator& locate) {
  auto site = [&locate](const RegistryRow& row, bool platform) {
    if (locate) return locate(row.index, platform);
    return platform ? row.platform_site : row.site;
  };
  // (platform, registered) -> the row that registered it first.
  std::map<std::pair<std::string, std::string>, const RegistryRow*> first;
  for (RegistryRow& row : rows) {
    if (auto reason = UnsupportedPlatformReason(row.spec.platform)) {
      JsonError error = site(row, true);
      error.message = *reason;
      load.errors.push_back(std::move(error));
      continue;
    }
    auto [it, inserted] =
        first.emplace(std::make_pair(row.spec.platform, row.spec.registered), &row);
    if (!inserted) {
      JsonError error = site(row, false);
      error.message = "duplicate account: platform '" + row.spec.platform + "', registered '" +
                      row.spec.registered + "' is already listed at line " +
                      std::to_string(site(*it->second, false).line);
      load.errors.push_back(std::move(error));
      continue;
    }
    load.accounts.push_back(std::move(row.spec));
  }
}

RegistryLoad LoadRegistryFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    RegistryLoad load;
    load.errors.push_back(
        JsonError{path, 0, 0, "", std::string("cannot read: ") + std::strerror(errno)});
    return load;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string lower = path;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.size() >= 4 && lower.compare(lower.size() - 4, 4, ".csv") == 0) {
    return LoadRegistryCsv(text.str(), path);
  }
  return LoadRegistryJson(std::move(text).str(), path);
}

}  // namespace postwatch
