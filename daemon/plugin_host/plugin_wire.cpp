#include "plugin_host/plugin_wire.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace postwatch::wire {

namespace {

class Writer {
 public:
  explicit Writer(MessageType type) { U8(static_cast<uint8_t>(type)); }
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  void I64(int64_t v) {
    auto u = static_cast<uint64_t>(v);
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((u >> (8 * i)) & 0xFF));
  }
  void Str(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void OptStr(const std::optional<std::string>& s) {
    U8(s ? 1 : 0);
    if (s) Str(*s);
  }
  void Headers(const HeaderList& headers) {
    U32(static_cast<uint32_t>(headers.size()));
    for (const auto& [name, value] : headers) {
      Str(name);
      Str(value);
    }
  }
  size_t size() const { return out_.size(); }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads fields in order; the first failure sticks and later reads return empty values.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool AtEnd() const { return pos_ == in_.size(); }
  void Fail() { ok_ = false; }

  uint8_t U8() {
    if (!Need(1)) return 0;
    return static_cast<uint8_t>(in_[pos_++]);
  }
  uint32_t U32() {
    if (!Need(4)) return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
      v |= static_cast<uint32_t>(static_cast<uint8_t>(in_[pos_++])) << (8 * i);
    return v;
  }
  int64_t I64() {
    if (!Need(8)) return 0;
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
      v |= static_cast<uint64_t>(static_cast<uint8_t>(in_[pos_++])) << (8 * i);
    return static_cast<int64_t>(v);
  }
  // A string of at most `cap` bytes; longer is a failure.
  std::string Str(size_t cap = SIZE_MAX) {
    uint32_t n = U32();
    if (!ok_ || n > cap || !Need(n)) {
      ok_ = false;
      return {};
    }
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::optional<std::string> OptStr(size_t cap = SIZE_MAX) {
    if (U8() == 0) return std::nullopt;
    return Str(cap);
  }
  // A count of at most `cap` items, each taking at least `min_item_bytes` of the input,
  // so that a forged count cannot make the decoder allocate more than the frame holds.
  uint32_t Count(size_t cap, size_t min_item_bytes) {
    uint32_t n = U32();
    if (!ok_ || n > cap || static_cast<size_t>(n) * min_item_bytes > in_.size() - pos_) {
      ok_ = false;
      return 0;
    }
    return n;
  }
  HeaderList Headers(size_t cap) {
    HeaderList out;
    uint32_t n = Count(cap, 8);
    for (uint32_t i = 0; i < n && ok_; ++i) {
      std::string name = Str();
      std::string value = Str();
      out.emplace_back(std::move(name), std::move(value));
    }
    return out;
  }

 private:
  bool Need(size_t n) {
    if (!ok_ || in_.size() - pos_ < n) {
      ok_ = false;
      return false;
    }
    return true;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

Status Malformed(const char* what) {
  return Status::InvalidArgument(std::string("malformed ") + what + " message");
}

void WritePost(Writer& w, const Post& p) {
  w.Str(p.id);
  w.Str(p.url);
  w.I64(p.published_at);
  w.U8(static_cast<uint8_t>(p.kind));
  w.Str(p.text);
  w.U32(static_cast<uint32_t>(p.links.size()));
  for (const std::string& l : p.links) w.Str(l);
  w.Str(p.shared_url);
}

size_t EncodedSize(const Post& p) {
  size_t n = 4 * 5 + 8 + 1 + 4 + p.id.size() + p.url.size() + p.text.size() + p.shared_url.size();
  for (const std::string& l : p.links) n += 4 + l.size();
  return n;
}

}  // namespace

std::string EncodeHello(const PluginManifest& m) {
  Writer w(MessageType::kHello);
  w.U8(1);
  for (const std::string* s :
       {&m.name, &m.version, &m.platform, &m.description, &m.config_schema, &m.account_schema}) {
    w.Str(*s);
  }
  w.U32(static_cast<uint32_t>(m.egress_hosts.size()));
  for (const std::string& h : m.egress_hosts) w.Str(h);
  w.U32(m.flags);
  w.U32(m.abi_major);
  w.U32(m.abi_minor);
  w.U8(m.has_resolve ? 1 : 0);
  w.U8(m.has_refresh_credentials ? 1 : 0);
  w.U8(m.has_authorize ? 1 : 0);
  return w.Take();
}

std::string EncodeHelloRefusal(std::string_view error) {
  Writer w(MessageType::kHello);
  w.U8(0);
  w.Str(error);
  return w.Take();
}

std::string EncodeInit(std::string_view config_json) {
  Writer w(MessageType::kInit);
  w.Str(config_json);
  return w.Take();
}

std::string EncodeCall(const PluginInvocation& c) {
  Writer w(MessageType::kCall);
  w.U8(static_cast<uint8_t>(c.method));
  const Account& a = *c.account;
  w.Str(a.canonical_id);
  w.Str(a.spec.registered);
  w.Str(a.spec.ref_json);
  w.Str(a.cursor);
  w.Str(c.credential);
  w.Str(c.app_credential);
  if (c.method == PluginMethod::kParse) {
    const PluginResponse& r = *c.response;
    w.I64(r.status);
    w.Str(r.url);
    w.Headers(r.headers);
    w.Str(r.body);
    w.Str(r.tag);
  } else if (c.method == PluginMethod::kAuthorize) {
    const PluginGrant& g = *c.grant;
    for (const std::string* s :
         {&g.redirect_uri, &g.state, &g.code_challenge, &g.code_verifier, &g.code}) {
      w.Str(*s);
    }
  }
  return w.Take();
}

std::string EncodeReply(const PluginCallResult& r) {
  size_t budget = kReplyPostBudgetBytes;
  size_t kept = 0;
  for (const Post& p : r.posts) {
    size_t n = EncodedSize(p);
    if (n > budget) break;
    budget -= n;
    ++kept;
  }
  Writer w(MessageType::kReply);
  w.I64(r.code);
  w.Str(r.error);
  w.I64(static_cast<int64_t>(r.dropped) + static_cast<int64_t>(r.posts.size() - kept));
  w.U32(static_cast<uint32_t>(kept));
  for (size_t i = 0; i < kept; ++i) WritePost(w, r.posts[i]);
  w.U32(static_cast<uint32_t>(r.requests.size()));
  for (const PluginRequest& q : r.requests) {
    w.Str(q.method);
    w.Str(q.url);
    w.Headers(q.headers);
    w.Str(q.body);
    w.Str(q.tag);
  }
  w.OptStr(r.cursor);
  w.OptStr(r.account_id);
  w.U8(r.rate_limit ? 1 : 0);
  if (r.rate_limit) {
    w.I64(r.rate_limit->remaining);
    w.I64(r.rate_limit->limit);
    w.I64(r.rate_limit->reset_at);
  }
  w.U8(r.credential ? 1 : 0);
  if (r.credential) {
    w.Str(r.credential->secret);
    w.I64(r.credential->expires_at);
    w.I64(r.credential->refresh_expires_at);
  }
  w.OptStr(r.authorize_url);
  return w.Take();
}

PluginInvocation DecodedCall::View() const {
  PluginInvocation c;
  c.method = method;
  c.account = &account;
  c.response = method == PluginMethod::kParse ? &response : nullptr;
  c.grant = method == PluginMethod::kAuthorize ? &grant : nullptr;
  c.credential = credential;
  c.app_credential = app_credential;
  return c;
}

Result<std::variant<DecodedInit, DecodedCall>> DecodeHostMessage(std::string_view payload) {
  Reader in(payload);
  auto type = static_cast<MessageType>(in.U8());
  if (type == MessageType::kInit) {
    DecodedInit init{in.Str()};
    if (!in.ok() || !in.AtEnd()) return Malformed("init");
    return std::variant<DecodedInit, DecodedCall>(std::move(init));
  }
  if (type != MessageType::kCall) return Malformed("host");
  DecodedCall c;
  uint8_t method = in.U8();
  if (method < static_cast<uint8_t>(PluginMethod::kPlan) ||
      method > static_cast<uint8_t>(PluginMethod::kAuthorize)) {
    return Malformed("call");
  }
  c.method = static_cast<PluginMethod>(method);
  c.account.canonical_id = in.Str();
  c.account.spec.registered = in.Str();
  c.account.spec.ref_json = in.Str();
  c.account.cursor = in.Str();
  c.credential = in.Str();
  c.app_credential = in.Str();
  if (c.method == PluginMethod::kParse) {
    c.response.status = static_cast<int>(in.I64());
    c.response.url = in.Str();
    c.response.headers = in.Headers(UINT32_MAX);
    c.response.body = in.Str();
    c.response.tag = in.Str();
  } else if (c.method == PluginMethod::kAuthorize) {
    for (std::string* s : {&c.grant.redirect_uri, &c.grant.state, &c.grant.code_challenge,
                           &c.grant.code_verifier, &c.grant.code}) {
      *s = in.Str();
    }
  }
  if (!in.ok() || !in.AtEnd()) return Malformed("call");
  return std::variant<DecodedInit, DecodedCall>(std::move(c));
}

Result<PluginManifest> DecodeHello(std::string_view payload) {
  Reader in(payload);
  if (static_cast<MessageType>(in.U8()) != MessageType::kHello) return Malformed("hello");
  if (in.U8() == 0) {
    std::string error = in.Str(4096);
    if (!in.ok()) return Malformed("hello");
    return Status::InvalidArgument(error);
  }
  PluginManifest m;
  for (std::string* s :
       {&m.name, &m.version, &m.platform, &m.description, &m.config_schema, &m.account_schema}) {
    *s = in.Str(1u << 20);
  }
  uint32_t n = in.Count(1024, 4);
  for (uint32_t i = 0; i < n && in.ok(); ++i) m.egress_hosts.push_back(in.Str(1024));
  m.flags = in.U32();
  m.abi_major = in.U32();
  m.abi_minor = in.U32();
  m.has_resolve = in.U8() != 0;
  m.has_refresh_credentials = in.U8() != 0;
  m.has_authorize = in.U8() != 0;
  if (!in.ok() || !in.AtEnd() || m.name.empty()) return Malformed("hello");
  return m;
}

Result<PluginCallResult> DecodeReply(std::string_view payload, const EmitLimits& lim) {
  Reader in(payload);
  if (static_cast<MessageType>(in.U8()) != MessageType::kReply) return Malformed("reply");
  PluginCallResult r;
  int64_t code = in.I64();
  if (code < PW_E_INTERNAL || code > PW_DONE) in.Fail();
  r.code = static_cast<pw_status>(code);
  r.error = in.Str(4096);
  int64_t dropped = in.I64();
  if (dropped < 0 || dropped > INT32_MAX) in.Fail();
  r.dropped = static_cast<int>(dropped);
  uint32_t posts = in.Count(lim.max_posts, 34);
  r.posts.reserve(posts);
  for (uint32_t i = 0; i < posts && in.ok(); ++i) {
    Post p;
    p.id = in.Str(lim.max_string_bytes);
    p.url = in.Str(lim.max_string_bytes);
    p.published_at = in.I64();
    uint8_t kind = in.U8();
    if (kind > static_cast<uint8_t>(PostKind::kShare)) in.Fail();
    p.kind = static_cast<PostKind>(kind);
    p.text = in.Str(lim.max_text_bytes * 3);  // repaired text may grow
    uint32_t links = in.Count(lim.max_links_per_post, 4);
    for (uint32_t k = 0; k < links && in.ok(); ++k) p.links.push_back(in.Str(lim.max_string_bytes));
    p.shared_url = in.Str(lim.max_string_bytes);
    if (p.id.empty()) in.Fail();
    r.posts.push_back(std::move(p));
  }
  uint32_t requests = in.Count(lim.max_requests, 24);
  for (uint32_t i = 0; i < requests && in.ok(); ++i) {
    PluginRequest q;
    q.method = in.Str(16);
    q.url = in.Str(lim.max_string_bytes);
    q.headers = in.Headers(64);
    q.body = in.Str(lim.max_text_bytes * 4);
    q.tag = in.Str(256);
    r.requests.push_back(std::move(q));
  }
  r.cursor = in.OptStr(lim.max_string_bytes);
  r.account_id = in.OptStr(1024);
  if (in.U8() != 0) {
    RateLimitHint h;
    h.remaining = in.I64();
    h.limit = in.I64();
    h.reset_at = in.I64();
    r.rate_limit = h;
  }
  if (in.U8() != 0) {
    CredentialUpdate c;
    c.secret = in.Str(lim.max_secret_bytes);
    c.expires_at = in.I64();
    c.refresh_expires_at = in.I64();
    r.credential = std::move(c);
  }
  r.authorize_url = in.OptStr(lim.max_string_bytes);
  if (!in.ok() || !in.AtEnd()) return Malformed("reply");
  return r;
}

namespace {

// Waits until `fd` is ready for `events`; false on timeout or error (errno set).
bool WaitReady(int fd, short events, Deadline deadline) {
  for (;;) {
    int timeout_ms = -1;
    if (deadline) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          *deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        errno = ETIMEDOUT;
        return false;
      }
      timeout_ms = static_cast<int>(std::min<int64_t>(left.count() + 1, INT32_MAX));
    }
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, timeout_ms);
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

FrameResult Error(FrameError error, std::string message) {
  FrameResult r;
  r.error = error;
  r.message = std::move(message);
  return r;
}

FrameResult WriteAll(int fd, const char* data, size_t size, Deadline deadline) {
  while (size > 0) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == ENOTSOCK) n = ::write(fd, data, size);
    if (n > 0) {
      data += n;
      size -= static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!WaitReady(fd, POLLOUT, deadline)) {
        if (errno == ETIMEDOUT) return Error(FrameError::kTimeout, "timed out writing");
        return Error(FrameError::kIo, std::string("poll: ") + std::strerror(errno));
      }
      continue;
    }
    if (n < 0 && (errno == EPIPE || errno == ECONNRESET)) {
      return Error(FrameError::kClosed, "peer closed the connection");
    }
    return Error(FrameError::kIo, std::string("write: ") + std::strerror(errno));
  }
  return FrameResult{};
}

FrameResult ReadAll(int fd, char* data, size_t size, Deadline deadline) {
  while (size > 0) {
    if (!WaitReady(fd, POLLIN, deadline)) {
      if (errno == ETIMEDOUT) return Error(FrameError::kTimeout, "timed out reading");
      return Error(FrameError::kIo, std::string("poll: ") + std::strerror(errno));
    }
    ssize_t n = ::read(fd, data, size);
    if (n > 0) {
      data += n;
      size -= static_cast<size_t>(n);
      continue;
    }
    if (n == 0) return Error(FrameError::kClosed, "peer closed the connection");
    if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
    if (errno == ECONNRESET) return Error(FrameError::kClosed, "peer reset the connection");
    return Error(FrameError::kIo, std::string("read: ") + std::strerror(errno));
  }
  return FrameResult{};
}

}  // namespace

FrameResult WriteFrame(int fd, std::string_view payload, Deadline deadline) {
  char header[4];
  auto n = static_cast<uint32_t>(payload.size());
  for (int i = 0; i < 4; ++i) header[i] = static_cast<char>((n >> (8 * i)) & 0xFF);
  FrameResult r = WriteAll(fd, header, sizeof header, deadline);
  if (r.error != FrameError::kNone) return r;
  return WriteAll(fd, payload.data(), payload.size(), deadline);
}

FrameResult ReadFrame(int fd, uint32_t max_bytes, Deadline deadline) {
  unsigned char header[4];
  FrameResult r = ReadAll(fd, reinterpret_cast<char*>(header), sizeof header, deadline);
  if (r.error != FrameError::kNone) return r;
  uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n |= static_cast<uint32_t>(header[i]) << (8 * i);
  if (n > max_bytes) {
    return Error(
        FrameError::kTooLarge,
        "frame of " + std::to_string(n) + " bytes exceeds the cap of " + std::to_string(max_bytes));
  }
  r.payload.resize(n);
  FrameResult body = ReadAll(fd, r.payload.data(), n, deadline);
  if (body.error != FrameError::kNone) return body;
  return r;
}

}  // namespace postwatch::wire
