#include "plugin_host/plugin_call.h"

#include <algorithm>
#include <cstddef>

#include "base/log.h"
#include "plugin_host/utf8_check.h"

namespace postwatch {

namespace {

// Reads a field only when the plugin's struct is large enough to hold it.
#define PW_HAS_FIELD(ptr, field) \
  ((ptr)->struct_size >=         \
   offsetof(std::remove_pointer_t<decltype(ptr)>, field) + sizeof((ptr)->field))

std::string Copy(pw_str s, size_t cap) {
  if (s.ptr == nullptr || s.len == 0) return {};
  return std::string(s.ptr, s.len < cap ? s.len : cap);
}

bool TooLong(pw_str s, size_t cap) { return s.len > cap; }

std::string_view View(pw_str s) {
  return s.ptr == nullptr ? std::string_view() : std::string_view(s.ptr, s.len);
}

// An id, URL or link the host can store: within the cap and clean UTF-8.
bool Usable(pw_str s, size_t cap) { return !TooLong(s, cap) && IsCleanUtf8Token(View(s)); }

}  // namespace

PluginCall::PluginCall(std::string plugin_name, EmitLimits limits)
    : plugin_name_(std::move(plugin_name)), limits_(limits) {
  host_.struct_size = sizeof(pw_host);
  host_.ctx = this;
  host_.emit_post = &EmitPost;
  host_.emit_request = &EmitRequest;
  host_.emit_cursor = &EmitCursor;
  host_.emit_account_id = &EmitAccountId;
  host_.emit_rate_limit = &EmitRateLimit;
  host_.set_error = &SetError;
  host_.log = &LogLine;
  host_.emit_credential = &EmitCredential;
  host_.emit_authorize_url = &EmitAuthorizeUrl;
}

PluginCallResult PluginCall::Finish(pw_status code) {
  result_.code = code;
  if (code < PW_E_INTERNAL || code > PW_DONE) {
    result_.error = "plugin returned unknown status " + std::to_string(static_cast<int>(code));
    result_.code = PW_E_INTERNAL;
  }
  return std::move(result_);
}

void PluginCall::EmitPost(void* ctx, const pw_post* post) {
  auto* self = static_cast<PluginCall*>(ctx);
  if (self == nullptr || post == nullptr) return;
  const EmitLimits& lim = self->limits_;
  if (post->struct_size < offsetof(pw_post, shared_url) ||
      self->result_.posts.size() >= lim.max_posts || post->id.len == 0 ||
      !Usable(post->id, lim.max_string_bytes) || !Usable(post->url, lim.max_string_bytes)) {
    ++self->result_.dropped;
    return;
  }
  Post p;
  p.id = Copy(post->id, lim.max_string_bytes);
  p.url = Copy(post->url, lim.max_string_bytes);
  p.published_at = post->published_at;
  p.kind = post->kind <= PW_POST_KIND_SHARE ? static_cast<PostKind>(post->kind) : PostKind::kPost;
  // Truncation may split a character; repair keeps the text valid UTF-8 either way.
  p.text = RepairUtf8(Copy(post->text, lim.max_text_bytes));
  size_t n = post->links == nullptr ? 0 : post->link_count;
  for (size_t i = 0; i < n; ++i) {
    if (p.links.size() >= lim.max_links_per_post) {
      // Past the cap the rest is counted, never read: a bogus count must not make the host
      // walk off the end of the plugin's array.
      self->result_.dropped += static_cast<int>(std::min<size_t>(n - i, 1u << 30));
      break;
    }
    if (!Usable(post->links[i], lim.max_string_bytes)) {
      ++self->result_.dropped;
      continue;
    }
    if (post->links[i].len > 0) p.links.push_back(Copy(post->links[i], lim.max_string_bytes));
  }
  if (PW_HAS_FIELD(post, shared_url)) {
    if (Usable(post->shared_url, lim.max_string_bytes)) {
      p.shared_url = Copy(post->shared_url, lim.max_string_bytes);
    } else {
      ++self->result_.dropped;
    }
  }
  self->result_.posts.push_back(std::move(p));
}

void PluginCall::EmitRequest(void* ctx, const pw_request* req) {
  auto* self = static_cast<PluginCall*>(ctx);
  if (self == nullptr || req == nullptr) return;
  const EmitLimits& lim = self->limits_;
  if (req->struct_size < offsetof(pw_request, tag) || req->url.len == 0 ||
      !Usable(req->url, lim.max_string_bytes) ||
      self->result_.requests.size() >= lim.max_requests) {
    ++self->result_.dropped;
    return;
  }
  PluginRequest r;
  if (req->method.len > 0) r.method = Copy(req->method, 16);
  r.url = Copy(req->url, lim.max_string_bytes);
  size_t n = req->headers == nullptr ? 0 : req->header_count;
  for (size_t i = 0; i < n && i < 64; ++i) {
    r.headers.emplace_back(Copy(req->headers[i].name, 256), Copy(req->headers[i].value, 8192));
  }
  r.body = Copy(req->body, lim.max_text_bytes * 4);
  if (PW_HAS_FIELD(req, tag)) r.tag = Copy(req->tag, 256);
  self->result_.requests.push_back(std::move(r));
}

void PluginCall::EmitCursor(void* ctx, pw_str cursor) {
  auto* self = static_cast<PluginCall*>(ctx);
  if (self == nullptr) return;
  if (TooLong(cursor, self->limits_.max_string_bytes)) {
    ++self->result_.dropped;
    return;
  }
  self->result_.cursor = Copy(cursor, self->limits_.max_string_bytes);
}

void PluginCall::EmitAccountId(void* ctx, pw_str id) {
  auto* self = static_cast<PluginCall*>(ctx);
  if (self == nullptr || id.len == 0) return;
  if (!Usable(id, 1024)) {
    ++self->result_.dropped;
    return;
  }
  self->result_.account_id = Copy(id, 1024);
}

void PluginCall::EmitRateLimit(void* ctx, const pw_rate_limit* hint) {
  auto* self = static_cast<PluginCall*>(ctx);
  if (self == nullptr || hint == nullptr || hint->struct_size < sizeof(pw_rate_limit)) return;
  self->result_.rate_limit = RateLimitHint{hint->remaining, hint->limit, hint->reset_at};
}

void PluginCall::SetError(void* ctx, pw_str message) {
  auto* self = static_cast<PluginCall*>(ctx);
  if (self == nullptr) return;
  self->result_.error = Copy(message, 1024);
}

void PluginCall::LogLine(void* ctx, int level, pw_str message) {
  auto* self = static_cast<PluginCall*>(ctx);
  if (self == nullptr) return;
  LogLevel lvl = LogLevel::kInfo;
  if (level <= 3)
    lvl = LogLevel::kError;
  else if (level == 4)
    lvl = LogLevel::kWarning;
  else if (level >= 7)
    lvl = LogLevel::kDebug;
  Log(lvl, "plugin " + self->plugin_name_, Copy(message, 1024));
}

void PluginCall::EmitCredential(void* ctx, const pw_credential* credential) {
  auto* self = static_cast<PluginCall*>(ctx);
  if (self == nullptr || credential == nullptr) return;
  if (credential->struct_size < sizeof(pw_credential) || credential->secret.len == 0 ||
      TooLong(credential->secret, self->limits_.max_secret_bytes)) {
    ++self->result_.dropped;
    return;
  }
  CredentialUpdate c;
  c.secret = Copy(credential->secret, self->limits_.max_secret_bytes);
  c.expires_at = credential->expires_at;
  c.refresh_expires_at = credential->refresh_expires_at;
  self->result_.credential = std::move(c);
}

void PluginCall::EmitAuthorizeUrl(void* ctx, pw_str url) {
  auto* self = static_cast<PluginCall*>(ctx);
  if (self == nullptr) return;
  if (url.len == 0 || !Usable(url, self->limits_.max_string_bytes)) {
    ++self->result_.dropped;
    return;
  }
  self->result_.authorize_url = Copy(url, self->limits_.max_string_bytes);
}

}  // namespace postwatch
