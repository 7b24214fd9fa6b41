// POST /v1/accounts/import: registers many accounts from an accounts.json document or a
// CSV registry, row by row, and reports every row that was not added.
#include "admin/account_import.h"

#include <rapidjson/document.h>

#include <set>
#include <utility>

#include "admin/admin_endpoints.h"
#include "admin/admin_json.h"
#include "admin/audited_change.h"
#include "registry/registry_file.h"

namespace postwatch {

namespace {

constexpr char kSource[] = "import";

bool IsCsv(const HttpRequest& request) {
  std::string type = request.Header("Content-Type");
  return type.find("csv") != std::string::npos;
}

void WriteErrorRow(JsonWriter& w, const JsonError& e) {
  w.StartObject();
  w.Key("result");
  w.String(IsUnsupportedPlatformError(e) ? "unsupported" : "invalid");
  if (e.line > 0) {
    w.Key("line");
    w.Int(e.line);
  }
  if (e.column > 0) {
    w.Key("column");
    w.Int(e.column);
  }
  if (!e.pointer.empty()) {
    w.Key("pointer");
    WriteString(w, e.pointer);
  }
  w.Key("message");
  WriteString(w, e.message);
  w.EndObject();
}

void WriteSpecRow(JsonWriter& w, const AccountSpec& spec, const char* result, int64_t id,
                  const std::string& message) {
  w.StartObject();
  w.Key("result");
  w.String(result);
  w.Key("platform");
  WriteString(w, spec.platform);
  w.Key("registered");
  WriteString(w, spec.registered);
  if (id > 0) {
    w.Key("id");
    w.Int64(id);
  }
  if (!message.empty()) {
    w.Key("message");
    WriteString(w, message);
  }
  w.EndObject();
}

}  // namespace

HttpReply ImportAccounts(AdminContext& c) {
  if (auto conflict = RegistryFileConflict(c)) return *conflict;
  const bool csv = IsCsv(c.request);
  if (!csv) {
    // A body that is not JSON at all has no rows to report on.
    rapidjson::Document probe;
    probe.Parse<rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag>(
        c.request.body.data(), c.request.body.size());
    if (probe.HasParseError()) {
      RegistryLoad bad = LoadRegistryJson(c.request.body, kSource);
      return ErrorReply(400, "the body is neither JSON nor CSV (send CSV as text/csv)", bad.errors);
    }
  }
  RegistryLoad load =
      csv ? LoadRegistryCsv(c.request.body, kSource) : LoadRegistryJson(c.request.body, kSource);

  Result<std::vector<Account>> existing = c.store.LoadAccounts();
  if (!existing.ok())
    return ErrorReply(HttpStatusFor(existing.status()), existing.status().ToString());
  std::map<std::pair<std::string, std::string>, int64_t> registered;
  for (const Account& a : *existing) registered[{a.spec.platform, a.spec.registered}] = a.id;

  AuditEntry entry;
  entry.actor = c.actor;
  entry.action = "accounts.import";
  entry.target = "accounts";
  entry.reason = c.request.query.count("reason") ? c.request.query.at("reason") : "";
  entry.after_json = "{\"rows\":" + std::to_string(load.accounts.size() + load.errors.size()) +
                     ",\"format\":\"" + (csv ? "csv" : "json") + "\"}";
  Result<AuditedChange> change = AuditedChange::Begin(c.store, entry);
  if (!change.ok()) return AuditUnavailableReply(change.status());

  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  rapidjson::StringBuffer added_buffer;  // for the audit record
  JsonWriter added_json(added_buffer);
  added_json.StartArray();
  int64_t added = 0, already = 0, failed = static_cast<int64_t>(load.errors.size());
  w.StartObject();
  w.Key("rows");
  w.StartArray();
  for (const JsonError& e : load.errors) WriteErrorRow(w, e);
  for (AccountSpec& spec : load.accounts) {
    auto it = registered.find({spec.platform, spec.registered});
    if (it != registered.end()) {
      ++already;
      WriteSpecRow(w, spec, "exists", it->second, "already registered");
      continue;
    }
    c.actions.ApplyAccountDefaults(spec);
    Result<int64_t> id = c.store.AddAccount(spec);
    if (!id.ok()) {
      ++failed;
      WriteSpecRow(w, spec, "error", 0, id.status().ToString());
      continue;
    }
    ++added;
    registered[{spec.platform, spec.registered}] = *id;
    WriteSpecRow(w, spec, "added", *id, "");
    added_json.StartObject();
    added_json.Key("id");
    added_json.Int64(*id);
    added_json.Key("platform");
    WriteString(added_json, spec.platform);
    added_json.Key("registered");
    WriteString(added_json, spec.registered);
    added_json.EndObject();
  }
  added_json.EndArray();
  w.EndArray();
  w.Key("added");
  w.Int64(added);
  w.Key("existing");
  w.Int64(already);
  w.Key("failed");
  w.Int64(failed);
  w.EndObject();

  if (added > 0) c.actions.AccountsChanged();
  const std::string after = "{\"added\":" + std::string(added_buffer.GetString()) +
                            ",\"existing\":" + std::to_string(already) +
                            ",\"failed\":" + std::to_string(failed) + "}";
  if (Status f = change->Finish(Status::Ok(), {}, after); !f.ok()) return AuditIncompleteReply(f);
  return JsonReply(200, buffer.GetString());
}

}  // namespace postwatch
