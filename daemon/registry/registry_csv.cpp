// The CSV form of the registry (see registry_file.h). Each row is turned into the JSON
// object the JSON form would hold and checked against the same schema, so both forms
// accept the same accounts; errors name the row's line and the column.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <set>

#include "config/located_json.h"
#include "config/spelling.h"
#include "registry/csv_reader.h"
#include "registry/registry_file.h"
#include "registry/registry_rows.h"

namespace postwatch {

namespace {

constexpr std::array<std::string_view, 5> kRequiredColumns = {"member_ref", "display_name", "group",
                                                              "platform", "registered"};
constexpr std::array<std::string_view, 7> kAllColumns = {
    "member_ref", "display_name", "group", "platform", "registered", "interval_s", "ref"};

JsonError ErrorAt(const std::string& file, int line, int column, std::string message) {
  return JsonError{file, line, column, "", std::move(message)};
}

// Maps column names to their index; reports unknown, repeated and missing columns.
std::map<std::string, size_t> ReadHeader(const CsvRecord& header, const std::string& file,
                                         std::vector<JsonError>& errors) {
  std::vector<std::string> known(kAllColumns.begin(), kAllColumns.end());
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string& name = header.fields[i];
    int column = header.columns[i];
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string message = "unknown column '" + name + "'";
      if (auto match = ClosestMatch(name, known)) message += "; did you mean '" + *match + "'?";
      errors.push_back(ErrorAt(file, header.line, column, message));
    } else if (!index.emplace(name, i).second) {
      errors.push_back(ErrorAt(file, header.line, column, "column '" + name + "' appears twice"));
    }
  }
  for (std::string_view name : kRequiredColumns) {
    if (index.count(std::string(name)) == 0) {
      errors.push_back(ErrorAt(file, header.line, 0,
                               "missing column '" + std::string(name) +
                                   "'; the header row must name member_ref, display_name, "
                                   "group, platform and registered"));
    }
  }
  return index;
}

std::string Serialise(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

RegistryLoad LoadRegistryCsv(std::string_view text, const std::string& path) {
  RegistryLoad load;
  const Result<JsonSchema>& schema = AccountsSchema();
  if (!schema.ok()) {
    load.errors.push_back(JsonError{path, 0, 0, "", schema.status().ToString()});
    return load;
  }
  CsvParse csv = ParseCsv(text, path);
  load.errors = std::move(csv.errors);
  if (csv.records.empty()) {
    if (load.errors.empty()) {
      load.errors.push_back(ErrorAt(path, 0, 0, "no header row; the file is empty"));
    }
    return load;
  }
  const CsvRecord& header = csv.records.front();
  size_t header_errors = load.errors.size();
  std::map<std::string, size_t> columns = ReadHeader(header, path, load.errors);
  if (load.errors.size() > header_errors) return load;

  // Rows that convert are validated together as {"accounts": [...]}; `rows_in_document`
  // maps an index of that array back to its CSV record.
  rapidjson::Document document(rapidjson::kObjectType);
  auto& allocator = document.GetAllocator();
  rapidjson::Value accounts(rapidjson::kArrayType);
  std::vector<const CsvRecord*> rows_in_document;
  for (size_t r = 1; r < csv.records.size(); ++r) {
    const CsvRecord& record = csv.records[r];
    if (record.fields.size() != header.fields.size()) {
      load.errors.push_back(ErrorAt(path, record.line, 0,
                                    "expected " + std::to_string(header.fields.size()) +
                                        " fields as in the header, got " +
                                        std::to_string(record.fields.size())));
      continue;
    }
    rapidjson::Value account(rapidjson::kObjectType);
    bool ok = true;
    for (const auto& [name, i] : columns) {
      const std::string& cell = record.fields[i];
      rapidjson::Value key(name.c_str(), allocator);
      if (name == "interval_s") {
        if (cell.empty()) continue;
        int64_t seconds = 0;
        auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), seconds);
        if (ec != std::errc() || end != cell.data() + cell.size()) {
          load.errors.push_back(
              ErrorAt(path, record.line, record.columns[i],
                      "column 'interval_s': expected integer, got \"" + cell + "\""));
          ok = false;
          continue;
        }
        account.AddMember(key, rapidjson::Value(seconds), allocator);
      } else if (name == "ref") {
        if (cell.empty()) continue;
        auto ref = ParseJsonText(cell, "ref");
        if (!ref.ok() || !ref->IsObject()) {
          load.errors.push_back(ErrorAt(path, record.line, record.columns[i],
                                        "column 'ref': expected a JSON object"));
          ok = false;
          continue;
        }
        account.AddMember(key, rapidjson::Value(*ref, allocator), allocator);
      } else {
        account.AddMember(key, rapidjson::Value(cell.c_str(), allocator), allocator);
      }
    }
    if (!ok) continue;
    accounts.PushBack(account, allocator);
    rows_in_document.push_back(&record);
  }
  document.AddMember("accounts", accounts, allocator);

  std::set<size_t> bad_rows;
  for (const SchemaViolation& violation : schema->FindViolations(document)) {
    // Pointers are "/accounts/N" or "/accounts/N/column": the header check ruled out others.
    static constexpr std::string_view kPrefix = "/accounts/";
    if (violation.pointer.compare(0, kPrefix.size(), kPrefix) != 0) {
      load.errors.push_back(ErrorAt(path, 0, 0, violation.message));
      continue;
    }
    size_t slash = violation.pointer.find('/', kPrefix.size());
    size_t index = std::stoul(violation.pointer.substr(kPrefix.size(), slash - kPrefix.size()));
    const CsvRecord& record = *rows_in_document[index];
    bad_rows.insert(index);
    if (slash == std::string::npos) {
      load.errors.push_back(ErrorAt(path, record.line, 0, violation.message));
      continue;
    }
    std::string column = violation.pointer.substr(slash + 1);
    column = column.substr(0, column.find('/'));
    auto it = columns.find(column);
    int at = it != columns.end() ? record.columns[it->second] : 0;
    load.errors.push_back(
        ErrorAt(path, record.line, at, "column '" + column + "': " + violation.message));
  }

  std::vector<RegistryRow> rows;
  const rapidjson::Value& checked = document["accounts"];
  for (rapidjson::SizeType i = 0; i < checked.Size(); ++i) {
    if (bad_rows.count(i) > 0) continue;
    const CsvRecord& record = *rows_in_document[i];
    const rapidjson::Value& account = checked[i];
    RegistryRow row;
    row.spec.member_ref = account["member_ref"].GetString();
    row.spec.display_name = account["display_name"].GetString();
    row.spec.group = account["group"].GetString();
    row.spec.platform = account["platform"].GetString();
    row.spec.registered = account["registered"].GetString();
    if (account.HasMember("interval_s")) row.spec.interval_s = account["interval_s"].GetInt64();
    if (account.HasMember("ref")) row.spec.ref_json = Serialise(account["ref"]);
    row.site = ErrorAt(path, record.line, 0, "");
    row.platform_site = ErrorAt(path, record.line, record.columns[columns.at("platform")], "");
    rows.push_back(std::move(row));
  }
  AcceptRows(std::move(rows), load);
  SortByPosition(load.errors);
  return load;
}

}  // namespace postwatch
