// The daemon-wide endpoints of the admin API: status, plugins, flag lists, audit log.
#include <charconv>

#include "admin/admin_endpoints.h"
#include "admin/admin_json.h"
#include "admin/audited_change.h"
#include "base/time_format.h"

namespace postwatch {

namespace {

void WritePlugin(JsonWriter& w, const PluginView& p) {
  w.StartObject();
  w.Key("name");
  WriteString(w, p.name);
  w.Key("version");
  WriteString(w, p.version);
  w.Key("platform");
  WriteString(w, p.platform);
  w.Key("enabled");
  w.Bool(p.enabled);
  w.Key("loaded");
  w.Bool(p.loaded);
  w.Key("status");
  WriteString(w, p.status);
  w.Key("file");
  WriteString(w, p.file);
  w.EndObject();
}

std::string PluginJson(const PluginView& p) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  WritePlugin(w, p);
  return buffer.GetString();
}

std::string ListsJson(const std::vector<ListView>& lists) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("lists");
  w.StartArray();
  for (const ListView& l : lists) {
    w.StartObject();
    w.Key("name");
    WriteString(w, l.name);
    w.Key("source");
    WriteString(w, l.source);
    w.Key("entries");
    w.Uint64(l.entries);
    w.Key("line_errors");
    w.Uint64(l.line_errors);
    w.Key("loaded_at");
    if (l.loaded_at_ms > 0) {
      WriteString(w, FormatRfc3339(l.loaded_at_ms / 1000));
    } else {
      w.Null();
    }
    w.Key("error");
    WriteString(w, l.error);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buffer.GetString();
}

std::optional<PluginView> FindPlugin(AdminContext& c, const std::string& name) {
  for (PluginView& p : c.actions.Plugins()) {
    if (p.name == name) return p;
  }
  return std::nullopt;
}

}  // namespace

HttpReply GetStatus(AdminContext& c) {
  DaemonStatusView s = c.actions.DaemonStatus();
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("version");
  WriteString(w, s.version);
  w.Key("revision");
  WriteString(w, s.revision);
  w.Key("ready");
  w.Bool(s.ready);
  w.Key("started_at");
  WriteString(w, FormatRfc3339(s.started_ms / 1000));
  w.Key("accounts");
  w.Uint64(s.accounts);
  w.Key("polls");
  w.Int64(s.polls);
  w.Key("failures");
  w.Int64(s.failures);
  w.Key("in_flight");
  w.Int64(s.in_flight);
  w.Key("last_error");
  WriteString(w, s.last_error);
  w.Key("store_degraded");
  w.Bool(s.store_degraded);
  w.Key("store_error");
  WriteString(w, s.store_error);
  w.Key("registry_file");
  WriteString(w, s.registry_file);
  w.EndObject();
  return JsonReply(200, buffer.GetString());
}

HttpReply ListPlugins(AdminContext& c) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("plugins");
  w.StartArray();
  for (const PluginView& p : c.actions.Plugins()) WritePlugin(w, p);
  w.EndArray();
  w.EndObject();
  return JsonReply(200, buffer.GetString());
}

HttpReply SetPluginEnabled(AdminContext& c, const std::string& name, bool enabled) {
  ChangeBody body = ParseChangeBody(c);
  if (body.invalid) return *body.invalid;
  std::optional<PluginView> before = FindPlugin(c, name);
  if (!before) return ErrorReply(404, "no plugin '" + name + "' in the plugin directory");

  AuditEntry entry;
  entry.actor = c.actor;
  entry.action = enabled ? "plugins.enable" : "plugins.disable";
  entry.target = "plugin:" + name;
  entry.reason = body.reason;
  entry.before_json = PluginJson(*before);
  Result<AuditedChange> change = AuditedChange::Begin(c.store, entry);
  if (!change.ok()) return AuditUnavailableReply(change.status());

  Status s = c.actions.SetPluginEnabled(name, enabled);
  if (!s.ok()) {
    (void)change->Finish(s);
    return ErrorReply(HttpStatusFor(s), s.ToString());
  }
  std::optional<PluginView> after = FindPlugin(c, name);
  std::string after_json = after ? PluginJson(*after) : "null";
  if (Status f = change->Finish(Status::Ok(), {}, after_json); !f.ok()) {
    return AuditIncompleteReply(f);
  }
  return JsonReply(200, "{\"plugin\":" + after_json + "}");
}

HttpReply ListLists(AdminContext& c) { return JsonReply(200, ListsJson(c.actions.Lists())); }

HttpReply ReloadLists(AdminContext& c) {
  ChangeBody body = ParseChangeBody(c);
  if (body.invalid) return *body.invalid;
  AuditEntry entry;
  entry.actor = c.actor;
  entry.action = "lists.reload";
  entry.target = "lists";
  entry.reason = body.reason;
  entry.before_json = ListsJson(c.actions.Lists());
  Result<AuditedChange> change = AuditedChange::Begin(c.store, entry);
  if (!change.ok()) return AuditUnavailableReply(change.status());
  Status s = c.actions.ReloadLists();
  if (!s.ok()) {
    (void)change->Finish(s);
    return ErrorReply(HttpStatusFor(s), s.ToString());
  }
  std::string after = ListsJson(c.actions.Lists());
  if (Status f = change->Finish(Status::Ok(), {}, after); !f.ok()) return AuditIncompleteReply(f);
  return JsonReply(200, after);
}

HttpReply ListAudit(AdminContext& c) {
  int64_t after = 0;
  int64_t limit = 100;
  for (auto [name, target] : {std::pair{"after", &after}, std::pair{"limit", &limit}}) {
    auto it = c.request.query.find(name);
    if (it == c.request.query.end()) continue;
    const std::string& text = it->second;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *target);
    if (ec != std::errc() || end != text.data() + text.size() || *target < 0) {
      return ErrorReply(400, std::string(name) + " must be a non-negative integer");
    }
  }
  if (limit == 0 || limit > 1000) return ErrorReply(400, "limit must be from 1 to 1000");
  Result<std::vector<AuditEntry>> entries = c.store.ListAudit(after, static_cast<int>(limit));
  if (!entries.ok())
    return ErrorReply(HttpStatusFor(entries.status()), entries.status().ToString());
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("entries");
  w.StartArray();
  for (const AuditEntry& e : *entries) {
    w.StartObject();
    w.Key("id");
    w.Int64(e.id);
    w.Key("at");
    WriteString(w, FormatRfc3339(e.at_ms / 1000));
    w.Key("actor");
    WriteString(w, e.actor);
    w.Key("action");
    WriteString(w, e.action);
    w.Key("target");
    WriteString(w, e.target);
    w.Key("reason");
    WriteString(w, e.reason);
    // before/after are JSON text written by this API; embed them as JSON.
    for (auto [key, text] :
         {std::pair{"before", &e.before_json}, std::pair{"after", &e.after_json}}) {
      w.Key(key);
      rapidjson::Document doc;
      doc.Parse(text->c_str());
      if (doc.HasParseError()) {
        WriteString(w, *text);
      } else {
        doc.Accept(w);
      }
    }
    w.Key("outcome");
    WriteString(w, e.outcome);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return JsonReply(200, buffer.GetString());
}

}  // namespace postwatch
