// Registrable domains ("eTLD+1") and public suffixes from the Public Suffix List (libpsl).
#pragma once

#include <string>
#include <string_view>

namespace postwatch {

// Returns the registrable domain of a canonical host ("news.bbc.co.uk" -> "bbc.co.uk"), or
// the host itself when it has none (IP literals, public suffixes, single labels). Uses the
// newest of libpsl's built-in list and the system list, loaded once. Thread-safe.
std::string RegistrableDomain(std::string_view canonical_host);

// True when the canonical host is a public suffix ("com", "co.uk", "github.io"), i.e. a
// domain entry for it would flag every site registered under it. Thread-safe.
bool IsPublicSuffix(std::string_view canonical_host);

}  // namespace postwatch
