// Canonical form of the host of a URL or of a flag-list domain entry.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace postwatch {

// Returns the canonical ASCII form of a host as found in a URL: percent-escapes decoded,
// IDN labels converted to punycode with libidn2 (UTS #46 non-transitional, IDNA2008),
// letters lower-cased, one trailing dot removed, IPv4 number forms ("0x7f.1", "2130706433")
// rewritten as dotted decimal and IPv6 literals ("[0:0::1]") in their shortest form.
// Fails with kInvalidArgument when the host is empty, too long, contains a forbidden
// character, is an invalid IDN or an out-of-range IPv4 number. Thread-safe.
Result<std::string> NormalizeHostName(std::string_view host);

// True when the canonical host is an IPv4 or bracketed IPv6 address. Thread-safe.
bool IsIpLiteral(std::string_view canonical_host);

}  // namespace postwatch
