// Emitter: the C++ face of pw_host for plugin code, so that no plugin fills pw_* structs by
// hand.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "postwatch/plugin_api.h"

namespace postwatch::plugin {

// A (ptr,len) view of `text`; valid as long as `text` is.
inline pw_str ToPwStr(std::string_view text) { return pw_str{text.data(), text.size()}; }

// A view of a host string; empty when ptr is NULL.
inline std::string_view View(pw_str text) {
  return text.ptr == nullptr ? std::string_view() : std::string_view(text.ptr, text.len);
}

// What a plugin found for one post; see pw_post for the meaning of each field.
struct PostFields {
  std::string id;
  std::string url;
  int64_t published_at = 0;
  pw_post_kind kind = PW_POST_KIND_POST;
  std::string text;
  std::vector<std::string> links;
  std::string shared_url;
};

// One HTTP request to ask the host for; see pw_request.
struct RequestFields {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string tag;
};

// Wraps the pw_host of one plan/parse/resolve call. Every method builds the C struct on the
// stack, sets struct_size, and calls the host, which copies the data before returning.
// Callbacks the host did not provide (NULL, or beyond the host's struct_size) are skipped.
// Not thread-safe, like the pw_host it wraps; cheap to construct per call. `host` is
// borrowed and must outlive the Emitter; it may be NULL, in which case nothing is emitted.
class Emitter {
 public:
  explicit Emitter(const pw_host* host) : host_(host) {}

  void Post(const PostFields& post) const;
  void Request(const RequestFields& request) const;
  void Cursor(std::string_view cursor) const;
  void AccountId(std::string_view canonical_id) const;
  // -1 / 0 mean unknown, as in pw_rate_limit.
  void RateLimit(int64_t remaining, int64_t limit, int64_t reset_at) const;
  // ABI 1.1: a new owner-granted credential (see pw_credential). Returns false when the
  // host is older than 1.1 and cannot take it.
  bool Credential(std::string_view secret, int64_t expires_at, int64_t refresh_expires_at) const;
  // ABI 1.1: the authorisation URL of the owner's grant. Returns false on a 1.0 host.
  bool AuthorizeUrl(std::string_view url) const;
  // Calls set_error(message) and returns `code`, so that error paths read
  // `return emit.Error(PW_E_PARSE, "...")`.
  pw_status Error(pw_status code, std::string_view message) const;
  void Log(pw_log_level level, std::string_view message) const;

 private:
  // True when the host is set and its struct is large enough to hold a callback at `offset`.
  bool Has(size_t offset) const;

  const pw_host* host_;
};

}  // namespace postwatch::plugin
