#include "links/url_normalizer.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <memory>

#include "links/host_name.h"
#include "links/percent_encoding.h"

namespace postwatch {
namespace {

struct CurlUrlDeleter {
  void operator()(CURLU* url) const noexcept { curl_url_cleanup(url); }
};
struct CurlFreeDeleter {
  void operator()(char* p) const noexcept { curl_free(p); }
};

// Parameters that identify a campaign, a click or a sharer, never the content.
constexpr std::array<std::string_view, 30> kTrackingParams = {
    "fbclid",  "gclid",   "dclid",   "gbraid",   "wbraid",     "msclkid",
    "igshid",  "igsh",    "si",      "mc_eid",   "mc_cid",     "yclid",
    "_hsenc",  "_hsmi",   "mkt_tok", "vero_id",  "oly_enc_id", "oly_anon_id",
    "_ga",     "_gl",     "twclid",  "ttclid",   "li_fat_id",  "s_cid",
    "ref_src", "ref_url", "__s",     "wickedid", "rb_clickid", "srsltid",
};

char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), ToLower);
  return out;
}

bool IsSchemeChar(char c, bool first) {
  const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (first) return alpha;
  return alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// Strips C0 controls and spaces at both ends and tabs/newlines inside (as browsers do).
std::string CleanInput(std::string_view raw) {
  while (!raw.empty() && static_cast<unsigned char>(raw.front()) <= 0x20) raw.remove_prefix(1);
  while (!raw.empty() && static_cast<unsigned char>(raw.back()) <= 0x20) raw.remove_suffix(1);
  std::string out;
  out.reserve(raw.size());
  for (const char c : raw) {
    if (c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  }
  return out;
}

// "example.com:8080/x" has the shape "scheme:rest", but a port, not a scheme, follows ':'.
bool LooksLikeHostPort(std::string_view after_colon) {
  size_t digits = 0;
  while (digits < after_colon.size() && after_colon[digits] >= '0' && after_colon[digits] <= '9') {
    ++digits;
  }
  if (digits == 0) return false;
  return digits == after_colon.size() || after_colon[digits] == '/' || after_colon[digits] == '?' ||
         after_colon[digits] == '#';
}

std::string FilterQuery(std::string_view query, const NormalizeOptions& options) {
  std::string out;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view param = query.substr(start, end - start);
    if (!param.empty()) {
      const std::string_view name = param.substr(0, param.find('='));
      if (!IsTrackingParam(name, options)) {
        if (!out.empty()) out.push_back('&');
        out.append(param);
      }
    }
    start = end + 1;
  }
  return out;
}

Result<std::string> CurlPart(CURLU* url, CURLUPart part, unsigned int flags) {
  char* raw = nullptr;
  const CURLUcode rc = curl_url_get(url, part, &raw, flags);
  std::unique_ptr<char, CurlFreeDeleter> value(raw);
  if (rc != CURLUE_OK) return Status::InvalidArgument(curl_url_strerror(rc));
  return std::string(value.get());
}

}  // namespace

bool IsTrackingParam(std::string_view name, const NormalizeOptions& options) {
  const std::string lower = Lower(PercentDecode(name, true));
  if (lower.rfind("utm_", 0) == 0) return true;
  if (std::find(kTrackingParams.begin(), kTrackingParams.end(), lower) != kTrackingParams.end()) {
    return true;
  }
  return std::any_of(options.extra_tracking_params.begin(), options.extra_tracking_params.end(),
                     [&](const std::string& extra) { return Lower(extra) == lower; });
}

Result<std::string> NormalizeUrl(std::string_view raw, const NormalizeOptions& options) {
  if (raw.size() > options.max_length) {
    return Status::InvalidArgument("URL longer than " + std::to_string(options.max_length) +
                                   " bytes");
  }
  const std::string input = CleanInput(raw);
  if (input.empty()) return Status::InvalidArgument("empty URL");

  // Scheme: http and https only; anything without a scheme is taken as http.
  std::string scheme = "http";
  std::string_view rest = input;
  size_t colon = 0;
  while (colon < input.size() && IsSchemeChar(input[colon], colon == 0)) ++colon;
  if (colon > 0 && colon < input.size() && input[colon] == ':' &&
      !LooksLikeHostPort(std::string_view(input).substr(colon + 1))) {
    scheme = Lower(std::string_view(input).substr(0, colon));
    if (scheme != "http" && scheme != "https") {
      return Status::InvalidArgument("unsupported scheme '" + scheme + "'");
    }
    rest.remove_prefix(colon + 1);
  }

  // Browsers read backslashes as slashes before the query, and any number of slashes
  // before the host.
  std::string body(rest);
  const size_t query_or_fragment = body.find_first_of("?#");
  std::replace(body.begin(),
               query_or_fragment == std::string::npos
                   ? body.end()
                   : body.begin() + static_cast<std::ptrdiff_t>(query_or_fragment),
               '\\', '/');
  const size_t host_start = body.find_first_not_of('/');
  if (host_start == std::string::npos) return Status::InvalidArgument("URL has no host");
  std::string_view authority_and_rest = std::string_view(body).substr(host_start);

  const size_t authority_end = authority_and_rest.find_first_of("/?#");
  std::string_view authority = authority_and_rest.substr(0, authority_end);
  std::string_view tail = authority_end == std::string_view::npos
                              ? std::string_view()
                              : authority_and_rest.substr(authority_end);
  // User info is dropped: it never decides where a link goes, and it may hold secrets.
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority;
  std::string_view port;
  const size_t port_colon = authority.rfind(':');
  const size_t bracket = authority.rfind(']');
  if (port_colon != std::string_view::npos &&
      (bracket == std::string_view::npos || port_colon > bracket)) {
    host = authority.substr(0, port_colon);
    port = authority.substr(port_colon + 1);
  }
  if (host.empty()) return Status::InvalidArgument("URL has no host");
  if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Status::InvalidArgument("invalid port '" + std::string(port) + "'");
  }
  while (port.size() > 1 && port.front() == '0') port.remove_prefix(1);
  if (port.size() > 5 || (!port.empty() && std::stoul(std::string(port)) > 65535)) {
    return Status::InvalidArgument("invalid port '" + std::string(port) + "': out of range");
  }
  auto canonical_host = NormalizeHostName(host);
  if (!canonical_host.ok()) return canonical_host.status();

  const size_t fragment = tail.find('#');
  if (fragment != std::string_view::npos) tail = tail.substr(0, fragment);
  const size_t question = tail.find('?');
  const std::string path = NormalizePercentEncoding(tail.substr(0, question), UrlComponent::kPath);
  std::string query;
  if (question != std::string_view::npos) {
    query = FilterQuery(NormalizePercentEncoding(tail.substr(question + 1), UrlComponent::kQuery),
                        options);
  }

  std::string assembled = scheme + "://" + *canonical_host;
  if (!port.empty()) assembled += ":" + std::string(port);
  assembled += path.empty() || path.front() != '/' ? "/" + path : path;

  // libcurl validates the assembled URL, removes dot segments and drops the default port.
  std::unique_ptr<CURLU, CurlUrlDeleter> url(curl_url());
  if (url == nullptr) return Status::Internal("curl_url() failed");
  const CURLUcode rc = curl_url_set(url.get(), CURLUPART_URL, assembled.c_str(), 0);
  if (rc != CURLUE_OK) {
    return Status::InvalidArgument(std::string("invalid URL: ") + curl_url_strerror(rc));
  }
  auto curl_host = CurlPart(url.get(), CURLUPART_HOST, 0);
  auto curl_path = CurlPart(url.get(), CURLUPART_PATH, 0);
  if (!curl_host.ok()) return curl_host.status().WithContext("invalid host");
  if (!curl_path.ok()) return curl_path.status().WithContext("invalid path");
  auto curl_port = CurlPart(url.get(), CURLUPART_PORT, CURLU_NO_DEFAULT_PORT);

  std::string out = scheme + "://" + *curl_host;
  if (curl_port.ok()) out += ":" + *curl_port;
  out += *curl_path;
  if (!query.empty()) out += "?" + query;
  if (out.size() > options.max_length) {
    return Status::InvalidArgument("normalised URL longer than " +
                                   std::to_string(options.max_length) + " bytes");
  }
  return out;
}

std::optional<NormalizedUrlView> SplitNormalizedUrl(std::string_view normalized) {
  NormalizedUrlView view;
  const size_t sep = normalized.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  view.scheme = normalized.substr(0, sep);
  view.after_scheme = normalized.substr(sep + 3);
  const size_t slash = view.after_scheme.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  view.authority = view.after_scheme.substr(0, slash);
  view.host = view.authority;
  const size_t colon = view.authority.rfind(':');
  const size_t bracket = view.authority.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    view.host = view.authority.substr(0, colon);
  }
  const std::string_view path_and_query = view.after_scheme.substr(slash);
  const size_t question = path_and_query.find('?');
  view.path = path_and_query.substr(0, question);
  if (question != std::string_view::npos) view.query = path_and_query.substr(question + 1);
  return view;
}

}  // namespace postwatch
