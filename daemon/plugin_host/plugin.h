// Plugin: one fetch plugin loaded from a shared library, checked and initialised.
//
// Loading refuses, with the path and the reason: a file or directory that is group- or
// world-writable, a library without the entry symbol, a plugin whose ABI major differs from
// the host's, and a manifest or schema that is invalid. A refusal is a Status; it never
// stops the daemon.
#pragma once

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
};

// Thread-safety: after Init(), Plan/Parse/Resolve may be called from several threads at
// once (the ABI requires plugins to allow that). Load and Init are not thread-safe.
class Plugin {
 public:
  // dlopen()s `path` and reads its manifest. Does not call init().
  // When `check_permissions` is set, refuses files or directories writable by group/other.
  static Result<std::unique_ptr<Plugin>> Load(const std::string& path,
                                              bool check_permissions = true);

  // Builds a plugin from a function table compiled into the caller (tests). No library.
  static Result<std::unique_ptr<Plugin>> FromTable(const pw_plugin* table, std::string origin);

  ~Plugin();
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;

  // Calls the plugin's init() with its config JSON ("{}" when none). Fails with the
  // plugin's set_error text.
  Status Init(std::string_view config_json);

  const PluginManifest& manifest() const { return manifest_; }
  const std::string& path() const { return path_; }

  // True when the plugin may ask the host to fetch from `host` (lowercase host name).
  bool EgressAllowed(std::string_view host) const;

  PluginCallResult Plan(const Account& account, const std::string& credential = {}) const;
  PluginCallResult Parse(const Account& account, const PluginResponse& response,
                         const std::string& credential = {}) const;
  // Precondition: manifest().has_resolve.
  PluginCallResult Resolve(const Account& account) const;

 private:
  Plugin() = default;
  static Result<std::unique_ptr<Plugin>> FromEntry(const pw_plugin* table, std::string origin);

  std::string path_;
  std::unique_ptr<void, int (*)(void*)> handle_{nullptr, nullptr};
  const pw_plugin* table_ = nullptr;
  void* state_ = nullptr;
  bool initialised_ = false;
  PluginManifest manifest_;
};

}  // namespace postwatch
