// PluginCall: the host side of one call into a plugin (plan, parse, resolve,
// refresh_credentials). It provides the pw_host callbacks, copies everything the plugin
// emits, and enforces the host's limits on what a plugin may emit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/post.h"
#include "postwatch/plugin_api.h"

namespace postwatch {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A request a plugin asked the host to make.
struct PluginRequest {
  std::string method = "GET";
  std::string url;
  HeaderList headers;
  std::string body;
  std::string tag;
};

// A response handed to a plugin's parse().
struct PluginResponse {
  int status = 0;
  std::string url;
  HeaderList headers;
  std::string body;
  std::string tag;
};

struct RateLimitHint {
  int64_t remaining = -1;
  int64_t limit = -1;
  int64_t reset_at = 0;
};

// A credential the plugin emitted (ABI 1.1 emit_credential). `secret` is opaque to the
// host; it is stored with mode 0600 and never logged.
struct CredentialUpdate {
  std::string secret;
  int64_t expires_at = 0;          // Unix seconds; 0 = no known expiry
  int64_t refresh_expires_at = 0;  // Unix seconds; 0 = unknown
};

// Everything one call produced. `code` is the plugin's return value; `error` its set_error
// text (or the host's, when the host refused the call's output).
struct PluginCallResult {
  pw_status code = PW_OK;
  std::string error;
  std::vector<Post> posts;
  std::vector<PluginRequest> requests;
  std::optional<std::string> cursor;
  std::optional<std::string> account_id;
  std::optional<RateLimitHint> rate_limit;
  std::optional<CredentialUpdate> credential;  // ABI 1.1: from refresh or grant steps
  std::optional<std::string> authorize_url;    // ABI 1.1: from authorize() without a code
  int dropped = 0;  // emitted items the host refused (over a cap, or invalid)
};

// Caps on what one call may emit; beyond them items are dropped and counted.
struct EmitLimits {
  size_t max_posts = 5000;
  size_t max_requests = 16;
  size_t max_links_per_post = 256;
  size_t max_string_bytes = 64 * 1024;  // any one string: url, id, link
  size_t max_text_bytes = 16 * 1024;    // post text is truncated to this
  size_t max_secret_bytes = 64 * 1024;  // an emitted credential's secret
};

// Collects the output of one plugin call. Not thread-safe: one PluginCall per call.
// Hands `this` to the plugin through pw_host.ctx, so it is neither copyable nor movable.
class PluginCall {
 public:
  explicit PluginCall(std::string plugin_name, EmitLimits limits = {});
  PluginCall(const PluginCall&) = delete;
  PluginCall& operator=(const PluginCall&) = delete;

  // The pw_host to pass to the plugin. Valid while this object lives.
  const pw_host* host() const { return &host_; }

  // Records the plugin's return code and returns the collected result (moved out).
  PluginCallResult Finish(pw_status code);

 private:
  static void EmitPost(void* ctx, const pw_post* post);
  static void EmitRequest(void* ctx, const pw_request* request);
  static void EmitCursor(void* ctx, pw_str cursor);
  static void EmitAccountId(void* ctx, pw_str id);
  static void EmitRateLimit(void* ctx, const pw_rate_limit* hint);
  static void SetError(void* ctx, pw_str message);
  static void LogLine(void* ctx, int level, pw_str message);
  static void EmitCredential(void* ctx, const pw_credential* credential);
  static void EmitAuthorizeUrl(void* ctx, pw_str url);

  std::string plugin_name_;
  EmitLimits limits_;
  pw_host host_{};
  PluginCallResult result_;
};

}  // namespace postwatch
