#include "fetch/address_policy.h"

#include <arpa/inet.h>
#include <strings.h>

#include <array>
#include <charconv>
#include <cstring>

namespace postwatch {
namespace {

struct Ipv4Range {
  uint32_t base;
  int prefix_length;
};

constexpr uint32_t Ipv4(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

// Special-purpose IPv4 blocks (RFC 6890 and friends) that are not globally reachable.
constexpr std::array<Ipv4Range, 15> kForbiddenIpv4 = {{
    {Ipv4(0, 0, 0, 0), 8},        // "this network", includes the unspecified address
    {Ipv4(10, 0, 0, 0), 8},       // RFC 1918
    {Ipv4(100, 64, 0, 0), 10},    // CGNAT shared address space
    {Ipv4(127, 0, 0, 0), 8},      // loopback
    {Ipv4(169, 254, 0, 0), 16},   // link-local, cloud metadata services
    {Ipv4(172, 16, 0, 0), 12},    // RFC 1918
    {Ipv4(192, 0, 0, 0), 24},     // IETF protocol assignments
    {Ipv4(192, 0, 2, 0), 24},     // TEST-NET-1
    {Ipv4(192, 88, 99, 0), 24},   // deprecated 6to4 relay anycast
    {Ipv4(192, 168, 0, 0), 16},   // RFC 1918
    {Ipv4(198, 18, 0, 0), 15},    // benchmarking
    {Ipv4(198, 51, 100, 0), 24},  // TEST-NET-2
    {Ipv4(203, 0, 113, 0), 24},   // TEST-NET-3
    {Ipv4(224, 0, 0, 0), 4},      // multicast
    {Ipv4(240, 0, 0, 0), 4},      // reserved, includes 255.255.255.255 broadcast
}};

bool InIpv4Range(uint32_t ipv4, const Ipv4Range& range) {
  const uint32_t mask = range.prefix_length == 0 ? 0 : ~uint32_t{0} << (32 - range.prefix_length);
  return (ipv4 & mask) == (range.base & mask);
}

// True when the first `prefix_length` bits of `ipv6` equal those of `prefix`.
bool HasIpv6Prefix(const in6_addr& ipv6, std::array<uint8_t, 16> prefix, int prefix_length) {
  const uint8_t* bytes = ipv6.s6_addr;
  int full_bytes = prefix_length / 8;
  if (std::memcmp(bytes, prefix.data(), static_cast<size_t>(full_bytes)) != 0) return false;
  int rest = prefix_length % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (bytes[full_bytes] & mask) == (prefix[static_cast<size_t>(full_bytes)] & mask);
}

// The IPv4 address stored big-endian at bytes [offset, offset + 4) of `ipv6`.
uint32_t EmbeddedIpv4(const in6_addr& ipv6, size_t offset) {
  const uint8_t* b = ipv6.s6_addr + offset;
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
}

bool AllZero(const uint8_t* bytes, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (bytes[i] != 0) return false;
  }
  return true;
}

Result<int> ParsePort(std::string_view text) {
  if (text == "*") return -1;
  int port = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc() || end != text.data() + text.size() || port < 1 || port > 65535) {
    return Status::InvalidArgument("port must be 1-65535 or *");
  }
  return port;
}

}  // namespace

bool IsPublicIpv4(uint32_t ipv4) {
  for (const Ipv4Range& range : kForbiddenIpv4) {
    if (InIpv4Range(ipv4, range)) return false;
  }
  return true;
}

bool IsPublicIpv6(const in6_addr& ipv6) {
  const uint8_t* b = ipv6.s6_addr;
  // ::/96 holds the unspecified address, loopback and IPv4-compatible addresses.
  if (AllZero(b, 12)) {
    uint32_t embedded = EmbeddedIpv4(ipv6, 12);
    if (embedded <= 1) return false;  // :: and ::1
    return IsPublicIpv4(embedded);
  }
  // ::ffff:0:0/96 IPv4-mapped, and ::ffff:0:0:0/96 IPv4-translated.
  if (AllZero(b, 10) && b[10] == 0xFF && b[11] == 0xFF) return IsPublicIpv4(EmbeddedIpv4(ipv6, 12));
  if (AllZero(b, 8) && b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0) {
    return IsPublicIpv4(EmbeddedIpv4(ipv6, 12));
  }
  // 64:ff9b::/96 well-known NAT64 prefix; 64:ff9b:1::/48 is for local use only.
  if (HasIpv6Prefix(ipv6, {0x00, 0x64, 0xFF, 0x9B}, 32)) {
    if (AllZero(b + 4, 8)) return IsPublicIpv4(EmbeddedIpv4(ipv6, 12));
    if (b[4] == 0x00 && b[5] == 0x01) return false;
  }
  // 2002::/16 6to4: the IPv4 address follows the prefix.
  if (b[0] == 0x20 && b[1] == 0x02) return IsPublicIpv4(EmbeddedIpv4(ipv6, 2));
  // 2001::/32 Teredo: server IPv4 in bytes 4-7, client IPv4 inverted in bytes 12-15.
  if (HasIpv6Prefix(ipv6, {0x20, 0x01, 0x00, 0x00}, 32)) {
    return IsPublicIpv4(EmbeddedIpv4(ipv6, 4)) && IsPublicIpv4(~EmbeddedIpv4(ipv6, 12));
  }
  if (HasIpv6Prefix(ipv6, {0x20, 0x01, 0x0D, 0xB8}, 32)) return false;  // documentation
  if (HasIpv6Prefix(ipv6, {0x01, 0x00}, 64)) return false;              // discard-only
  if (HasIpv6Prefix(ipv6, {0xFC}, 7)) return false;                     // unique local
  if (HasIpv6Prefix(ipv6, {0xFE, 0x80}, 10)) return false;              // link-local
  if (HasIpv6Prefix(ipv6, {0xFE, 0xC0}, 10)) return false;              // site-local
  if (b[0] == 0xFF) return false;                                       // multicast
  return true;
}

bool IsPublicAddress(const sockaddr* address) {
  if (address == nullptr) return false;
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    return IsPublicIpv4(ntohl(in->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    return IsPublicIpv6(in6->sin6_addr);
  }
  return false;
}

std::string FormatSocketAddress(const sockaddr* address) {
  if (address == nullptr) return "null address";
  char text[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text));
    return std::string(text) + ":" + std::to_string(ntohs(in->sin_port));
  }
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof(text));
    return "[" + std::string(text) + "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  return "family " + std::to_string(address->sa_family);
}

Result<std::vector<AllowList::Entry>> AllowList::ParseEntry(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return Status::InvalidArgument("expected host:port or host:*");
  }
  std::string host(text.substr(0, colon));
  Result<int> port = ParsePort(text.substr(colon + 1));
  if (!port.ok()) return port.status();

  Entry entry;
  entry.port = *port;
  if (strcasecmp(host.c_str(), "localhost") == 0) {
    Entry v4 = entry;
    v4.family = AF_INET;
    v4.ipv4.s_addr = htonl(Ipv4(127, 0, 0, 1));
    Entry v6 = entry;
    v6.family = AF_INET6;
    v6.ipv6 = in6addr_loopback;
    return std::vector<Entry>{v4, v6};
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    std::string literal = host.substr(1, host.size() - 2);
    if (inet_pton(AF_INET6, literal.c_str(), &entry.ipv6) == 1) {
      entry.family = AF_INET6;
      return std::vector<Entry>{entry};
    }
  } else if (inet_pton(AF_INET, host.c_str(), &entry.ipv4) == 1) {
    entry.family = AF_INET;
    return std::vector<Entry>{entry};
  }
  return Status::InvalidArgument(
      "host must be an IPv4 literal, a bracketed IPv6 literal or localhost");
}

Result<AllowList> AllowList::Parse(const std::vector<std::string>& entries) {
  AllowList list;
  for (const std::string& text : entries) {
    Result<std::vector<Entry>> parsed = ParseEntry(text);
    if (!parsed.ok()) {
      return parsed.status().WithContext("fetch allow entry \"" + text + "\"");
    }
    list.entries_.insert(list.entries_.end(), parsed->begin(), parsed->end());
  }
  return list;
}

bool AllowList::Allows(const sockaddr* address) const {
  if (address == nullptr) return false;
  for (const Entry& entry : entries_) {
    if (entry.family != address->sa_family) continue;
    if (entry.family == AF_INET) {
      const auto* in = reinterpret_cast<const sockaddr_in*>(address);
      if (in->sin_addr.s_addr != entry.ipv4.s_addr) continue;
      if (entry.port == -1 || entry.port == ntohs(in->sin_port)) return true;
    } else {
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
      if (std::memcmp(&in6->sin6_addr, &entry.ipv6, sizeof(in6_addr)) != 0) continue;
      if (entry.port == -1 || entry.port == ntohs(in6->sin6_port)) return true;
    }
  }
  return false;
}

}  // namespace postwatch
