#include "support/emitter.h"

#include <cstddef>

namespace postwatch::plugin {

bool Emitter::Credential(std::string_view secret, int64_t expires_at,
                         int64_t refresh_expires_at) const {
  if (!Has(offsetof(pw_host, emit_credential)) || host_->emit_credential == nullptr) {
    return false;
  }
  pw_credential credential{};
  credential.struct_size = sizeof(pw_credential);
  credential.secret = ToPwStr(secret);
  credential.expires_at = expires_at;
  credential.refresh_expires_at = refresh_expires_at;
  host_->emit_credential(host_->ctx, &credential);
  return true;
}

bool Emitter::AuthorizeUrl(std::string_view url) const {
  if (!Has(offsetof(pw_host, emit_authorize_url)) || host_->emit_authorize_url == nullptr) {
    return false;
  }
  host_->emit_authorize_url(host_->ctx, ToPwStr(url));
  return true;
}

bool Emitter::Has(size_t offset) const {
  return host_ != nullptr && host_->struct_size >= offset + sizeof(void*);
}

void Emitter::Post(const PostFields& post) const {
  if (!Has(offsetof(pw_host, emit_post)) || host_->emit_post == nullptr) {
    return;
  }
  std::vector<pw_str> links;
  links.reserve(post.links.size());
  for (const std::string& link : post.links) links.push_back(ToPwStr(link));
  pw_post out{};
  out.struct_size = sizeof(pw_post);
  out.id = ToPwStr(post.id);
  out.url = ToPwStr(post.url);
  out.published_at = post.published_at;
  out.kind = static_cast<uint32_t>(post.kind);
  out.text = ToPwStr(post.text);
  out.links = links.data();
  out.link_count = links.size();
  out.shared_url = ToPwStr(post.shared_url);
  host_->emit_post(host_->ctx, &out);
}

void Emitter::Request(const RequestFields& request) const {
  if (!Has(offsetof(pw_host, emit_request)) || host_->emit_request == nullptr) {
    return;
  }
  std::vector<pw_header> headers;
  headers.reserve(request.headers.size());
  for (const auto& [name, value] : request.headers) {
    headers.push_back(pw_header{ToPwStr(name), ToPwStr(value)});
  }
  pw_request out{};
  out.struct_size = sizeof(pw_request);
  out.method = ToPwStr(request.method);
  out.url = ToPwStr(request.url);
  out.headers = headers.empty() ? nullptr : headers.data();
  out.header_count = headers.size();
  out.body = ToPwStr(request.body);
  out.tag = ToPwStr(request.tag);
  host_->emit_request(host_->ctx, &out);
}

void Emitter::Cursor(std::string_view cursor) const {
  if (Has(offsetof(pw_host, emit_cursor)) && host_->emit_cursor != nullptr) {
    host_->emit_cursor(host_->ctx, ToPwStr(cursor));
  }
}

void Emitter::AccountId(std::string_view canonical_id) const {
  if (Has(offsetof(pw_host, emit_account_id)) && host_->emit_account_id != nullptr) {
    host_->emit_account_id(host_->ctx, ToPwStr(canonical_id));
  }
}

void Emitter::RateLimit(int64_t remaining, int64_t limit, int64_t reset_at) const {
  if (!Has(offsetof(pw_host, emit_rate_limit)) || host_->emit_rate_limit == nullptr) {
    return;
  }
  pw_rate_limit hint{};
  hint.struct_size = sizeof(pw_rate_limit);
  hint.remaining = remaining;
  hint.limit = limit;
  hint.reset_at = reset_at;
  host_->emit_rate_limit(host_->ctx, &hint);
}

pw_status Emitter::Error(pw_status code, std::string_view message) const {
  if (Has(offsetof(pw_host, set_error)) && host_->set_error != nullptr) {
    host_->set_error(host_->ctx, ToPwStr(message));
  }
  return code;
}

void Emitter::Log(pw_log_level level, std::string_view message) const {
  if (Has(offsetof(pw_host, log)) && host_->log != nullptr) {
    host_->log(host_->ctx, static_cast<int>(level), ToPwStr(message));
  }
}

}  // namespace postwatch::plugin
