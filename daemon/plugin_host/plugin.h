// Plugin: what the poller and postwatchctl call, whichever way the plugin runs.
//
// Two implementations share this interface:
//  - InProcessPlugin (the default): the library is dlopen()ed into the daemon. Fast, but a
//    plugin that crashes takes the daemon with it, and one that hangs keeps its thread. A
//    watchdog quarantines a plugin whose call overruns its deadline, so that no further
//    calls go to it; the stuck thread itself cannot be stopped.
//  - IsolatedPlugin (config `plugins.<name>.isolation: "process"`): the library runs in a
//    postwatch-plugin-runner child process. A crash or hang kills only the runner; the call
//    fails with PW_E_INTERNAL and a clear message, and the runner is respawned. This is the
//    cure for a plugin that crashes.
//
// Loading (either way) refuses, with the path and the reason: a file or directory that is
// group- or world-writable, a library without the entry symbol, a plugin whose ABI major
// differs from the host's, and a manifest or schema that is invalid. A refusal is a Status;
// it never stops the daemon.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/account.h"
#include "plugin_host/plugin_call.h"
#include "postwatch/plugin_api.h"

namespace postwatch {

struct PluginManifest {
  std::string name;
  std::string version;
  std::string platform;
  std::string description;
  std::string config_schema;
  std::string account_schema;
  std::vector<std::string> egress_hosts;
  uint32_t flags = 0;
  uint32_t abi_major = 0;
  uint32_t abi_minor = 0;  // the effective minor: the lower of host's and plugin's
  bool has_resolve = false;
  bool has_refresh_credentials = false;
  bool has_authorize = false;  // ABI 1.1
};

// One step of an owner's grant (pw_grant), see Plugin::Authorize.
struct PluginGrant {
  std::string redirect_uri;
  std::string state;
  std::string code_challenge;
  std::string code_verifier;
  std::string code;  // empty: build the authorisation URL; set: exchange this code
};

enum class PluginMethod : uint8_t {
  kPlan = 1,
  kParse = 2,
  kResolve = 3,
  kRefreshCredentials = 4,
  kAuthorize = 5,
};

// "plan", "parse", "resolve", "refresh_credentials" or "authorize".
std::string_view PluginMethodName(PluginMethod method);

// One call into a plugin. Everything is borrowed for the duration of the call.
struct PluginInvocation {
  PluginMethod method = PluginMethod::kPlan;
  const Account* account = nullptr;          // required
  const PluginResponse* response = nullptr;  // required for kParse
  const PluginGrant* grant = nullptr;        // required for kAuthorize
  std::string_view credential;               // pw_account.credential
  std::string_view app_credential;           // pw_account.app_credential
};

// Thread-safety: after Init(), every call method may be used from several threads at once
// (the ABI requires plugins to allow that). Load, Init and the setters of the
// implementations are not thread-safe. A call never throws; a plugin failure is a result
// with a negative code and an `error` text.
class Plugin {
 public:
  virtual ~Plugin() = default;
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;

  // dlopen()s `path` into this process and reads its manifest (an InProcessPlugin). Does
  // not call init(). When `check_permissions` is set, refuses files or directories
  // writable by group/other.
  static Result<std::unique_ptr<Plugin>> Load(const std::string& path,
                                              bool check_permissions = true);

  // Builds an in-process plugin from a function table compiled into the caller (tests).
  static Result<std::unique_ptr<Plugin>> FromTable(const pw_plugin* table, std::string origin);

  // Calls the plugin's init() with its config JSON ("{}" when none). Fails with the
  // plugin's set_error text. Call once, before any other call.
  virtual Status Init(std::string_view config_json) = 0;

  const PluginManifest& manifest() const { return manifest_; }
  const std::string& path() const { return path_; }

  // True when the plugin may ask the host to fetch from `host` (lowercase host name).
  bool EgressAllowed(std::string_view host) const;

  PluginCallResult Plan(const Account& account, const std::string& credential = {},
                        const std::string& app_credential = {}) const;
  PluginCallResult Parse(const Account& account, const PluginResponse& response,
                         const std::string& credential = {},
                         const std::string& app_credential = {}) const;
  // Fails with PW_E_INTERNAL unless manifest().has_resolve.
  PluginCallResult Resolve(const Account& account, const std::string& credential = {},
                           const std::string& app_credential = {}) const;
  // Plans the token refresh; its response goes to Parse(), which emits the new credential.
  // Fails with PW_E_INTERNAL unless manifest().has_refresh_credentials.
  PluginCallResult RefreshCredentials(const Account& account, const std::string& credential,
                                      const std::string& app_credential) const;
  // One step of the owner's grant: with an empty grant.code the result carries
  // authorize_url; with a code it carries the token request(s). Fails with PW_E_INTERNAL
  // unless manifest().has_authorize.
  PluginCallResult Authorize(const Account& account, const PluginGrant& grant,
                             const std::string& app_credential = {}) const;

  // The call the methods above make. Preconditions: the pointers the method needs are set.
  virtual PluginCallResult Call(const PluginInvocation& call) const = 0;

  // True while calls fail fast because the plugin crashed, hung or overran its deadline
  // too often. For the postwatch_plugin_quarantined metric.
  virtual bool IsQuarantined() const = 0;
  // Calls that crashed, hung or overran their deadline since load. Monotonic.
  virtual int64_t FailureCount() const = 0;
  // "inprocess" or "process".
  virtual std::string_view isolation() const = 0;

 protected:
  Plugin() = default;
  // A result with PW_E_INTERNAL and `message`, for calls the host refuses or that failed.
  static PluginCallResult Failed(std::string message);

  PluginManifest manifest_;
  std::string path_;
};

}  // namespace postwatch
