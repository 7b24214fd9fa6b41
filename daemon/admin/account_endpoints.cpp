// The account endpoints of the admin API: list, register, show, pause/resume, remove
// (erasure) and export.
#include <charconv>

#include "admin/admin_endpoints.h"
#include "admin/admin_json.h"
#include "admin/audited_change.h"
#include "admin/stewardship_metrics.h"
#include "registry/unsupported_platforms.h"

namespace postwatch {

namespace {

constexpr int64_t kDefaultPageSize = 100;
constexpr int64_t kMaxPageSize = 1000;

// A non-negative integer query parameter, or `fallback` when absent; nullopt when invalid.
std::optional<int64_t> QueryInt(const HttpRequest& request, const std::string& name,
                                int64_t fallback) {
  auto it = request.query.find(name);
  if (it == request.query.end() || it->second.empty()) return fallback;
  int64_t value = 0;
  const std::string& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

std::string QueryString(const HttpRequest& request, const std::string& name) {
  auto it = request.query.find(name);
  return it == request.query.end() ? std::string() : it->second;
}

// "city/district" selects that group and everything below it.
bool InGroup(const std::string& group, const std::string& filter) {
  if (filter.empty() || group == filter) return true;
  return group.size() > filter.size() && group.compare(0, filter.size(), filter) == 0 &&
         group[filter.size()] == '/';
}

HttpReply AccountReply(int status, const Account& account, const std::string& warning = "") {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("account");
  WriteAccount(w, account);
  if (!warning.empty()) {
    w.Key("warning");
    WriteString(w, warning);
  }
  w.EndObject();
  return JsonReply(status, buffer.GetString());
}

// A warning when no loaded plugin serves `platform`: the account is kept but not polled.
std::string PluginWarning(AdminContext& c, const std::string& platform) {
  for (const PluginView& p : c.actions.Plugins()) {
    if (p.name == platform && p.loaded) return "";
    if (p.name == platform) {
      return "plugin '" + platform + "' is " + p.status + "; the account is polled once it loads";
    }
  }
  return "no plugin '" + platform +
         "' in the plugin directory; the account is polled once one "
         "is installed";
}

std::string CountsJson(const AccountDataCounts& counts) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("posts");
  w.Int64(counts.posts);
  w.Key("links");
  w.Int64(counts.links);
  w.Key("flag_hits");
  w.Int64(counts.flag_hits);
  w.Key("poll_history");
  w.Int64(counts.polls);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace

HttpReply ListAccounts(AdminContext& c) {
  std::optional<int64_t> offset = QueryInt(c.request, "offset", 0);
  std::optional<int64_t> limit = QueryInt(c.request, "limit", kDefaultPageSize);
  if (!offset || !limit || *limit == 0 || *limit > kMaxPageSize) {
    return ErrorReply(400,
                      "offset must be >= 0 and limit from 1 to " + std::to_string(kMaxPageSize));
  }
  const std::string platform = QueryString(c.request, "platform");
  const std::string group = QueryString(c.request, "group");
  const std::string status = QueryString(c.request, "status");
  if (!status.empty() && !ParseAccountStatus(status)) {
    return ErrorReply(
        400, "unknown status '" + status + "'; use active, paused, backoff, failing, gone or auth");
  }
  Result<std::vector<Account>> accounts = c.store.LoadAccounts();
  if (!accounts.ok())
    return ErrorReply(HttpStatusFor(accounts.status()), accounts.status().ToString());

  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("accounts");
  w.StartArray();
  int64_t total = 0;
  for (const Account& a : *accounts) {
    if (!platform.empty() && a.spec.platform != platform) continue;
    if (!InGroup(a.spec.group, group)) continue;
    if (!status.empty() && AccountStatusName(a.status) != status) continue;
    if (total >= *offset && total - *offset < *limit) WriteAccount(w, a);
    ++total;
  }
  w.EndArray();
  w.Key("total");
  w.Int64(total);
  w.Key("offset");
  w.Int64(*offset);
  w.Key("limit");
  w.Int64(*limit);
  w.EndObject();
  return JsonReply(200, buffer.GetString());
}

HttpReply AddAccount(AdminContext& c) {
  JsonBody body = ParseJsonBody(c.request.body, "admin_account.schema.json", false);
  if (!body.ok()) return ErrorReply(400, "invalid account", body.errors);
  AccountSpec spec = SpecFromJson(body.document);
  if (auto reason = UnsupportedPlatformReason(spec.platform)) return ErrorReply(422, *reason);
  if (auto conflict = RegistryFileConflict(c)) return *conflict;
  Result<std::vector<Account>> existing = c.store.LoadAccounts();
  if (!existing.ok())
    return ErrorReply(HttpStatusFor(existing.status()), existing.status().ToString());
  for (const Account& a : *existing) {
    if (a.spec.platform == spec.platform && a.spec.registered == spec.registered) {
      return ErrorReply(409, "platform '" + spec.platform + "', registered '" + spec.registered +
                                 "' is already registered as account " + std::to_string(a.id));
    }
  }
  c.actions.ApplyAccountDefaults(spec);

  AuditEntry entry;
  entry.actor = c.actor;
  entry.action = "accounts.add";
  entry.target = "account";
  entry.reason = StringMember(body.document, "reason");
  entry.after_json = SpecJson(spec);
  Result<AuditedChange> change = AuditedChange::Begin(c.store, entry);
  if (!change.ok()) return AuditUnavailableReply(change.status());

  Result<int64_t> id = c.store.AddAccount(spec);
  if (!id.ok()) {
    (void)change->Finish(id.status());
    return ErrorReply(HttpStatusFor(id.status()), id.status().ToString());
  }
  Result<Account> added = c.store.GetAccount(*id);
  std::string after = added.ok() ? AccountJson(*added) : SpecJson(spec);
  c.actions.AccountsChanged();
  if (Status s = change->Finish(Status::Ok(), "account:" + std::to_string(*id), after); !s.ok()) {
    return AuditIncompleteReply(s);
  }
  if (!added.ok()) return ErrorReply(HttpStatusFor(added.status()), added.status().ToString());
  return AccountReply(201, *added, PluginWarning(c, spec.platform));
}

HttpReply GetAccount(AdminContext& c, int64_t id) {
  Result<Account> account = c.store.GetAccount(id);
  if (!account.ok()) return ErrorReply(HttpStatusFor(account.status()), account.status().message());
  return AccountReply(200, *account);
}

HttpReply SetAccountPaused(AdminContext& c, int64_t id, bool paused) {
  ChangeBody body = ParseChangeBody(c);
  if (body.invalid) return *body.invalid;
  Result<Account> before = c.store.GetAccount(id);
  if (!before.ok()) return ErrorReply(HttpStatusFor(before.status()), before.status().message());

  AuditEntry entry;
  entry.actor = c.actor;
  entry.action = paused ? "accounts.pause" : "accounts.resume";
  entry.target = "account:" + std::to_string(id);
  entry.reason = body.reason;
  entry.before_json = AccountJson(*before);
  Result<AuditedChange> change = AuditedChange::Begin(c.store, entry);
  if (!change.ok()) return AuditUnavailableReply(change.status());

  Status s = c.store.SetAccountStatus(id, paused ? AccountStatus::kPaused : AccountStatus::kActive);
  if (!s.ok()) {
    (void)change->Finish(s);
    return ErrorReply(HttpStatusFor(s), s.ToString());
  }
  c.actions.AccountsChanged();
  Result<Account> after = c.store.GetAccount(id);
  if (Status f = change->Finish(Status::Ok(), {}, after.ok() ? AccountJson(*after) : ""); !f.ok()) {
    return AuditIncompleteReply(f);
  }
  if (!after.ok()) return ErrorReply(HttpStatusFor(after.status()), after.status().ToString());
  return AccountReply(200, *after);
}

HttpReply RemoveAccount(AdminContext& c, int64_t id) {
  ChangeBody body = ParseChangeBody(c);
  if (body.invalid) return *body.invalid;
  if (auto conflict = RegistryFileConflict(c)) return *conflict;
  Result<Account> account = c.store.GetAccount(id);
  if (!account.ok()) return ErrorReply(HttpStatusFor(account.status()), account.status().message());
  Result<AccountDataCounts> counts = c.store.CountAccountData(id);
  if (!counts.ok()) return ErrorReply(HttpStatusFor(counts.status()), counts.status().ToString());

  // The record keeps what identifies the registration, not the account's data: the data
  // is what the erasure removes.
  rapidjson::StringBuffer before;
  {
    JsonWriter w(before);
    w.StartObject();
    w.Key("id");
    w.Int64(id);
    w.Key("platform");
    WriteString(w, account->spec.platform);
    w.Key("registered");
    WriteString(w, account->spec.registered);
    w.Key("member_ref");
    WriteString(w, account->spec.member_ref);
    w.EndObject();
  }
  AuditEntry entry;
  entry.actor = c.actor;
  entry.action = "accounts.remove";
  entry.target = "account:" + std::to_string(id);
  entry.reason = body.reason;
  entry.before_json = before.GetString();
  Result<AuditedChange> change = AuditedChange::Begin(c.store, entry);
  if (!change.ok()) return AuditUnavailableReply(change.status());

  Status s = c.store.RemoveAccount(id);
  if (!s.ok()) {
    (void)change->Finish(s);
    return ErrorReply(HttpStatusFor(s), s.ToString());
  }
  if (c.metrics) c.metrics->AccountErased(*counts);
  c.actions.AccountsChanged();
  const std::string erased = "{\"erased\":" + CountsJson(*counts) + "}";
  if (Status f = change->Finish(Status::Ok(), {}, erased); !f.ok()) return AuditIncompleteReply(f);
  return JsonReply(
      200, "{\"removed\":" + std::to_string(id) + ",\"erased\":" + CountsJson(*counts) + "}");
}

HttpReply ExportAccount(AdminContext& c, int64_t id) {
  Result<AccountData> data = c.store.ExportAccount(id);
  if (!data.ok()) return ErrorReply(HttpStatusFor(data.status()), data.status().message());
  // Handing out someone's data is recorded like a change.
  AuditEntry entry;
  entry.actor = c.actor;
  entry.action = "accounts.export";
  entry.target = "account:" + std::to_string(id);
  Result<AuditedChange> change = AuditedChange::Begin(c.store, entry);
  if (!change.ok()) return AuditUnavailableReply(change.status());
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  WriteAccountData(w, *data);
  if (Status f = change->Finish(Status::Ok()); !f.ok()) return AuditIncompleteReply(f);
  return JsonReply(200, buffer.GetString());
}

}  // namespace postwatch
