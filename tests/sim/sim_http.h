// The simulator's request and response, free of Boost.Beast so that only sim_server.cpp
// has to compile Beast. Handlers take a SimRequest and return a SimResponse.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace postwatch::sim {

// Views into the server's parsed request; valid only during the handler call.
struct SimRequest {
  std::string_view method;  // "GET", "HEAD", "POST", ...
  std::string_view target;  // origin-form: "/acct-3/feed?x=1"
  std::string_view if_none_match;
  std::string_view if_modified_since;
  std::string_view authorization;  // the Authorization header, e.g. "Bearer abc"
  std::string_view content_type;   // the request's Content-Type
  std::string_view body;           // the request body (POST)
  // Every request header as sent (name case preserved); for headers not named above.
  std::vector<std::pair<std::string_view, std::string_view>> headers;

  // The value of the first header named `name` (case-insensitive); empty when absent.
  std::string_view Header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (n.size() != name.size()) continue;
      bool same = true;
      for (size_t i = 0; i < n.size() && same; ++i) {
        same = (n[i] | 0x20) == (name[i] | 0x20);
      }
      if (same) return v;
    }
    return {};
  }

  // The target without its query string.
  std::string_view path() const { return target.substr(0, target.find('?')); }
  // The target's query string after '?', or empty.
  std::string_view query() const {
    const size_t q = target.find('?');
    return q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  }
};

struct SimResponse {
  unsigned status = 200;
  std::string content_type;  // empty: no Content-Type header
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // the server sends no body for HEAD and 304, but keeps Content-Length
};

// Must be thread-safe: the server calls it from every I/O thread.
using RequestHandler = std::function<SimResponse(const SimRequest&)>;

// A small JSON or text response.
inline SimResponse TextResponse(unsigned status, std::string content_type, std::string body) {
  SimResponse response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

}  // namespace postwatch::sim
