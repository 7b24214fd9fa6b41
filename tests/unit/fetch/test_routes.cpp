#include "test_routes.h"

#include <zlib.h>

#include <stdexcept>

namespace postwatch::testing {

std::string GzipPlainText() {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "line " + std::to_string(i) + " of compressible text\n";
  return text;
}

std::string Gzip(std::string_view data) {
  z_stream stream{};
  // windowBits 15 + 16 selects the gzip wrapper.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  return out;
}

TestReply Route(const TestRequest& request) {
  const std::string& path = request.target;
  if (path == "/ok") {
    return {CannedResponse(200, {{"X-Test", "yes"}, {"Content-Type", "text/plain"}}, kOkBody)};
  }
  if (path == "/redirect") {
    return {CannedResponse(302, {{"Location", "/ok"}, {"X-Hop", "first"}}, "moved")};
  }
  if (path == "/to-file") {
    return {CannedResponse(302, {{"Location", "file:///etc/passwd"}}, "moved")};
  }
  if (path.starts_with("/to-port/")) {
    std::string location = "http://127.0.0.1:" + path.substr(9) + "/ok";
    return {CannedResponse(302, {{"Location", location}}, "moved")};
  }
  if (path == "/etag") {
    if (request.Header("If-None-Match") == kEtag) {
      return {CannedResponse(304, {{"ETag", std::string(kEtag)}}, "")};
    }
    return {CannedResponse(200, {{"ETag", std::string(kEtag)}}, "fresh")};
  }
  if (path == "/gzip") {
    return {CannedResponse(200, {{"Content-Encoding", "gzip"}}, Gzip(GzipPlainText()))};
  }
  if (path == "/huge") {
    return {CannedResponse(200, {}, std::string(kHugeBodyBytes, 'x'))};
  }
  if (path == "/huge-chunked") {
    std::string bytes =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    const std::string chunk(64 * 1024, 'y');
    for (size_t sent = 0; sent < kHugeBodyBytes; sent += chunk.size()) {
      bytes += "10000\r\n" + chunk + "\r\n";
    }
    bytes += "0\r\n\r\n";
    return {bytes};
  }
  if (path == "/bomb") {
    static const std::string compressed = Gzip(std::string(kBombDecodedBytes, '\0'));
    return {CannedResponse(200, {{"Content-Encoding", "gzip"}}, compressed)};
  }
  if (path == "/slow" || path == "/stall") {
    return {"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nfirst bits", 0, true};
  }
  if (path == "/hold") {
    return {CannedResponse(200, {}, kOkBody), 150};
  }
  if (path == "/truncated") {
    return {"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nonly ten b"};
  }
  if (path == "/bad-chunk") {
    return {
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        "zz\r\nhello\r\n0\r\n\r\n"};
  }
  if (path == "/huge-headers") {
    std::vector<std::pair<std::string, std::string>> headers;
    for (int i = 0; i < 32; ++i)
      headers.emplace_back("X-Filler-" + std::to_string(i), std::string(1024, 'h'));
    return {CannedResponse(200, headers, kOkBody)};
  }
  return {CannedResponse(404, {}, "not found")};
}

}  // namespace postwatch::testing
