// AdminActions: what the admin API asks of the running daemon, and what it reads from it.
//
// The Daemon implements this interface; daemon/admin depends only on it, never on
// daemon/app. Tests implement it with a fake.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/account.h"

namespace postwatch {

// One plugin as the daemon has it now.
struct PluginView {
  std::string name;
  std::string file;      // path of the .so
  std::string version;   // "" when refused
  std::string platform;  // "" when refused
  bool enabled = false;  // after the config and the persisted admin overrides
  bool loaded = false;   // enabled and initialised
  std::string status;    // "loaded", "disabled", or "refused: <reason>"
};

// One flag list in use.
struct ListView {
  std::string name;
  std::string source;  // the file
  size_t entries = 0;
  size_t line_errors = 0;  // junk lines skipped in the last load
  int64_t loaded_at_ms = 0;
  std::string error;  // why the last load could not use the file; "" when it could
};

struct DaemonStatusView {
  std::string version;
  std::string revision;
  bool ready = false;
  int64_t started_ms = 0;
  size_t accounts = 0;
  int64_t polls = 0;
  int64_t failures = 0;
  int64_t in_flight = 0;
  std::string last_error;
  bool store_degraded = false;
  std::string store_error;
  std::string registry_file;  // "" when accounts come only from the admin API
};

// What is known of an account's owner-granted credential. Never the secret.
struct CredentialView {
  bool present = false;
  int64_t expires_at = 0;          // Unix seconds; 0: no known expiry
  int64_t refresh_expires_at = 0;  // Unix seconds; 0: unknown
  int64_t updated_at = 0;
  std::string source;  // "grant", "refresh", "import", "poll"
};

// One step of an owner's grant, as the admin API's /connect and /oauth/callback pages
// drive it (see GrantFlow).
struct GrantStep {
  std::string redirect_uri;
  std::string state;
  std::string code_challenge;  // PKCE S256
  std::string code_verifier;
  std::string code;  // empty: build the authorisation URL
};

// Thread-safety: every method may be called from the admin listener's thread while the
// daemon runs; implementations serialise them with reloads.
class AdminActions {
 public:
  virtual ~AdminActions() = default;

  virtual std::vector<PluginView> Plugins() = 0;
  // Enables or disables a plugin at runtime and persists the choice in the state
  // directory, where it overrides the config at the next start. kNotFound when no plugin
  // of that name is in the plugin directory; kIoError when the choice cannot be saved
  // (then nothing changed).
  virtual Status SetPluginEnabled(const std::string& name, bool enabled) = 0;

  virtual std::vector<ListView> Lists() = 0;
  // Re-reads the flag lists directory. A list that cannot be read keeps its previous
  // version; fails only when the directory cannot be listed.
  virtual Status ReloadLists() = 0;

  // The accounts table changed: the poller picks up the new set.
  virtual void AccountsChanged() = 0;
  // Fills what a new account leaves to defaults (the plugin's interval).
  virtual void ApplyAccountDefaults(AccountSpec& spec) = 0;

  virtual DaemonStatusView DaemonStatus() = 0;

  // Owner-granted credentials (Facebook, Zalo, TikTok). The defaults answer that the
  // daemon keeps none, for fakes in tests.
  // kNotFound for an unknown account.
  virtual Result<CredentialView> AccountCredential(int64_t account_id) {
    (void)account_id;
    return Status::NotFound("this daemon keeps no credentials");
  }
  // Stores a credential an admin imported (the conventional JSON {"access_token", ...} or
  // a bare token) and polls the account soon. kInvalidArgument for an empty secret.
  virtual Status ImportCredential(int64_t account_id, const std::string& secret, int64_t expires_at,
                                  int64_t refresh_expires_at) {
    (void)account_id, (void)secret, (void)expires_at, (void)refresh_expires_at;
    return Status::NotFound("this daemon keeps no credentials");
  }
  virtual Status EraseCredential(int64_t account_id) {
    (void)account_id;
    return Status::NotFound("this daemon keeps no credentials");
  }
  // The platform's authorisation URL for the account's owner. kInvalidArgument when the
  // account's plugin has no grant flow or no app credential.
  virtual Result<std::string> AuthorizeUrl(int64_t account_id, const GrantStep& step) {
    (void)account_id, (void)step;
    return Status::NotFound("this daemon has no grant flow");
  }
  // Exchanges step.code for the owner's credential, stores it and polls the account
  // soon. Fails with the platform's refusal (kPermissionDenied) or a fetch error.
  virtual Status CompleteGrant(int64_t account_id, const GrantStep& step) {
    (void)account_id, (void)step;
    return Status::NotFound("this daemon has no grant flow");
  }
};

}  // namespace postwatch
