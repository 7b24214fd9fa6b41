// Canned replies served by the fetch tests' TestHttpServer, by path.
#pragma once

#include <string>
#include <string_view>

#include "test_http_server.h"

namespace postwatch::testing {

inline constexpr std::string_view kOkBody = "hello, fetch";
inline constexpr std::string_view kEtag = "\"v1\"";
inline constexpr size_t kHugeBodyBytes = 2 * 1024 * 1024;
inline constexpr size_t kBombDecodedBytes = 16 * 1024 * 1024;

// The text the /gzip route serves compressed.
std::string GzipPlainText();

// `data` gzip-compressed (RFC 1952), for Content-Encoding: gzip.
std::string Gzip(std::string_view data);

// Dispatches on request.target:
//   /ok            200, "X-Test: yes", body kOkBody
//   /redirect      302 to /ok
//   /to-file       302 to file:///etc/passwd
//   /to-port/N     302 to http://127.0.0.1:N/ok
//   /etag          304 when If-None-Match is kEtag, else 200 with that ETag
//   /gzip          gzip-encoded GzipPlainText()
//   /huge          kHugeBodyBytes with Content-Length
//   /huge-chunked  kHugeBodyBytes chunked
//   /bomb          kBombDecodedBytes of zeros, gzip-encoded (about 16 KiB on the wire)
//   /slow, /stall  headers and part of the body, then nothing until the client closes
//   /hold          kOkBody after 150 ms
//   /truncated     Content-Length 100 with 10 bytes, then close
//   /bad-chunk     a chunk size that is not hex
//   /huge-headers  32 headers of 1 KiB each
//   anything else  404
TestReply Route(const TestRequest& request);

}  // namespace postwatch::testing
