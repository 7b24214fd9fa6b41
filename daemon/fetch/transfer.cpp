#include "fetch/transfer.h"

#include <sys/socket.h>

#include <string_view>

namespace postwatch {
namespace {

bool HasForbiddenHeaderChars(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

std::string_view TrimWhitespace(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

Transfer::Transfer(const FetchOptions& options, const AllowList& allow, FetchRequest request,
                   Done done)
    : options_(options), allow_(allow), request_(std::move(request)), done_(std::move(done)) {}

Status Transfer::Configure() {
  easy_.reset(curl_easy_init());
  if (!easy_) return Status::Internal("curl_easy_init failed");
  CURL* easy = easy_.get();

  // Request headers first: a bad one refuses the request before anything else is set.
  std::vector<std::string> lines;
  for (const auto& [name, value] : request_.headers) {
    if (name.empty() || name.find_first_of(" \t:") != std::string::npos ||
        HasForbiddenHeaderChars(name) || HasForbiddenHeaderChars(value)) {
      return Status::InvalidArgument("request header \"" + name + "\" is malformed");
    }
    // "Name;" is libcurl's spelling of a header with an empty value.
    lines.push_back(value.empty() ? name + ";" : name + ": " + value);
  }
  if (!request_.if_none_match.empty()) lines.push_back("If-None-Match: " + request_.if_none_match);
  if (!request_.if_modified_since.empty()) {
    lines.push_back("If-Modified-Since: " + request_.if_modified_since);
  }
  if (HasForbiddenHeaderChars(request_.if_none_match) ||
      HasForbiddenHeaderChars(request_.if_modified_since)) {
    return Status::InvalidArgument("conditional request header is malformed");
  }
  // No "Expect: 100-continue" round trip for request bodies.
  lines.push_back("Expect:");
  for (const std::string& line : lines) {
    curl_slist* appended = curl_slist_append(request_headers_.get(), line.c_str());
    if (appended == nullptr) return Status::Internal("curl_slist_append failed");
    // The first append creates the list; later ones return the same head.
    if (!request_headers_) request_headers_.reset(appended);
  }
  for (const std::string& entry : options_.resolve_overrides) {
    curl_slist* appended = curl_slist_append(resolve_.get(), entry.c_str());
    if (appended == nullptr) return Status::Internal("curl_slist_append failed");
    if (!resolve_) resolve_.reset(appended);
  }

  CURLcode rc = CURLE_OK;
  auto set = [&rc, easy](CURLoption option, auto value) {
    if (rc == CURLE_OK) rc = curl_easy_setopt(easy, option, value);
  };
  set(CURLOPT_URL, request_.url.c_str());
  set(CURLOPT_PRIVATE, static_cast<void*>(this));
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  set(CURLOPT_FOLLOWLOCATION, 1L);
  set(CURLOPT_MAXREDIRS, options_.max_redirects);
  set(CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
  set(CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  set(CURLOPT_TIMEOUT_MS, options_.timeout_ms);
  set(CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes);
  set(CURLOPT_LOW_SPEED_TIME, options_.low_speed_time_s);
  set(CURLOPT_NOSIGNAL, 1L);
  // An empty string disables proxies, including those named by environment variables.
  set(CURLOPT_PROXY, options_.proxy.c_str());
  set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  set(CURLOPT_ERRORBUFFER, error_buffer_);
  set(CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
  set(CURLOPT_WRITEDATA, static_cast<void*>(this));
  set(CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
  set(CURLOPT_HEADERDATA, static_cast<void*>(this));
  set(CURLOPT_OPENSOCKETFUNCTION, &Transfer::OnOpenSocket);
  set(CURLOPT_OPENSOCKETDATA, static_cast<void*>(this));
  set(CURLOPT_HTTPHEADER, request_headers_.get());
  if (resolve_) set(CURLOPT_RESOLVE, resolve_.get());
  if (!options_.user_agent.empty()) set(CURLOPT_USERAGENT, options_.user_agent.c_str());

  if (request_.method == "GET") {
    set(CURLOPT_HTTPGET, 1L);
  } else if (request_.method == "HEAD") {
    set(CURLOPT_NOBODY, 1L);
  } else {
    if (request_.method != "POST") set(CURLOPT_CUSTOMREQUEST, request_.method.c_str());
    if (request_.method == "POST" || !request_.body.empty()) {
      set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request_.body.size()));
      set(CURLOPT_POSTFIELDS, request_.body.data());
    }
  }
  if (rc != CURLE_OK) {
    return Status::Internal(std::string("curl_easy_setopt: ") + curl_easy_strerror(rc));
  }
  return Status::Ok();
}

size_t Transfer::OnBody(char* data, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<Transfer*>(self_ptr);
  const size_t bytes = size * count;
  // Counted on decoded bytes, so chunked and compressed bodies cannot slip past the cap.
  if (self->response_.body.size() + bytes > self->options_.max_body_bytes) {
    self->body_too_large_ = true;
    return 0;  // any short count aborts the transfer
  }
  self->response_.body.append(data, bytes);
  return bytes;
}

size_t Transfer::OnHeader(char* data, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<Transfer*>(self_ptr);
  const size_t bytes = size * count;
  std::string_view line(data, bytes);
  // A status line starts the header block of a new hop (redirect, 100 Continue): only the
  // final hop's headers are kept.
  if (line.starts_with("HTTP/")) {
    self->response_.headers.clear();
    self->header_bytes_ = 0;
  }
  self->header_bytes_ += bytes;
  if (self->header_bytes_ > self->options_.max_header_bytes) {
    self->headers_too_large_ = true;
    return 0;
  }
  if (line.starts_with("HTTP/")) return bytes;
  auto& headers = self->response_.headers;
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    // Obsolete line folding continues the previous header's value.
    std::string_view more = TrimWhitespace(line);
    if (!headers.empty() && !more.empty()) {
      headers.back().second.append(" ").append(more);
    }
    return bytes;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;  // the blank line ending the block
  headers.emplace_back(std::string(TrimWhitespace(line.substr(0, colon))),
                       std::string(TrimWhitespace(line.substr(colon + 1))));
  return bytes;
}

curl_socket_t Transfer::OnOpenSocket(void* self_ptr, curlsocktype /*purpose*/,
                                     curl_sockaddr* address) {
  auto* self = static_cast<Transfer*>(self_ptr);
  const sockaddr* destination = &address->addr;
  if (!IsPublicAddress(destination) && !self->allow_.Allows(destination)) {
    if (!self->refused_addresses_.empty()) self->refused_addresses_ += ", ";
    self->refused_addresses_ += FormatSocketAddress(destination);
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

FetchError Transfer::ClassifyError(CURLcode code) const {
  if (body_too_large_ || code == CURLE_FILESIZE_EXCEEDED) return FetchError::kTooLarge;
  if (headers_too_large_) return FetchError::kProtocol;
  if (!refused_addresses_.empty() && code == CURLE_COULDNT_CONNECT) return FetchError::kBlocked;
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return FetchError::kTimeout;
    case CURLE_UNSUPPORTED_PROTOCOL:
      // Also libcurl's code for an invalid status line ("Received HTTP/0.9 when not
      // allowed", "Unsupported HTTP version (7.3) in response"): that is the server's fault,
      // not a refused scheme.
      if (std::string_view(error_buffer_).find("HTTP") != std::string_view::npos) {
        return FetchError::kProtocol;
      }
      return FetchError::kBlocked;
    case CURLE_URL_MALFORMAT:
      return FetchError::kBlocked;
    case CURLE_OUT_OF_MEMORY:
      // libcurl refuses a single header line over 100 KiB with this code.
      return FetchError::kProtocol;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_TOO_MANY_REDIRECTS:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
      return FetchError::kProtocol;
    case CURLE_RECV_ERROR:
      // libcurl reports bad chunked encoding as a receive error; tell it apart from a
      // connection reset by its message.
      if (std::string_view(error_buffer_).find("chunk") != std::string_view::npos) {
        return FetchError::kProtocol;
      }
      return FetchError::kNetwork;
    default:
      return FetchError::kNetwork;
  }
}

FetchResponse Transfer::Finish(CURLcode code) {
  FetchResponse response = std::move(response_);
  long status = 0;
  if (curl_easy_getinfo(easy(), CURLINFO_RESPONSE_CODE, &status) == CURLE_OK) {
    response.status = static_cast<int>(status);
  }
  char* effective_url = nullptr;
  if (curl_easy_getinfo(easy(), CURLINFO_EFFECTIVE_URL, &effective_url) == CURLE_OK &&
      effective_url != nullptr) {
    response.effective_url = effective_url;
  } else {
    response.effective_url = request_.url;
  }
  curl_off_t micros = 0;
  if (curl_easy_getinfo(easy(), CURLINFO_TOTAL_TIME_T, &micros) == CURLE_OK) {
    response.seconds = static_cast<double>(micros) / 1e6;
  }
  if (code == CURLE_OK) {
    response.error = FetchError::kNone;
    return response;
  }
  response.error = ClassifyError(code);
  response.body.clear();
  switch (response.error) {
    case FetchError::kTooLarge:
      response.error_message =
          "response body exceeds " + std::to_string(options_.max_body_bytes) + " bytes";
      break;
    case FetchError::kBlocked:
      if (!refused_addresses_.empty()) {
        response.error_message =
            "refused to connect to " + refused_addresses_ + ": not a public address";
        break;
      }
      [[fallthrough]];
    default:
      if (headers_too_large_) {
        response.error_message =
            "response headers exceed " + std::to_string(options_.max_header_bytes) + " bytes";
      } else if (code == CURLE_OUT_OF_MEMORY && error_buffer_[0] == '\0') {
        response.error_message =
            "response headers exceed libcurl's 100 KiB header line limit (or out of memory)";
      } else {
        response.error_message = error_buffer_[0] != '\0' ? std::string(error_buffer_)
                                                          : std::string(curl_easy_strerror(code));
      }
  }
  return response;
}

}  // namespace postwatch
