#include "plugin_host/in_process_plugin.h"

#include <dlfcn.h>
#include <rapidjson/document.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>

#include "base/log.h"

namespace postwatch {

namespace {

pw_str Str(std::string_view s) { return pw_str{s.data(), s.size()}; }

bool HasField(const pw_plugin* t, size_t offset, size_t size) {
  return t->struct_size >= offset + size;
}

Status CheckNotWritableByOthers(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::NotFound("cannot stat " + path);
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return Status::PermissionDenied(path + " is group- or world-writable");
  }
  return Status::Ok();
}

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Status CheckSchema(const char* text, const char* what) {
  if (text == nullptr) return Status::InvalidArgument(std::string(what) + " is missing");
  rapidjson::Document doc;
  doc.Parse(text);
  if (doc.HasParseError() || !doc.IsObject()) {
    return Status::InvalidArgument(std::string(what) + " is not a JSON object");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<InProcessPlugin>> InProcessPlugin::Load(const std::string& path,
                                                               bool check_permissions) {
  if (check_permissions) {
    Status s = CheckNotWritableByOthers(path);
    if (!s.ok()) return s;
    std::string dir = std::filesystem::path(path).parent_path().string();
    s = CheckNotWritableByOthers(dir.empty() ? "." : dir);
    if (!s.ok()) return s;
  }
  // RTLD_LOCAL keeps each plugin's symbols to itself; RTLD_NOW surfaces missing symbols now.
  void* raw = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (raw == nullptr) {
    const char* err = ::dlerror();
    return Status::InvalidArgument(std::string("dlopen failed: ") + (err ? err : "unknown"));
  }
  std::unique_ptr<void, int (*)(void*)> handle(raw, &::dlclose);
  ::dlerror();
  void* sym = ::dlsym(handle.get(), PW_PLUGIN_ENTRY_SYMBOL);
  if (sym == nullptr) {
    return Status::InvalidArgument(std::string("no entry symbol ") + PW_PLUGIN_ENTRY_SYMBOL);
  }
  auto entry = reinterpret_cast<pw_plugin_entry_fn>(sym);
  const pw_plugin* table = entry(PW_ABI_MAJOR, PW_ABI_MINOR);
  if (table == nullptr) {
    return Status::InvalidArgument("plugin declined host ABI " + std::to_string(PW_ABI_MAJOR) +
                                   "." + std::to_string(PW_ABI_MINOR));
  }
  auto plugin = FromEntry(table, path);
  if (!plugin.ok()) return plugin.status();
  (*plugin)->handle_ = std::move(handle);
  return plugin;
}

Result<std::unique_ptr<InProcessPlugin>> InProcessPlugin::FromTable(const pw_plugin* table,
                                                                    std::string origin) {
  return FromEntry(table, std::move(origin));
}

Result<std::unique_ptr<InProcessPlugin>> InProcessPlugin::FromEntry(const pw_plugin* t,
                                                                    std::string origin) {
  if (t->struct_size < offsetof(pw_plugin, refresh_credentials)) {
    return Status::InvalidArgument("manifest struct_size " + std::to_string(t->struct_size) +
                                   " is smaller than ABI v1 requires");
  }
  if (t->abi_major != PW_ABI_MAJOR) {
    return Status::InvalidArgument("ABI major " + std::to_string(t->abi_major) +
                                   " differs from host ABI major " + std::to_string(PW_ABI_MAJOR));
  }
  const char* required[] = {t->name, t->version, t->platform, t->description};
  for (const char* field : required) {
    if (field == nullptr || *field == '\0') {
      return Status::InvalidArgument("manifest lacks name, version, platform or description");
    }
  }
  if (!ValidName(t->name)) {
    return Status::InvalidArgument(std::string("invalid plugin name '") + t->name +
                                   "' (want [a-z0-9_]+)");
  }
  if (t->init == nullptr || t->destroy == nullptr || t->plan == nullptr || t->parse == nullptr) {
    return Status::InvalidArgument("manifest lacks init, destroy, plan or parse");
  }
  Status s = CheckSchema(t->config_schema, "config_schema");
  if (s.ok()) s = CheckSchema(t->account_schema, "account_schema");
  if (!s.ok()) return s;
  if (t->egress_hosts == nullptr || t->egress_host_count == 0) {
    return Status::InvalidArgument("manifest declares no egress_hosts");
  }

  std::unique_ptr<InProcessPlugin> p(new InProcessPlugin());
  p->path_ = std::move(origin);
  p->table_ = t;
  PluginManifest& m = p->manifest_;
  m.name = t->name;
  m.version = t->version;
  m.platform = t->platform;
  m.description = t->description;
  m.config_schema = t->config_schema;
  m.account_schema = t->account_schema;
  for (size_t i = 0; i < t->egress_host_count; ++i) {
    if (t->egress_hosts[i] != nullptr) m.egress_hosts.emplace_back(t->egress_hosts[i]);
  }
  m.flags = t->flags;
  m.abi_major = t->abi_major;
  m.abi_minor = std::min(t->abi_minor, PW_ABI_MINOR);
  m.has_resolve =
      HasField(t, offsetof(pw_plugin, resolve), sizeof t->resolve) && t->resolve != nullptr;
  m.has_refresh_credentials =
      HasField(t, offsetof(pw_plugin, refresh_credentials), sizeof t->refresh_credentials) &&
      t->refresh_credentials != nullptr;
  m.has_authorize =
      HasField(t, offsetof(pw_plugin, authorize), sizeof t->authorize) && t->authorize != nullptr;
  return p;
}

InProcessPlugin::~InProcessPlugin() {
  if (initialised_ && table_ != nullptr) table_->destroy(state_);
}

Status InProcessPlugin::Init(std::string_view config_json) {
  if (initialised_) return Status::Internal("plugin " + manifest_.name + " initialised twice");
  PluginCall call(manifest_.name);
  void* state = nullptr;
  std::string_view cfg = config_json.empty() ? std::string_view("{}") : config_json;
  pw_status code = table_->init(call.host(), Str(cfg), &state);
  PluginCallResult r = call.Finish(code);
  if (r.code != PW_OK) {
    if (state != nullptr) table_->destroy(state);
    return Status::InvalidArgument("init failed: " +
                                   (r.error.empty() ? "no reason given" : r.error));
  }
  state_ = state;
  initialised_ = true;
  return Status::Ok();
}

void InProcessPlugin::SetCallDeadline(std::chrono::milliseconds deadline,
                                      std::chrono::milliseconds cool_down) {
  deadline_ = deadline;
  cool_down_ = cool_down;
}

namespace {

struct AccountView {
  AccountView(const Account& a, std::string_view credential, std::string_view app_credential) {
    v.struct_size = sizeof(pw_account);
    v.id = Str(a.canonical_id);
    v.registered = Str(a.spec.registered);
    v.ref_json = Str(a.spec.ref_json.empty() ? std::string_view("{}") : a.spec.ref_json);
    v.credential = Str(credential);
    v.app_credential = Str(app_credential);
  }
  pw_account v{};
};

struct ResponseView {
  explicit ResponseView(const PluginResponse& r) {
    headers.reserve(r.headers.size());
    for (const auto& [k, val] : r.headers) headers.push_back(pw_header{Str(k), Str(val)});
    v.struct_size = sizeof(pw_response);
    v.status = r.status;
    v.url = Str(r.url);
    v.headers = headers.data();
    v.header_count = headers.size();
    v.body = Str(r.body);
    v.tag = Str(r.tag);
  }
  std::vector<pw_header> headers;
  pw_response v{};
};

struct GrantView {
  explicit GrantView(const PluginGrant& g) {
    v.struct_size = sizeof(pw_grant);
    v.redirect_uri = Str(g.redirect_uri);
    v.state = Str(g.state);
    v.code_challenge = Str(g.code_challenge);
    v.code_verifier = Str(g.code_verifier);
    v.code = Str(g.code);
  }
  pw_grant v{};
};

}  // namespace

PluginCallResult InProcessPlugin::Invoke(const PluginInvocation& c) const {
  const std::string& name = manifest_.name;
  if (!initialised_) return Failed("plugin " + name + " is not initialised");
  if (c.account == nullptr) return Failed("plugin " + name + ": call without an account");
  PluginCall call(name);
  AccountView av(*c.account, c.credential, c.app_credential);
  pw_str cursor = Str(c.account->cursor);
  switch (c.method) {
    case PluginMethod::kPlan:
      return call.Finish(table_->plan(state_, call.host(), &av.v, cursor));
    case PluginMethod::kParse: {
      if (c.response == nullptr) return Failed("plugin " + name + ": parse without a response");
      ResponseView rv(*c.response);
      return call.Finish(table_->parse(state_, call.host(), &av.v, cursor, &rv.v));
    }
    case PluginMethod::kResolve:
      if (!manifest_.has_resolve) return Failed("plugin " + name + " cannot resolve accounts");
      return call.Finish(table_->resolve(state_, call.host(), &av.v));
    case PluginMethod::kRefreshCredentials:
      if (!manifest_.has_refresh_credentials) {
        return Failed("plugin " + name + " cannot refresh credentials");
      }
      return call.Finish(table_->refresh_credentials(state_, call.host(), &av.v));
    case PluginMethod::kAuthorize: {
      if (!manifest_.has_authorize) return Failed("plugin " + name + " has no grant flow");
      if (c.grant == nullptr) return Failed("plugin " + name + ": authorize without a grant");
      GrantView gv(*c.grant);
      return call.Finish(table_->authorize(state_, call.host(), &av.v, &gv.v));
    }
  }
  return Failed("plugin " + name + ": unknown call");
}

std::string InProcessPlugin::DeadlineText() const {
  auto ms = deadline_.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

bool InProcessPlugin::CheckOverdue(Clock::time_point now) const {
  bool any = false;
  for (const auto& [id, active] : active_) {
    if (now - active.started <= deadline_) continue;
    any = true;
    if (!overdue_.insert(id).second) continue;
    ++failures_;
    Log(LogLevel::kError, "plugins",
        "plugin " + manifest_.name + ": " + std::string(PluginMethodName(active.method)) +
            " has run for more than " + DeadlineText() +
            "; its thread is stuck inside the plugin and cannot be stopped. The plugin is "
            "quarantined: no further calls go to it. Set plugins." +
            manifest_.name + ".isolation to \"process\" to contain it.");
  }
  return any;
}

bool InProcessPlugin::IsQuarantined() const {
  if (deadline_.count() <= 0) return false;
  MutexLock lock(&mu_);
  Clock::time_point now = Clock::now();
  bool overdue = CheckOverdue(now);
  return overdue || now < quarantined_until_;
}

int64_t InProcessPlugin::FailureCount() const {
  MutexLock lock(&mu_);
  return failures_;
}

PluginCallResult InProcessPlugin::Call(const PluginInvocation& call) const {
  if (deadline_.count() <= 0) return Invoke(call);
  uint64_t id = 0;
  {
    MutexLock lock(&mu_);
    Clock::time_point now = Clock::now();
    if (CheckOverdue(now) || now < quarantined_until_) {
      return Failed("plugin " + manifest_.name + ": quarantined after a call ran past its " +
                    DeadlineText() + " deadline");
    }
    id = next_call_id_++;
    active_[id] = ActiveCall{now, call.method};
  }
  PluginCallResult result = Invoke(call);
  MutexLock lock(&mu_);
  Clock::time_point now = Clock::now();
  Clock::time_point started = active_[id].started;
  bool reported = overdue_.erase(id) > 0;
  active_.erase(id);
  if (now - started > deadline_) {
    if (!reported) {
      ++failures_;
      Log(LogLevel::kError, "plugins",
          "plugin " + manifest_.name + ": " + std::string(PluginMethodName(call.method)) +
              " took longer than " + DeadlineText() + "; quarantined for " +
              std::to_string(cool_down_.count() / 1000) + " s");
    }
    quarantined_until_ = std::max(quarantined_until_, now + cool_down_);
  }
  return result;
}

}  // namespace postwatch
