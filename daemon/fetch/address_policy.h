// The SSRF address policy: which socket addresses the fetcher may connect to.
//
// Pure functions and a value type, no I/O. The FetchEngine applies them to every address
// libcurl is about to connect to, including after redirects, so a DNS answer that points a
// public name at a private address is refused before any byte is sent.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace postwatch {

// True when `ipv4` (host byte order) may be fetched from: false for 0/8, 10/8, 100.64/10,
// 127/8, 169.254/16, 172.16/12, 192.0.0/24, the documentation nets, 192.168/16, 198.18/15,
// multicast 224/4, and 240/4 (which includes the broadcast address).
bool IsPublicIpv4(uint32_t ipv4);

// True when `ipv6` may be fetched from: false for ::, ::1, fc00::/7, fe80::/10, fec0::/10,
// ff00::/8, 100::/64, 2001:db8::/32, 64:ff9b:1::/48, and for IPv4-mapped, IPv4-compatible,
// NAT64 (64:ff9b::/96), 6to4 (2002::/16) and Teredo (2001::/32) addresses that embed an
// IPv4 address IsPublicIpv4 refuses.
bool IsPublicIpv6(const in6_addr& ipv6);

// IsPublicIpv4 / IsPublicIpv6 on an AF_INET or AF_INET6 socket address; false for any
// other family. Precondition: `address` points to a sockaddr_in or sockaddr_in6 matching
// its sa_family (or to any sockaddr for other families). Thread-safe.
bool IsPublicAddress(const sockaddr* address);

// "192.0.2.1:80", "[2001:db8::1]:443", or "family N" for other families. For messages.
std::string FormatSocketAddress(const sockaddr* address);

// Destinations exempt from the address policy, from FetchOptions::allow. Immutable after
// Parse, so safe to share between threads.
class AllowList {
 public:
  AllowList() = default;  // allows nothing

  // Parses entries "host:port" or "host:*". host is an IPv4 literal, a bracketed IPv6
  // literal ("[::1]"), or "localhost" (which matches 127.0.0.1 and ::1; no other name is
  // resolved). Returns InvalidArgument naming the first bad entry.
  static Result<AllowList> Parse(const std::vector<std::string>& entries);

  // True when the address and port of `address` match an entry.
  bool Allows(const sockaddr* address) const;

  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    int family = 0;  // AF_INET or AF_INET6
    in_addr ipv4{};
    in6_addr ipv6{};
    int port = -1;  // -1 matches any port
  };

  static Result<std::vector<Entry>> ParseEntry(std::string_view text);

  std::vector<Entry> entries_;
};

}  // namespace postwatch
