#include "shorteners/redirect_hop.h"

#include "fetch/curl_handles.h"

namespace postwatch {
namespace {

bool IsRedirectStatus(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

Result<std::string> ResolveLocation(std::string_view base, std::string_view location) {
  CurlUrl url(curl_url());
  if (!url) return Status::Internal("curl_url failed");
  const std::string base_text(base);
  const std::string location_text(location);
  if (curl_url_set(url.get(), CURLUPART_URL, base_text.c_str(), 0) != CURLUE_OK) {
    return Status::InvalidArgument("bad base URL " + base_text);
  }
  // With a base URL set, libcurl resolves a relative URL against it.
  if (CURLUcode rc = curl_url_set(url.get(), CURLUPART_URL, location_text.c_str(),
                                  CURLU_ALLOW_SPACE | CURLU_URLENCODE);
      rc != CURLUE_OK) {
    return Status::InvalidArgument("bad Location \"" + location_text.substr(0, 200) +
                                   "\": " + curl_url_strerror(rc));
  }
  char* raw_scheme = nullptr;
  if (curl_url_get(url.get(), CURLUPART_SCHEME, &raw_scheme, 0) != CURLUE_OK) {
    return Status::InvalidArgument("Location has no scheme");
  }
  CurlString scheme(raw_scheme);
  const std::string_view scheme_view(scheme.get());
  if (scheme_view != "http" && scheme_view != "https") {
    return Status::InvalidArgument("Location scheme \"" + std::string(scheme_view) +
                                   "\" is not http(s)");
  }
  char* raw_url = nullptr;
  if (curl_url_get(url.get(), CURLUPART_URL, &raw_url, 0) != CURLUE_OK) {
    return Status::InvalidArgument("cannot rebuild Location " + location_text.substr(0, 200));
  }
  CurlString resolved(raw_url);
  return std::string(resolved.get());
}

HopDecision DecideHop(std::string_view url, std::string_view method,
                      const FetchResponse& response) {
  HopDecision decision;
  const bool answered = response.error == FetchError::kNone ||
                        (response.error == FetchError::kTooLarge && response.status > 0);
  if ((answered || response.error == FetchError::kProtocol) && IsRedirectStatus(response.status)) {
    const std::string location = response.Header("Location");
    if (!location.empty()) {
      Result<std::string> next = ResolveLocation(url, location);
      decision.action = next.ok() ? HopAction::kRedirect : HopAction::kFinal;
      if (next.ok()) decision.next_url = std::move(*next);
      return decision;
    }
    if (!answered) {
      decision.error = "redirect without a Location";
      return decision;
    }
  }
  if (!answered) {
    decision.error = std::string(FetchErrorName(response.error)) + ": " + response.error_message;
    return decision;
  }
  if (method == "HEAD" && (response.status == 405 || response.status == 501)) {
    decision.action = HopAction::kRetryWithGet;
    return decision;
  }
  if (response.status == 429 || response.status >= 500) {
    decision.error = "HTTP " + std::to_string(response.status);
    return decision;
  }
  decision.action = HopAction::kFinal;
  return decision;
}

}  // namespace postwatch
