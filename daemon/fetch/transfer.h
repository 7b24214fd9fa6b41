// Transfer: one request on the wire. Owns its curl easy handle, applies the fetch policy
// to it, and assembles the FetchResponse from libcurl's callbacks.
#pragma once

#include <curl/curl.h>

#include <functional>
#include <memory>
#include <string>

#include "base/status.h"
#include "fetch/address_policy.h"
#include "fetch/curl_handles.h"
#include "fetch/fetch_options.h"
#include "fetch/fetch_request.h"

namespace postwatch {

class Transfer {
 public:
  using Done = std::function<void(FetchResponse&&)>;

  // `options` and `allow` are borrowed and must outlive the Transfer.
  Transfer(const FetchOptions& options, const AllowList& allow, FetchRequest request, Done done);

  // Builds the easy handle for the request; call once, before easy(). Returns
  // InvalidArgument when a request header is malformed (empty name, or CR, LF or NUL in it)
  // and Internal when libcurl rejects an option.
  Status Configure();

  // libcurl keeps `this` in its callbacks: neither copyable nor movable.
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // The easy handle, owned by this Transfer; add it to a multi handle to run it.
  CURL* easy() const { return easy_.get(); }
  const FetchRequest& request() const { return request_; }

  // The response for a transfer libcurl finished with `code`. On an error the body is
  // empty; status, effective URL and headers hold whatever had arrived. Call once.
  FetchResponse Finish(CURLcode code);

  // The caller's completion callback, moved out; valid whether or not Configure succeeded.
  Done TakeDone() { return std::move(done_); }

 private:
  FetchError ClassifyError(CURLcode code) const;

  static size_t OnBody(char* data, size_t size, size_t count, void* self);
  static size_t OnHeader(char* data, size_t size, size_t count, void* self);
  static curl_socket_t OnOpenSocket(void* self, curlsocktype purpose, curl_sockaddr* address);

  const FetchOptions& options_;
  const AllowList& allow_;
  FetchRequest request_;
  Done done_;
  CurlEasy easy_;
  CurlSlist request_headers_;
  CurlSlist resolve_;  // FetchOptions::resolve_overrides
  char error_buffer_[CURL_ERROR_SIZE] = {};

  FetchResponse response_;
  size_t header_bytes_ = 0;  // of the current hop's header block
  bool body_too_large_ = false;
  bool headers_too_large_ = false;
  std::string refused_addresses_;  // addresses the SSRF guard refused, comma-separated
};

}  // namespace postwatch
