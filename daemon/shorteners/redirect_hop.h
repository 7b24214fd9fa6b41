// One hop of a shortener expansion: what a response means for the next request.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "fetch/fetch_request.h"

namespace postwatch {

enum class HopAction {
  kRedirect,      // follow `next_url` with HEAD
  kRetryWithGet,  // the server refused HEAD (405, 501): ask again with GET
  kFinal,         // the URL asked for is where the link leads
  kFailed,        // no usable answer (network, timeout, 429, 5xx): try again later
};

struct HopDecision {
  HopAction action = HopAction::kFailed;
  std::string next_url;  // kRedirect: the Location, resolved against the request URL
  std::string error;     // kFailed: why
};

// Decides what `response` to a `method` ("HEAD" or "GET") request for `url` means. The
// expander's fetch engine does not follow redirects (libcurl reports a 3xx with a Location
// it refused to follow as kProtocol; a 3xx with error kNone is accepted too). A 3xx whose
// Location cannot be resolved into an http(s) URL is final. A body cut off at the size cap
// still counts as an answer. Thread-safe.
HopDecision DecideHop(std::string_view url, std::string_view method, const FetchResponse& response);

// `location` (absolute, scheme-relative or relative) resolved against `base`, as libcurl's
// URL API does it. kInvalidArgument when the result is not an http(s) URL. Thread-safe.
Result<std::string> ResolveLocation(std::string_view base, std::string_view location);

}  // namespace postwatch
