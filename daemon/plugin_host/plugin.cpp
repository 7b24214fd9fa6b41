#include "plugin_host/plugin.h"

#include "plugin_host/in_process_plugin.h"

namespace postwatch {

std::string_view PluginMethodName(PluginMethod method) {
  switch (method) {
    case PluginMethod::kPlan:
      return "plan";
    case PluginMethod::kParse:
      return "parse";
    case PluginMethod::kResolve:
      return "resolve";
    case PluginMethod::kRefreshCredentials:
      return "refresh_credentials";
    case PluginMethod::kAuthorize:
      return "authorize";
  }
  return "call";
}

Result<std::unique_ptr<Plugin>> Plugin::Load(const std::string& path, bool check_permissions) {
  auto loaded = InProcessPlugin::Load(path, check_permissions);
  if (!loaded.ok()) return loaded.status();
  return std::unique_ptr<Plugin>(std::move(*loaded));
}

Result<std::unique_ptr<Plugin>> Plugin::FromTable(const pw_plugin* table, std::string origin) {
  auto loaded = InProcessPlugin::FromTable(table, std::move(origin));
  if (!loaded.ok()) return loaded.status();
  return std::unique_ptr<Plugin>(std::move(*loaded));
}

bool Plugin::EgressAllowed(std::string_view host) const {
  for (const std::string& pattern : manifest_.egress_hosts) {
    if (pattern == "*") return true;
    if (pattern == host) return true;
    if (pattern.size() > 2 && pattern.compare(0, 2, "*.") == 0) {
      std::string_view suffix = std::string_view(pattern).substr(1);  // ".example.com"
      if (host.size() > suffix.size() &&
          host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0) {
        return true;
      }
    }
  }
  return false;
}

PluginCallResult Plugin::Plan(const Account& account, const std::string& credential,
                              const std::string& app_credential) const {
  PluginInvocation call;
  call.method = PluginMethod::kPlan;
  call.account = &account;
  call.credential = credential;
  call.app_credential = app_credential;
  return Call(call);
}

PluginCallResult Plugin::Parse(const Account& account, const PluginResponse& response,
                               const std::string& credential,
                               const std::string& app_credential) const {
  PluginInvocation call;
  call.method = PluginMethod::kParse;
  call.account = &account;
  call.response = &response;
  call.credential = credential;
  call.app_credential = app_credential;
  return Call(call);
}

PluginCallResult Plugin::Resolve(const Account& account, const std::string& credential,
                                 const std::string& app_credential) const {
  PluginInvocation call;
  call.method = PluginMethod::kResolve;
  call.account = &account;
  call.credential = credential;
  call.app_credential = app_credential;
  return Call(call);
}

PluginCallResult Plugin::RefreshCredentials(const Account& account, const std::string& credential,
                                            const std::string& app_credential) const {
  PluginInvocation call;
  call.method = PluginMethod::kRefreshCredentials;
  call.account = &account;
  call.credential = credential;
  call.app_credential = app_credential;
  return Call(call);
}

PluginCallResult Plugin::Authorize(const Account& account, const PluginGrant& grant,
                                   const std::string& app_credential) const {
  PluginInvocation call;
  call.method = PluginMethod::kAuthorize;
  call.account = &account;
  call.grant = &grant;
  call.app_credential = app_credential;
  return Call(call);
}

PluginCallResult Plugin::Failed(std::string message) {
  PluginCallResult r;
  r.code = PW_E_INTERNAL;
  r.error = std::move(message);
  return r;
}

}  // namespace postwatch
