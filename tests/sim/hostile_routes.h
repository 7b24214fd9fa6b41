// The hostile platform: HTTP answers that misbehave on purpose, one behaviour per path, so
// that tests can prove the daemon survives each of them.
//
//   /hostile/feed?items=N             a valid RSS 2.0 feed with N items (default 3)
//   /hostile/acct-<i>/feed            account i's web feed (the "hostile" platform's accounts)
//   /hostile/429?retry_after=V        429, with "Retry-After: V" when given (any text: "5",
//                                     "-3", "garbage", an HTTP date)
//   /hostile/slow-headers?interval_ms=I&bytes=B   the header block, one byte every I ms
//   /hostile/slow-body?interval_ms=I&bytes=B      headers at once, then B body bytes, one
//                                                 every I ms
//   /hostile/huge?bytes=N&mode=M      an N-byte body (default 64 MiB); M is content-length
//                                     (default), chunked, close (close-delimited) or
//                                     gzip-bomb (N zero bytes, gzip-compressed)
//   /hostile/truncated-chunked        a chunk announced longer than what is sent, then close
//   /hostile/short-content-length     "Content-Length: 1000", 100 bytes, then close
//   /hostile/huge-headers?bytes=N     one header line of N bytes (default 1 MiB)
//   /hostile/header-flood?count=N     N small headers (default 20000)
//   /hostile/bad-status-line?variant=V   V: garbage (default), bad-code, bad-version
//   /hostile/redirect?to=URL&status=S    S (default 302) with Location: URL
//   /hostile/redirect-loop            302 to itself (with a growing ?n=), forever
//   /hostile/count?path=P             {"path":P,"requests":N}: requests seen for path P
//
// Each route produces a HostileReply. Well-formed replies carry a SimResponse, which the
// simulator's Beast server can send. Slow and malformed replies exist only as a wire
// script: Beast always writes a valid message and runs handlers on its I/O threads, so it
// can neither send broken framing nor sleep without stalling other connections. Those are
// served by HostileServer (hostile_server.h), a raw-socket server with a thread per
// connection that tests start in-process; the simulator answers them with 501.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform_service.h"
#include "sim_http.h"

namespace postwatch::sim {

inline constexpr std::string_view kHostilePrefix = "/hostile/";

// One write of a wire script: wait delay_ms, write bytes, then `filler` bytes of 'x'
// (streamed in pieces, never held in memory; as HTTP chunks when chunk_filler is set).
struct WireStep {
  int delay_ms = 0;
  std::string bytes;
  uint64_t filler = 0;
  bool chunk_filler = false;
};

struct HostileReply {
  // Set for well-formed replies; `filler` 'x' bytes follow response->body.
  std::optional<SimResponse> response;
  uint64_t filler = 0;
  // Set for replies only a raw socket can send; the connection is closed after the last
  // step.
  std::vector<WireStep> wire;
};

// HTTP/1.1 wire steps for a reply: the wire script as is, or the well-formed response with
// Content-Length (body plus filler) and "Connection: close".
std::vector<WireStep> ToWire(const HostileReply& reply);

// The hostile routes and their request counters. Thread-safe.
class HostileRoutes {
 public:
  HostileRoutes() = default;
  HostileRoutes(const HostileRoutes&) = delete;
  HostileRoutes& operator=(const HostileRoutes&) = delete;

  // Answers one request; `target` is origin-form ("/hostile/429?retry_after=5"). Counts it
  // under its path, except /hostile/count itself. 404 for unknown paths.
  HostileReply Route(std::string_view method, std::string_view target);

  // Requests seen for `path` (no query), e.g. "/hostile/429".
  uint64_t Requests(std::string_view path) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, uint64_t, std::less<>> requests_;  // guarded by mutex_
};

// N zero bytes, gzip-compressed. Cached per N (thread-safe); N is capped at 1 GiB.
const std::string& GzipZeros(uint64_t n);

// The "hostile" PlatformService, for platforms.cpp: accounts have web feeds under
// /hostile/acct-<i>/feed, and every other /hostile/ path misbehaves as listed above.
std::unique_ptr<PlatformService> MakeHostileService(const PlatformContext& context);

}  // namespace postwatch::sim
