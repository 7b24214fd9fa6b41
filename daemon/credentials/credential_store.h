// CredentialStore: the owner-granted credentials of accounts, kept apart from the database
// so that a copy of the database (a backup, an export) never carries a token.
//
// One file per account, <dir>/<account id>.json, mode 0600 in a directory of mode 0700,
// written atomically (temporary file, fsync, rename, fsync of the directory):
//   {"secret":"…","expires_at":N,"refresh_expires_at":N,"updated_at":N,"source":"grant"}
// `secret` is opaque (the plugin's pw_credential.secret). Everything is also held in memory,
// so Get() costs no I/O. Secrets never appear in logs or errors. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/mutex.h"
#include "base/status.h"

namespace postwatch {

struct StoredCredential {
  std::string secret;
  int64_t expires_at = 0;          // Unix seconds; 0: no known expiry
  int64_t refresh_expires_at = 0;  // Unix seconds; 0: unknown
  int64_t updated_at = 0;          // Unix seconds of the last write
  std::string source;              // "grant" (owner's connect flow), "refresh", "import"
};

class CredentialStore {
 public:
  // Opens (creating with mode 0700) the directory and reads every credential file in it.
  // Tightens the mode of a directory or file that others can access, logging it. A file
  // that does not parse is logged and skipped, never deleted.
  static Result<std::unique_ptr<CredentialStore>> Open(const std::string& dir);

  std::optional<StoredCredential> Get(int64_t account_id) const;
  // Writes the credential of `account_id` (updated_at is set to now when 0).
  Status Put(int64_t account_id, StoredCredential credential);
  // Removes it; OK when there was none.
  Status Erase(int64_t account_id);
  // Accounts with a credential, ascending.
  std::vector<int64_t> Accounts() const;
  const std::string& dir() const { return dir_; }

 private:
  explicit CredentialStore(std::string dir) : dir_(std::move(dir)) {}
  std::string PathOf(int64_t account_id) const;

  const std::string dir_;
  mutable Mutex mu_;
  std::map<int64_t, StoredCredential> credentials_ GUARDED_BY(mu_);
};

// "expires in 3h" / "expired 5m ago" / "no expiry", for status output. Never the secret.
std::string DescribeExpiry(int64_t expires_at, int64_t now_s);

}  // namespace postwatch
