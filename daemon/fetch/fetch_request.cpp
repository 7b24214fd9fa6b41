#include "fetch/fetch_request.h"

#include <strings.h>

namespace postwatch {

std::string_view FetchErrorName(FetchError error) {
  switch (error) {
    case FetchError::kNone:
      return "none";
    case FetchError::kTimeout:
      return "timeout";
    case FetchError::kNetwork:
      return "network";
    case FetchError::kBlocked:
      return "blocked";
    case FetchError::kTooLarge:
      return "too_large";
    case FetchError::kProtocol:
      return "protocol";
    case FetchError::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

std::string FetchResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return "";
}

}  // namespace postwatch
