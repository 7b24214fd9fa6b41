// FetchOptions: the limits and policy every request made by a FetchEngine obeys.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace postwatch {

struct FetchOptions {
  // Sent as the User-Agent header of every request; empty sends none.
  std::string user_agent;

  long connect_timeout_ms = 10000;  // TCP + TLS handshake
  long timeout_ms = 30000;          // whole transfer, redirects included
  // A transfer slower than low_speed_bytes per second for low_speed_time_s is aborted
  // (reported as kTimeout).
  long low_speed_bytes = 100;
  long low_speed_time_s = 15;
  long max_redirects = 5;

  // Caps on the decoded body and on the header block of one response; a larger body is
  // reported as kTooLarge, larger headers as kProtocol.
  size_t max_body_bytes = 8 * 1024 * 1024;
  size_t max_header_bytes = 64 * 1024;

  // Transfers running at once, overall and per host; more requests wait in a per-host
  // FIFO inside the engine.
  int max_concurrency = 64;
  int per_host_concurrency = 4;

  // Destinations exempt from the SSRF guard: "host:port" or "host:*", where host is an IP
  // literal ("127.0.0.1", "[::1]") or "localhost" (matches 127.0.0.1 and ::1).
  // Example: "127.0.0.1:18080".
  std::vector<std::string> allow;

  // Proxy URL. Empty: no proxy, and the proxy environment variables are ignored. Note that
  // the SSRF guard then sees the proxy's address, not the destination's, so a proxy on a
  // private address must be listed in `allow` and is trusted to apply its own policy.
  std::string proxy;

  // Test-only name pinning: libcurl CURLOPT_RESOLVE entries "host:port:address", used
  // instead of DNS for that host and port. The SSRF guard still checks the address, which
  // is what the tests use it for ("public.test" pinned to 127.0.0.1). Leave empty in
  // production.
  std::vector<std::string> resolve_overrides;
};

}  // namespace postwatch
