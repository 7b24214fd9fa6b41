// The JSON form of the registry (see registry_file.h).
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <set>

#include "config/located_json.h"
#include "registry/registry_file.h"
#include "registry/registry_rows.h"

namespace postwatch {

namespace {

std::string StringMember(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::string Serialise(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// The index of the account a pointer is inside ("/accounts/3/platform" -> 3), or -1.
long AccountIndexOf(const std::string& pointer) {
  static constexpr std::string_view kPrefix = "/accounts/";
  if (pointer.compare(0, kPrefix.size(), kPrefix) != 0) return -1;
  size_t end = pointer.find('/', kPrefix.size());
  return std::stol(pointer.substr(kPrefix.size(), end - kPrefix.size()));
}

}  // namespace

RegistryLoad LoadRegistryJson(std::string text, const std::string& path) {
  RegistryLoad load;
  const Result<JsonSchema>& schema = AccountsSchema();
  if (!schema.ok()) {
    load.errors.push_back(JsonError{path, 0, 0, "", schema.status().ToString()});
    return load;
  }
  JsonParse parse = ParseJson(std::move(text), TextOrigin{path, 1, 1, ""});
  load.errors = std::move(parse.errors);
  if (!parse.json) return load;
  const LocatedJson& json = *parse.json;

  // Errors inside one account reject that account; errors outside any reject the file.
  std::set<long> bad_accounts;
  bool file_bad = !load.errors.empty();
  for (SchemaViolation& violation : schema->FindViolations(json.document())) {
    long index = AccountIndexOf(violation.pointer);
    if (index < 0) {
      file_bad = true;
    } else {
      bad_accounts.insert(index);
    }
    load.errors.push_back(
        json.ErrorAt(violation.pointer, std::move(violation.message), violation.at_key));
  }
  if (file_bad) {
    SortByPosition(load.errors);
    return load;
  }

  std::vector<RegistryRow> rows;
  const rapidjson::Value& accounts = json.document()["accounts"];
  rows.reserve(accounts.Size());
  for (rapidjson::SizeType i = 0; i < accounts.Size(); ++i) {
    if (bad_accounts.count(i) > 0) continue;
    const rapidjson::Value& account = accounts[i];
    RegistryRow row;
    row.index = i;
    row.spec.member_ref = StringMember(account, "member_ref");
    row.spec.display_name = StringMember(account, "display_name");
    row.spec.group = StringMember(account, "group");
    row.spec.platform = StringMember(account, "platform");
    row.spec.registered = StringMember(account, "registered");
    if (auto it = account.FindMember("interval_s"); it != account.MemberEnd()) {
      row.spec.interval_s = it->value.GetInt64();
    }
    if (auto it = account.FindMember("ref"); it != account.MemberEnd()) {
      row.spec.ref_json = Serialise(it->value);
    }
    rows.push_back(std::move(row));
  }
  // Positions are looked up only for the rows an error is about: building them for every
  // account costs most of the load time of a large registry.
  AcceptRows(std::move(rows), load, [&json](size_t index, bool platform) {
    return json.ErrorAt("/accounts/" + std::to_string(index) + (platform ? "/platform" : ""), "");
  });
  SortByPosition(load.errors);
  return load;
}

}  // namespace postwatch
