#include "token_authority.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <utility>

#include "form_fields.h"

namespace postwatch::sim {
namespace {

constexpr int64_t kCodeLifetimeMs = 10 * 60 * 1000;

std::string Base64Url(const unsigned char* data, size_t size) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  for (; i + 2 < size; i += 3) {
    const uint32_t n = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (size - i == 1) {
    const uint32_t n = data[i] << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
  } else if (size - i == 2) {
    const uint32_t n = (data[i] << 16) | (data[i + 1] << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

std::optional<uint32_t> ParseAccount(std::string_view query) {
  std::optional<std::string> text = FormValue(query, "account");
  if (!text || text->empty() || text->size() > 9) return std::nullopt;
  uint32_t value = 0;
  for (char c : *text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  return value;
}

std::string JsonEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string TokensJson(const IssuedTokens& tokens) {
  return "{\"access_token\":\"" + JsonEscape(tokens.access_token) + "\",\"refresh_token\":\"" +
         JsonEscape(tokens.refresh_token) +
         "\",\"expires_in\":" + std::to_string(tokens.access_ttl_s) +
         ",\"refresh_expires_in\":" + std::to_string(tokens.refresh_ttl_s) +
         ",\"account\":" + std::to_string(tokens.account) + "}\n";
}

}  // namespace

std::string PkceS256(std::string_view verifier) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(verifier.data(), verifier.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return Base64Url(digest.data(), size);
}

TokenAuthority::TokenAuthority(Clock clock) : clock_(std::move(clock)) {}

void TokenAuthority::SetLifetimes(int64_t access_ttl_s, int64_t refresh_ttl_s) {
  std::lock_guard lock(mu_);
  access_ttl_s_ = access_ttl_s;
  refresh_ttl_s_ = refresh_ttl_s;
}

void TokenAuthority::SetOwner(std::optional<uint32_t> account) {
  std::lock_guard lock(mu_);
  owner_ = account;
}

std::optional<uint32_t> TokenAuthority::owner() const {
  std::lock_guard lock(mu_);
  return owner_;
}

std::string TokenAuthority::RandomToken(std::string_view prefix) {
  std::array<unsigned char, 18> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    // Not a secret in a simulator: a counter keeps tokens unique if RAND fails.
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(next_ >> i);
  }
  return std::string(prefix) + std::to_string(next_++) + "-" +
         Base64Url(bytes.data(), bytes.size());
}

std::optional<std::string> TokenAuthority::IssueCode(std::string_view platform,
                                                     std::string_view client_id,
                                                     std::string_view redirect_uri,
                                                     std::string_view code_challenge,
                                                     std::string_view challenge_method) {
  std::lock_guard lock(mu_);
  if (!owner_) return std::nullopt;
  Code code;
  code.platform = std::string(platform);
  code.client_id = std::string(client_id);
  code.redirect_uri = std::string(redirect_uri);
  code.challenge = std::string(code_challenge);
  code.method =
      challenge_method.empty() && !code_challenge.empty() ? "plain" : std::string(challenge_method);
  code.account = *owner_;
  code.expires_ms = clock_() + kCodeLifetimeMs;
  std::string value = RandomToken("code-");
  codes_.emplace(value, std::move(code));
  ++counters_.codes_issued;
  return value;
}

IssuedTokens TokenAuthority::IssueLocked(std::string_view platform, uint32_t account) {
  const int64_t now = clock_();
  IssuedTokens issued;
  issued.account = account;
  issued.access_ttl_s = access_ttl_s_;
  issued.refresh_ttl_s = refresh_ttl_s_;
  issued.access_token = RandomToken(std::string(platform) + "-at-");
  issued.refresh_token = RandomToken(std::string(platform) + "-rt-");
  tokens_[issued.access_token] =
      Token{std::string(platform), account, access_ttl_s_ > 0 ? now + access_ttl_s_ * 1000 : 0,
            false, false};
  tokens_[issued.refresh_token] =
      Token{std::string(platform), account, refresh_ttl_s_ > 0 ? now + refresh_ttl_s_ * 1000 : 0,
            true, false};
  return issued;
}

std::variant<IssuedTokens, OAuthError> TokenAuthority::RedeemCode(std::string_view platform,
                                                                  std::string_view code,
                                                                  std::string_view client_id,
                                                                  std::string_view redirect_uri,
                                                                  std::string_view code_verifier) {
  std::lock_guard lock(mu_);
  auto it = codes_.find(code);
  if (it == codes_.end() || it->second.platform != platform) {
    ++counters_.rejected;
    return OAuthError{"invalid_grant", "authorization code is unknown or already used"};
  }
  Code stored = it->second;
  codes_.erase(it);  // single use, even when the exchange fails
  if (stored.expires_ms < clock_()) {
    ++counters_.rejected;
    return OAuthError{"invalid_grant", "authorization code has expired"};
  }
  if (stored.client_id != client_id) {
    ++counters_.rejected;
    return OAuthError{"invalid_client", "client id does not match the authorization request"};
  }
  if (stored.redirect_uri != redirect_uri) {
    ++counters_.rejected;
    return OAuthError{"invalid_grant", "redirect_uri does not match the authorization request"};
  }
  if (!stored.challenge.empty()) {
    const std::string expected =
        stored.method == "S256" ? PkceS256(code_verifier) : std::string(code_verifier);
    if (code_verifier.empty() || expected != stored.challenge) {
      ++counters_.rejected;
      return OAuthError{"invalid_grant", "code_verifier does not match the code_challenge"};
    }
  }
  ++counters_.codes_redeemed;
  return IssueLocked(platform, stored.account);
}

std::variant<IssuedTokens, OAuthError> TokenAuthority::Refresh(std::string_view platform,
                                                               std::string_view refresh_token) {
  std::lock_guard lock(mu_);
  auto it = tokens_.find(refresh_token);
  if (it == tokens_.end() || !it->second.refresh || it->second.platform != platform) {
    ++counters_.rejected;
    return OAuthError{"invalid_grant", "refresh token is unknown"};
  }
  if (it->second.revoked) {
    ++counters_.rejected;
    return OAuthError{"invalid_grant", "the grant was revoked by the account owner"};
  }
  if (it->second.expires_ms != 0 && it->second.expires_ms < clock_()) {
    ++counters_.rejected;
    return OAuthError{"invalid_grant", "refresh token has expired"};
  }
  it->second.revoked = true;  // rotation: a refresh token works once
  ++counters_.refreshes;
  return IssueLocked(platform, it->second.account);
}

IssuedTokens TokenAuthority::Grant(std::string_view platform, uint32_t account) {
  std::lock_guard lock(mu_);
  ++counters_.grants;
  return IssueLocked(platform, account);
}

TokenCheck TokenAuthority::Check(std::string_view platform, std::string_view access_token,
                                 uint32_t account) const {
  std::lock_guard lock(mu_);
  auto it = tokens_.find(access_token);
  TokenCheck result = TokenCheck::kValid;
  if (it == tokens_.end() || it->second.refresh || it->second.platform != platform) {
    result = TokenCheck::kUnknown;
  } else if (it->second.revoked) {
    result = TokenCheck::kRevoked;
  } else if (it->second.expires_ms != 0 && it->second.expires_ms < clock_()) {
    result = TokenCheck::kExpired;
  } else if (it->second.account != account) {
    result = TokenCheck::kWrongAccount;
  }
  if (result != TokenCheck::kValid) ++counters_.rejected;
  return result;
}

std::optional<uint32_t> TokenAuthority::AccountOf(std::string_view platform,
                                                  std::string_view access_token) const {
  std::lock_guard lock(mu_);
  auto it = tokens_.find(access_token);
  if (it == tokens_.end() || it->second.refresh || it->second.revoked ||
      it->second.platform != platform) {
    return std::nullopt;
  }
  if (it->second.expires_ms != 0 && it->second.expires_ms < clock_()) return std::nullopt;
  return it->second.account;
}

void TokenAuthority::Revoke(std::string_view platform, uint32_t account) {
  std::lock_guard lock(mu_);
  for (auto& [value, token] : tokens_) {
    if (token.platform == platform && token.account == account) token.revoked = true;
  }
  ++counters_.revocations;
}

TokenAuthority::Counters TokenAuthority::counters() const {
  std::lock_guard lock(mu_);
  return counters_;
}

SimResponse TokenAuthority::HandleControl(const SimRequest& request) {
  const std::string_view path = request.path();
  const std::string_view query = request.query();
  if (path == "/_sim/oauth" && request.method == "GET") {
    Counters c = counters();
    return TextResponse(200, "application/json",
                        "{\"codes_issued\":" + std::to_string(c.codes_issued) +
                            ",\"codes_redeemed\":" + std::to_string(c.codes_redeemed) +
                            ",\"refreshes\":" + std::to_string(c.refreshes) +
                            ",\"grants\":" + std::to_string(c.grants) +
                            ",\"revocations\":" + std::to_string(c.revocations) +
                            ",\"rejected\":" + std::to_string(c.rejected) + "}\n");
  }
  if (request.method != "POST") return TextResponse(405, "text/plain", "use POST\n");
  if (path == "/_sim/oauth/owner") {
    SetOwner(ParseAccount(query));
    return TextResponse(204, "", "");
  }
  if (path == "/_sim/oauth/lifetimes") {
    auto number = [&query](std::string_view key, int64_t fallback) {
      std::optional<std::string> text = FormValue(query, key);
      if (!text || text->empty()) return fallback;
      try {
        return static_cast<int64_t>(std::stoll(*text));
      } catch (...) {
        return fallback;
      }
    };
    std::lock_guard lock(mu_);
    access_ttl_s_ = number("access", access_ttl_s_);
    refresh_ttl_s_ = number("refresh", refresh_ttl_s_);
    return TextResponse(204, "", "");
  }
  const std::optional<std::string> platform = FormValue(query, "platform");
  const std::optional<uint32_t> account = ParseAccount(query);
  if (!platform || platform->empty() || !account) {
    return TextResponse(400, "text/plain", "want ?platform=NAME&account=INDEX\n");
  }
  if (path == "/_sim/oauth/grant") {
    return TextResponse(200, "application/json", TokensJson(Grant(*platform, *account)));
  }
  if (path == "/_sim/oauth/revoke") {
    Revoke(*platform, *account);
    return TextResponse(204, "", "");
  }
  return TextResponse(404, "text/plain", "unknown oauth control endpoint\n");
}

}  // namespace postwatch::sim
