// GrantFlow: the bookkeeping of owners' grants through the admin API's public pages.
//
//   admin:  POST /v1/accounts/ID/connect-link  -> a link with an unguessable token
//   owner:  GET /connect/TOKEN                  -> 302 to the platform's authorisation page,
//                                                  with a fresh state and PKCE challenge
//   owner:  GET /oauth/callback?code&state      -> the code is exchanged for the credential
//
// A link works until it expires or a grant through it completes. A state works once and
// for a short time; it carries the PKCE verifier, which never leaves the daemon. Held in
// memory only: a restart invalidates links and pending grants (the admin sends a new link).
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace postwatch {

struct GrantFlowOptions {
  int64_t link_ttl_s = 7 * 86400;
  int64_t state_ttl_s = 15 * 60;
  size_t max_entries = 100000;  // links and states each; the oldest go first
};

class GrantFlow {
 public:
  explicit GrantFlow(GrantFlowOptions options = {});

  struct Link {
    std::string token;
    int64_t expires_at = 0;
  };
  // A new connect link token for `account_id`.
  Link CreateLink(int64_t account_id, int64_t now_s);
  // The account of a live link; nullopt when unknown or expired.
  std::optional<int64_t> LinkAccount(std::string_view token, int64_t now_s) const;
  // Ends every link of `account_id` (its grant completed, or the account was removed).
  void EndLinks(int64_t account_id);

  struct Pending {
    int64_t account_id = 0;
    std::string state;
    std::string code_verifier;
    std::string code_challenge;  // base64url(SHA-256(verifier)), method S256
    int64_t expires_at = 0;
  };
  // Starts an authorisation for `account_id`.
  Pending Begin(int64_t account_id, int64_t now_s);
  // Takes the pending authorisation of `state` (single use); nullopt when unknown or expired.
  std::optional<Pending> Take(std::string_view state, int64_t now_s);

 private:
  struct LinkEntry {
    int64_t account_id;
    int64_t expires_at;
  };
  void SweepLocked(int64_t now_s);

  const GrantFlowOptions options_;
  mutable std::mutex mu_;
  std::map<std::string, LinkEntry, std::less<>> links_;  // guarded by mu_
  std::map<std::string, Pending, std::less<>> states_;   // guarded by mu_
};

// `bytes` random bytes from the system's CSPRNG, base64url-encoded without padding.
std::string RandomUrlToken(size_t bytes);
// The PKCE S256 challenge of `verifier` (RFC 7636 section 4.2).
std::string PkceS256Challenge(std::string_view verifier);

}  // namespace postwatch
