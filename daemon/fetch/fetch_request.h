// FetchRequest and FetchResponse: what a FetchEngine is asked to do, and what came back.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace postwatch {

struct FetchRequest {
  std::string method = "GET";  // GET, HEAD, POST, or any other token
  std::string url;             // http:// or https:// only
  // Extra request headers. Names and values must not contain CR, LF or NUL.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent for methods other than GET and HEAD
  // Conditional GET: sent as If-None-Match / If-Modified-Since when not empty.
  std::string if_none_match;
  std::string if_modified_since;
};

// Why a fetch produced no usable HTTP response. An HTTP error status (404, 503) is not a
// FetchError: it arrives as kNone with that status.
enum class FetchError {
  kNone,
  kTimeout,    // connect, total or low-speed timeout
  kNetwork,    // DNS, connect, TLS, reset
  kBlocked,    // SSRF guard, disallowed scheme, malformed URL or header
  kTooLarge,   // decoded body above FetchOptions::max_body_bytes
  kProtocol,   // bad status line, truncated body, bad chunking, huge headers, redirect loop
  kCancelled,  // the engine stopped before the transfer finished
};

// "none", "timeout", "network", "blocked", "too_large", "protocol", "cancelled": stable
// names for metric labels and logs.
std::string_view FetchErrorName(FetchError error);

struct FetchResponse {
  FetchError error = FetchError::kNone;
  std::string error_message;  // empty when error == kNone
  int status = 0;             // HTTP status of the final hop; 0 if no status line arrived
  std::string effective_url;  // URL of the final hop, after redirects
  // Response headers of the final hop, in order, names as sent.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;      // decoded (Content-Encoding, chunked); empty on any error
  double seconds = 0.0;  // time on the wire, excluding time queued in the engine

  // The value of the first header named `name` (case-insensitive), or "" when absent.
  std::string Header(std::string_view name) const;
};

}  // namespace postwatch
