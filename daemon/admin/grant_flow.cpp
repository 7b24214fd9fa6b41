#include "admin/grant_flow.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace postwatch {
namespace {

std::string Base64Url(const unsigned char* data, size_t size) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((size * 4 + 2) / 3);
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 63]);
  return out;
}

}  // namespace

std::string RandomUrlToken(size_t bytes) {
  std::vector<unsigned char> data(bytes);
  if (RAND_bytes(data.data(), static_cast<int>(data.size())) != 1) {
    // Without randomness no link or state can be safe: refuse rather than weaken them.
    throw std::runtime_error("the system random generator failed");
  }
  return Base64Url(data.data(), data.size());
}

std::string PkceS256Challenge(std::string_view verifier) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(verifier.data(), verifier.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return Base64Url(digest.data(), size);
}

GrantFlow::GrantFlow(GrantFlowOptions options) : options_(options) {}

GrantFlow::Link GrantFlow::CreateLink(int64_t account_id, int64_t now_s) {
  Link link{RandomUrlToken(32), now_s + options_.link_ttl_s};
  std::lock_guard lock(mu_);
  SweepLocked(now_s);
  links_[link.token] = LinkEntry{account_id, link.expires_at};
  return link;
}

std::optional<int64_t> GrantFlow::LinkAccount(std::string_view token, int64_t now_s) const {
  std::lock_guard lock(mu_);
  auto it = links_.find(token);
  if (it == links_.end() || it->second.expires_at <= now_s) return std::nullopt;
  return it->second.account_id;
}

void GrantFlow::EndLinks(int64_t account_id) {
  std::lock_guard lock(mu_);
  for (auto it = links_.begin(); it != links_.end();) {
    it = it->second.account_id == account_id ? links_.erase(it) : std::next(it);
  }
}

GrantFlow::Pending GrantFlow::Begin(int64_t account_id, int64_t now_s) {
  Pending pending;
  pending.account_id = account_id;
  pending.state = RandomUrlToken(24);
  pending.code_verifier = RandomUrlToken(48);  // 64 characters, within RFC 7636's 43..128
  pending.code_challenge = PkceS256Challenge(pending.code_verifier);
  pending.expires_at = now_s + options_.state_ttl_s;
  std::lock_guard lock(mu_);
  SweepLocked(now_s);
  states_[pending.state] = pending;
  return pending;
}

std::optional<GrantFlow::Pending> GrantFlow::Take(std::string_view state, int64_t now_s) {
  std::lock_guard lock(mu_);
  auto it = states_.find(state);
  if (it == states_.end()) return std::nullopt;
  Pending pending = it->second;
  states_.erase(it);
  if (pending.expires_at <= now_s) return std::nullopt;
  return pending;
}

void GrantFlow::SweepLocked(int64_t now_s) {
  for (auto it = links_.begin(); it != links_.end();) {
    it = it->second.expires_at <= now_s ? links_.erase(it) : std::next(it);
  }
  for (auto it = states_.begin(); it != states_.end();) {
    it = it->second.expires_at <= now_s ? states_.erase(it) : std::next(it);
  }
  // Over the cap: drop the entries that expire first.
  auto drop_oldest = [](auto& map, size_t cap, auto expiry) {
    while (map.size() >= cap) {
      auto oldest = map.begin();
      for (auto it = map.begin(); it != map.end(); ++it) {
        if (expiry(it->second) < expiry(oldest->second)) oldest = it;
      }
      map.erase(oldest);
    }
  };
  drop_oldest(links_, options_.max_entries, [](const LinkEntry& e) { return e.expires_at; });
  drop_oldest(states_, options_.max_entries, [](const Pending& p) { return p.expires_at; });
}

}  // namespace postwatch
