#include "hostile_routes.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <utility>

#include "sim_router.h"
#include "web_routes.h"

namespace postwatch::sim {
namespace {

constexpr uint64_t kMiB = 1024 * 1024;
constexpr uint64_t kMaxHugeBytes = 4096 * kMiB;
constexpr uint64_t kMaxGzipBytes = 1024 * kMiB;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexDigit(text[i + 1]) >= 0 &&
        HexDigit(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i] == '+' ? ' ' : text[i]);
    }
  }
  return out;
}

// The decoded value of query parameter `name`, or nullopt.
std::optional<std::string> Param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

uint64_t NumberParam(std::string_view query, std::string_view name, uint64_t fallback,
                     uint64_t max) {
  std::optional<std::string> text = Param(query, name);
  uint64_t value = 0;
  if (!text ||
      std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc()) {
    return fallback;
  }
  return std::min(value, max);
}

std::string HeaderBlock(std::string_view status_line,
                        const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string out(status_line);
  out += "\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  out += "\r\n";
  return out;
}

HostileReply Wire(std::vector<WireStep> steps) {
  HostileReply reply;
  reply.wire = std::move(steps);
  return reply;
}

HostileReply Simple(SimResponse response, uint64_t filler = 0) {
  HostileReply reply;
  reply.response = std::move(response);
  reply.filler = filler;
  return reply;
}

std::string RssFeed(uint64_t items) {
  std::string rss =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
      "<title>Hostile feed</title><link>http://example.org/hostile/</link>"
      "<description>A valid feed on the hostile server</description>\n";
  for (uint64_t i = items; i-- > 0;) {
    const std::string n = std::to_string(i);
    rss += "<item><title>Post " + n + "</title><link>http://example.org/hostile/post-" + n +
           "</link><guid isPermaLink=\"false\">hostile-" + n +
           "</guid><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate><description>See "
           "https://example.com/ref/" +
           n + "</description></item>\n";
  }
  rss += "</channel></rss>\n";
  return rss;
}

HostileReply Huge(std::string_view query) {
  const uint64_t bytes = NumberParam(query, "bytes", 64 * kMiB, kMaxHugeBytes);
  const std::string mode = Param(query, "mode").value_or("content-length");
  if (mode == "chunked") {
    return Wire({{0,
                  HeaderBlock("HTTP/1.1 200 OK", {{"Content-Type", "text/plain"},
                                                  {"Transfer-Encoding", "chunked"},
                                                  {"Connection", "close"}}),
                  bytes, true},
                 {0, "0\r\n\r\n", 0, false}});
  }
  if (mode == "close") {
    return Wire(
        {{0,
          HeaderBlock("HTTP/1.1 200 OK", {{"Content-Type", "text/plain"}, {"Connection", "close"}}),
          bytes, false}});
  }
  if (mode == "gzip-bomb") {
    SimResponse response = TextResponse(200, "text/plain", GzipZeros(bytes));
    response.headers.emplace_back("Content-Encoding", "gzip");
    return Simple(std::move(response));
  }
  return Simple(TextResponse(200, "text/plain", ""), bytes);
}

HostileReply BadStatusLine(std::string_view query) {
  const std::string variant = Param(query, "variant").value_or("garbage");
  std::string status_line = "NOT-HTTP garbage garbage";
  if (variant == "bad-code") status_line = "HTTP/1.1 2x0 OK";
  if (variant == "bad-version") status_line = "HTTP/7.3 200 OK";
  return Wire(
      {{0, HeaderBlock(status_line, {{"Content-Length", "2"}, {"Connection", "close"}}) + "ok"}});
}

}  // namespace

std::vector<WireStep> ToWire(const HostileReply& reply) {
  if (!reply.response) return reply.wire;
  const SimResponse& r = *reply.response;
  std::vector<std::pair<std::string, std::string>> headers;
  if (!r.content_type.empty()) headers.emplace_back("Content-Type", r.content_type);
  headers.insert(headers.end(), r.headers.begin(), r.headers.end());
  headers.emplace_back("Content-Length", std::to_string(r.body.size() + reply.filler));
  headers.emplace_back("Connection", "close");
  const std::string status_line = "HTTP/1.1 " + std::to_string(r.status) + " Hostile";
  return {{0, HeaderBlock(status_line, headers) + r.body, reply.filler, false}};
}

const std::string& GzipZeros(uint64_t n) {
  static std::mutex mutex;
  static std::map<uint64_t, std::unique_ptr<std::string>> cache;
  n = std::min(n, kMaxGzipBytes);
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<std::string>& slot = cache[n];
  if (slot) return *slot;
  slot = std::make_unique<std::string>();
  z_stream stream{};
  // 15 + 16: a gzip wrapper around the deflate stream.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return *slot;
  }
  static const std::string kZeros(64 * 1024, '\0');
  char out[64 * 1024];
  uint64_t left = n;
  int flush = Z_NO_FLUSH;
  do {
    const auto piece = static_cast<uInt>(std::min<uint64_t>(left, kZeros.size()));
    left -= piece;
    flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(kZeros.data()));
    stream.avail_in = piece;
    do {
      stream.next_out = reinterpret_cast<Bytef*>(out);
      stream.avail_out = sizeof(out);
      deflate(&stream, flush);
      slot->append(out, sizeof(out) - stream.avail_out);
    } while (stream.avail_out == 0);
  } while (flush != Z_FINISH);
  deflateEnd(&stream);
  return *slot;
}

HostileReply HostileRoutes::Route(std::string_view /*method*/, std::string_view target) {
  const size_t q = target.find('?');
  const std::string_view path = target.substr(0, q);
  const std::string_view query = q == std::string_view::npos ? "" : target.substr(q + 1);
  constexpr std::string_view kCount = "/hostile/count";
  if (path == kCount) {
    const std::string counted = Param(query, "path").value_or("");
    return Simple(TextResponse(
        200, "application/json",
        "{\"path\":\"" + counted + "\",\"requests\":" + std::to_string(Requests(counted)) + "}"));
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++requests_[std::string(path)];
  }
  const std::string_view name =
      path.starts_with(kHostilePrefix) ? path.substr(kHostilePrefix.size()) : std::string_view();

  if (name == "feed") {
    return Simple(TextResponse(200, "application/rss+xml; charset=utf-8",
                               RssFeed(NumberParam(query, "items", 3, 1000))));
  }
  if (name == "429") {
    SimResponse response = JsonError(429, "too many requests");
    if (std::optional<std::string> value = Param(query, "retry_after")) {
      response.headers.emplace_back("Retry-After", *value);
    }
    return Simple(std::move(response));
  }
  if (name == "slow-headers") {
    const auto interval = static_cast<int>(NumberParam(query, "interval_ms", 1000, 60'000));
    std::string head = "HTTP/1.1 200 OK\r\nX-Slow: ";
    head.resize(std::max<size_t>(head.size(), NumberParam(query, "bytes", 120, 100'000)), 's');
    std::vector<WireStep> steps;
    for (char c : head) steps.push_back({interval, std::string(1, c), 0, false});
    return Wire(std::move(steps));
  }
  if (name == "slow-body") {
    const auto interval = static_cast<int>(NumberParam(query, "interval_ms", 1000, 60'000));
    const uint64_t bytes = NumberParam(query, "bytes", 100, 100'000);
    std::vector<WireStep> steps = {
        {0,
         HeaderBlock("HTTP/1.1 200 OK", {{"Content-Type", "text/plain"},
                                         {"Content-Length", std::to_string(bytes)},
                                         {"Connection", "close"}}),
         0, false}};
    for (uint64_t i = 0; i < bytes; ++i) steps.push_back({interval, "s", 0, false});
    return Wire(std::move(steps));
  }
  if (name == "huge") return Huge(query);
  if (name == "truncated-chunked") {
    return Wire({{0,
                  HeaderBlock("HTTP/1.1 200 OK", {{"Content-Type", "application/rss+xml"},
                                                  {"Transfer-Encoding", "chunked"},
                                                  {"Connection", "close"}}) +
                      "64\r\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>",
                  0, false}});
  }
  if (name == "short-content-length") {
    std::string partial = RssFeed(3).substr(0, 100);
    return Wire({{0,
                  HeaderBlock("HTTP/1.1 200 OK", {{"Content-Type", "application/rss+xml"},
                                                  {"Content-Length", "1000"},
                                                  {"Connection", "close"}}) +
                      partial,
                  0, false}});
  }
  if (name == "huge-headers") {
    SimResponse response = TextResponse(200, "text/plain", "ok");
    response.headers.emplace_back("X-Huge",
                                  std::string(NumberParam(query, "bytes", kMiB, 64 * kMiB), 'h'));
    return Simple(std::move(response));
  }
  if (name == "header-flood") {
    SimResponse response = TextResponse(200, "text/plain", "ok");
    const uint64_t count = NumberParam(query, "count", 20'000, 1'000'000);
    for (uint64_t i = 0; i < count; ++i) {
      response.headers.emplace_back("X-Flood-" + std::to_string(i), "1");
    }
    return Simple(std::move(response));
  }
  if (name == "bad-status-line") return BadStatusLine(query);
  if (name == "redirect") {
    const auto status = static_cast<unsigned>(NumberParam(query, "status", 302, 399));
    SimResponse response = TextResponse(status, "text/plain", "moved");
    response.headers.emplace_back("Location", Param(query, "to").value_or("/hostile/feed"));
    return Simple(std::move(response));
  }
  if (name == "redirect-loop") {
    const uint64_t n = NumberParam(query, "n", 0, UINT64_MAX - 1);
    SimResponse response = TextResponse(302, "text/plain", "again");
    response.headers.emplace_back("Location", "/hostile/redirect-loop?n=" + std::to_string(n + 1));
    return Simple(std::move(response));
  }
  return Simple(JsonError(404, "no such hostile behaviour"));
}

uint64_t HostileRoutes::Requests(std::string_view path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = requests_.find(path);
  return it == requests_.end() ? 0 : it->second;
}

namespace {

// The simulator's face of the hostile routes.
class HostilePlatform : public PlatformService {
 public:
  explicit HostilePlatform(const PlatformContext& c)
      : context_(c),
        feeds_(*c.world, c.served != nullptr ? *c.served : unused_log_, c.clock, c.base_url) {}
  std::string_view name() const override { return "hostile"; }
  std::string_view prefix() const override { return kHostilePrefix; }
  std::string Registered(uint32_t account) const override {
    return context_.base_url + "/hostile/" + World::Slug(account) + "/feed";
  }
  std::string PostId(uint32_t account, uint64_t index) const override {
    return World::PostId(account, index);
  }
  SimResponse Handle(const SimRequest& request) const override {
    constexpr std::string_view kAccounts = "/hostile/acct-";
    if (request.target.starts_with(kAccounts)) {
      SimRequest inner = request;
      inner.target.remove_prefix(kHostilePrefix.size() - 1);  // keep "/acct-..."
      return feeds_.Handle(inner);
    }
    HostileReply reply = routes_.Route(request.method, request.target);
    if (!reply.response) {
      return JsonError(501,
                       "this behaviour needs a raw socket: use HostileServer "
                       "(tests/sim/hostile_server.h)");
    }
    SimResponse response = std::move(*reply.response);
    response.body.append(reply.filler, 'x');
    return response;
  }

 private:
  PlatformContext context_;
  ServedLog unused_log_{0};
  WebFeedService feeds_;
  mutable HostileRoutes routes_;
};

}  // namespace

std::unique_ptr<PlatformService> MakeHostileService(const PlatformContext& context) {
  return std::make_unique<HostilePlatform>(context);
}

}  // namespace postwatch::sim
