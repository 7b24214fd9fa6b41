// TokenAuthority: the simulator's OAuth server, shared by the owner-authorised platforms
// (facebook, zalo, tiktok). Each platform's routes translate their own wire format to these
// calls; the authority decides what is valid.
//
// The owner's browser session is simulated: POST /_sim/oauth/owner?account=<i> says whose
// browser follows the next authorisation links. The authorisation endpoint then "consents"
// as that owner and redirects with a code bound to account i. Codes are single-use, bound to
// client id and redirect URI, and checked against the PKCE challenge (S256 or plain) when
// one was given. Tokens are random, bound to one account and one platform, and expire after
// the configured lifetimes (POST /_sim/oauth/lifetimes?access=S&refresh=S). Tests revoke an
// account's grant with POST /_sim/oauth/revoke?platform=P&account=i, or mint tokens for the
// admin-import path with POST /_sim/oauth/grant?platform=P&account=i. GET /_sim/oauth shows
// counters. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "sim_clock.h"
#include "sim_http.h"

namespace postwatch::sim {

struct IssuedTokens {
  std::string access_token;
  std::string refresh_token;
  int64_t access_ttl_s = 0;   // 0: does not expire
  int64_t refresh_ttl_s = 0;  // 0: does not expire
  uint32_t account = 0;
};

enum class TokenCheck {
  kValid,
  kUnknown,       // never issued (or garbage)
  kExpired,       // issued, past its lifetime
  kRevoked,       // the owner withdrew the grant
  kWrongAccount,  // valid, but for another account
};

// The failure of a code exchange or refresh, in OAuth terms ("invalid_grant",
// "invalid_client", "invalid_request") with a human description.
struct OAuthError {
  std::string error;
  std::string description;
};

class TokenAuthority {
 public:
  explicit TokenAuthority(Clock clock);

  // Default lifetimes of new tokens (seconds; 0 = never expire).
  void SetLifetimes(int64_t access_ttl_s, int64_t refresh_ttl_s);
  // Whose browser session follows authorisation links; nullopt = nobody is logged in.
  void SetOwner(std::optional<uint32_t> account);
  std::optional<uint32_t> owner() const;

  // The authorisation endpoint's consent: a code for the current owner, or nullopt when no
  // owner is logged in. challenge_method is "S256", "plain" or "" (no PKCE).
  std::optional<std::string> IssueCode(std::string_view platform, std::string_view client_id,
                                       std::string_view redirect_uri,
                                       std::string_view code_challenge,
                                       std::string_view challenge_method);
  // Exchanges a code. Fails with invalid_grant for an unknown, used or expired code, a
  // different redirect URI or a PKCE verifier that does not match; invalid_client for
  // another client id.
  std::variant<IssuedTokens, OAuthError> RedeemCode(std::string_view platform,
                                                    std::string_view code,
                                                    std::string_view client_id,
                                                    std::string_view redirect_uri,
                                                    std::string_view code_verifier);
  // A new token pair for a refresh token; the old refresh token stops working (rotation).
  std::variant<IssuedTokens, OAuthError> Refresh(std::string_view platform,
                                                 std::string_view refresh_token);
  // Mints tokens for `account` directly (what an owner would hand an admin).
  IssuedTokens Grant(std::string_view platform, uint32_t account);
  // Whether `access_token` may read `account` on `platform`.
  TokenCheck Check(std::string_view platform, std::string_view access_token,
                   uint32_t account) const;
  // The account an access token was issued for, when valid.
  std::optional<uint32_t> AccountOf(std::string_view platform, std::string_view access_token) const;
  // Withdraws every token of `account` on `platform`.
  void Revoke(std::string_view platform, uint32_t account);

  // The /_sim/oauth control endpoints (path after the control prefix "/_sim").
  SimResponse HandleControl(const SimRequest& request);

  struct Counters {
    int64_t codes_issued = 0;
    int64_t codes_redeemed = 0;
    int64_t refreshes = 0;
    int64_t grants = 0;
    int64_t revocations = 0;
    int64_t rejected = 0;  // Check() answers other than kValid, and failed exchanges
  };
  Counters counters() const;

 private:
  struct Code {
    std::string platform, client_id, redirect_uri, challenge, method;
    uint32_t account = 0;
    int64_t expires_ms = 0;
  };
  struct Token {
    std::string platform;
    uint32_t account = 0;
    int64_t expires_ms = 0;  // 0: never
    bool refresh = false;
    bool revoked = false;
  };
  IssuedTokens IssueLocked(std::string_view platform, uint32_t account);
  std::string RandomToken(std::string_view prefix);

  Clock clock_;
  mutable std::mutex mu_;
  int64_t access_ttl_s_ = 3600;
  int64_t refresh_ttl_s_ = 30 * 86400;
  std::optional<uint32_t> owner_;
  std::map<std::string, Code, std::less<>> codes_;
  std::map<std::string, Token, std::less<>> tokens_;
  uint64_t next_ = 1;
  mutable Counters counters_;
};

// base64url (no padding) of SHA-256(verifier): the PKCE S256 challenge.
std::string PkceS256(std::string_view verifier);

}  // namespace postwatch::sim
