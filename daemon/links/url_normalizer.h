// NormalizeUrl: the canonical form of an http(s) link, the key postwatch matches and stores.
//
// The canonical form is "scheme://host[:port]/path[?query]": scheme and host lower-case,
// IDN hosts in punycode, no user info, no default port, no fragment, dot segments removed,
// percent-encoding canonical (upper-case hex, unreserved characters decoded) and tracking
// parameters removed with the remaining query order kept.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace postwatch {

struct NormalizeOptions {
  // Query parameter names removed in addition to the built-in tracking parameters
  // (utm_*, fbclid, gclid, igshid, si, mc_eid, ...). Compared case-insensitively.
  std::vector<std::string> extra_tracking_params;
  // Inputs and results longer than this many bytes are rejected.
  size_t max_length = 4096;
};

// Returns the canonical form of `raw`. Scheme-less inputs ("example.com/x",
// "www.example.com", "//example.com") are taken as http. Fails with kInvalidArgument, and a
// message that names the problem, when the input is empty, too long, not http/https, has no
// or an invalid host or port, or libcurl rejects it. Never throws. Thread-safe.
Result<std::string> NormalizeUrl(std::string_view raw, const NormalizeOptions& options = {});

// True when `name` (a raw query parameter name) is a tracking parameter under `options`.
bool IsTrackingParam(std::string_view name, const NormalizeOptions& options);

// Views into a URL in canonical form. Valid while the viewed string lives.
struct NormalizedUrlView {
  std::string_view scheme;        // "http" or "https"
  std::string_view host;          // "example.com", "127.0.0.1", "[::1]"
  std::string_view authority;     // host and port: "example.com:8080"
  std::string_view path;          // starts with '/'
  std::string_view query;         // without '?'; empty when absent
  std::string_view after_scheme;  // everything after "://"
};

// Splits a URL produced by NormalizeUrl; nullopt for anything else. Thread-safe.
std::optional<NormalizedUrlView> SplitNormalizedUrl(std::string_view normalized);

}  // namespace postwatch
