#include "bluesky_routes.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <optional>

#include "base/time_format.h"
#include "sim_router.h"

namespace postwatch::sim {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr std::string_view kDidPrefix = "did:plc:pwsimacct";
constexpr uint64_t kDefaultLimit = 50;
constexpr uint64_t kMaxLimit = 100;
constexpr int64_t kRateLimit = 3000;
constexpr int64_t kRateWindowS = 300;
constexpr std::string_view kProfileNotFound = "Profile not found";

void Str(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

std::string IsoMs(int64_t ms) {
  const int64_t seconds = FloorDiv(ms, 1000);
  std::string text = FormatRfc3339(seconds);
  const std::string millis = std::to_string(1000 + (ms - seconds * 1000)).substr(1);
  if (!text.empty() && text.back() == 'Z') text.insert(text.size() - 1, "." + millis);
  return text;
}

// The inverse of IsoMs.
std::optional<int64_t> ParseIsoMs(std::string_view text) {
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos || text.size() != dot + 5 || text.back() != 'Z') {
    return std::nullopt;
  }
  const std::optional<int64_t> seconds = ParseRfc3339(std::string(text.substr(0, dot)) + "Z");
  int millis = 0;
  auto [end, ec] = std::from_chars(text.data() + dot + 1, text.data() + dot + 4, millis);
  if (!seconds || ec != std::errc() || end != text.data() + dot + 4) return std::nullopt;
  return *seconds * 1000 + millis;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      unsigned value = 0;
      auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (ec == std::errc() && end == text.data() + i + 3) {
        out += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::optional<std::string> QueryValue(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == key) {
      return PercentDecode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

// An atproto TID: 64 bits (microseconds << 10 | clock id) in base32-sortable, 13 characters.
std::string Tid(int64_t ms, uint32_t clock_id) {
  static constexpr char kAlphabet[] = "234567abcdefghijklmnopqrstuvwxyz";
  uint64_t value =
      ((static_cast<uint64_t>(ms) * 1000) << 10 | (clock_id & 1023)) & 0x7fffffffffffffffULL;
  std::string out(13, '2');
  for (int i = 12; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kAlphabet[value & 31];
    value >>= 5;
  }
  return out;
}

SimResponse XrpcError(unsigned status, std::string_view error, std::string_view message) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  Str(w, error);
  w.Key("message");
  Str(w, message);
  w.EndObject();
  return TextResponse(status, "application/json; charset=utf-8",
                      std::string(buffer.GetString(), buffer.GetSize()));
}

// Who wrote post `index` of `account`: the account itself, or account i+1 for a repost.
uint32_t AuthorOf(const World& world, uint32_t account, uint64_t index) {
  return BlueskyIsRepost(index) ? (account + 1) % world.account_count() : account;
}

std::string RecordKey(const World& world, uint32_t account, uint64_t index) {
  const uint32_t clock_id = (account % 512) + (BlueskyIsRepost(index) ? 512 : 0);
  return Tid(world.PublishedMs(account, index), clock_id);
}

std::string PostUri(const World& world, uint32_t account, uint64_t index) {
  return "at://" + BlueskyDid(AuthorOf(world, account, index)) + "/app.bsky.feed.post/" +
         RecordKey(world, account, index);
}

class BlueskyService : public PlatformService {
 public:
  explicit BlueskyService(const PlatformContext& context) : context_(context) {}

  std::string_view name() const override { return "bluesky"; }
  std::string_view prefix() const override { return kBlueskyPrefix; }
  std::string Registered(uint32_t account) const override { return BlueskyHandle(account); }
  std::string PostId(uint32_t account, uint64_t index) const override {
    const std::string uri = PostUri(*context_.world, account, index);
    return BlueskyIsRepost(index) ? "repost:" + uri : uri;
  }
  SimResponse Handle(const SimRequest& request) const override;

 private:
  bool Serves(uint32_t account) const { return context_.PlatformOf(account) == "bluesky"; }
  std::optional<uint32_t> AccountOfActor(std::string_view actor) const;
  SimResponse ResolveHandle(const SimRequest& request) const;
  SimResponse AuthorFeed(const SimRequest& request) const;
  void WriteAuthor(JsonWriter& w, uint32_t account) const;
  void WriteItem(JsonWriter& w, const Post& post) const;
  void AddRateLimitHeaders(SimResponse& response, uint32_t account) const;

  PlatformContext context_;
};

std::optional<uint32_t> BlueskyService::AccountOfActor(std::string_view actor) const {
  std::optional<uint32_t> account;
  if (actor.substr(0, kDidPrefix.size()) == kDidPrefix) {
    account = context_.world->ParseSlug("acct-" + std::string(actor.substr(kDidPrefix.size())));
  } else if (actor.size() > kBlueskyHandleSuffix.size() &&
             actor.substr(actor.size() - kBlueskyHandleSuffix.size()) == kBlueskyHandleSuffix) {
    account =
        context_.world->ParseSlug(actor.substr(0, actor.size() - kBlueskyHandleSuffix.size()));
  }
  if (!account || !Serves(*account)) return std::nullopt;
  return account;
}

SimResponse BlueskyService::Handle(const SimRequest& request) const {
  if (request.method != "GET" && request.method != "HEAD") {
    SimResponse response = XrpcError(405, "InvalidRequest", "Method not allowed");
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }
  const std::string_view path = request.path();
  if (path == "/xrpc/com.atproto.identity.resolveHandle") return ResolveHandle(request);
  if (path == "/xrpc/app.bsky.feed.getAuthorFeed") return AuthorFeed(request);
  return XrpcError(404, "XRPCNotSupported", "XRPC method not found");
}

SimResponse BlueskyService::ResolveHandle(const SimRequest& request) const {
  const std::string handle = QueryValue(request.query(), "handle").value_or("");
  const std::optional<uint32_t> account =
      handle.substr(0, 4) == "did:" ? std::nullopt : AccountOfActor(handle);
  if (!account) return XrpcError(400, "InvalidRequest", "Unable to resolve handle");
  SimResponse response = TextResponse(200, "application/json; charset=utf-8",
                                      "{\"did\":\"" + BlueskyDid(*account) + "\"}");
  AddRateLimitHeaders(response, *account);
  return response;
}

SimResponse BlueskyService::AuthorFeed(const SimRequest& request) const {
  const std::string_view query = request.query();
  const std::optional<std::string> actor = QueryValue(query, "actor");
  if (!actor || actor->empty()) {
    return XrpcError(400, "InvalidRequest", "Error: Params must have the property \"actor\"");
  }
  const std::optional<uint32_t> account = AccountOfActor(*actor);
  if (!account) return XrpcError(400, "InvalidRequest", kProfileNotFound);
  uint64_t limit = kDefaultLimit;
  if (auto text = QueryValue(query, "limit")) {
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < 1 || value > kMaxLimit) {
      return XrpcError(400, "InvalidRequest", "Error: limit must be in the range 1..100");
    }
    limit = value;
  }
  const std::optional<std::string> cursor = QueryValue(query, "cursor");
  if (request.method == "GET" && !cursor && context_.served != nullptr) {
    context_.served->CountRequest(*account);
  }
  const World& world = *context_.world;
  uint64_t end = world.PublishedCount(*account, context_.clock());
  if (cursor) {
    const std::optional<int64_t> before_ms = ParseIsoMs(*cursor);
    if (!before_ms) return XrpcError(400, "InvalidRequest", "Malformed cursor");
    end = std::min(end, world.PublishedCount(*account, *before_ms - 1));
  }
  const uint64_t shown = std::min(end, limit);

  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("feed");
  w.StartArray();
  for (uint64_t n = 0; n < shown; ++n) WriteItem(w, world.MakePost(*account, end - 1 - n));
  w.EndArray();
  if (shown > 0 && end - shown > 0) {
    w.Key("cursor");
    Str(w, IsoMs(world.PublishedMs(*account, end - shown)));
  }
  w.EndObject();
  SimResponse response = TextResponse(200, "application/json; charset=utf-8",
                                      std::string(buffer.GetString(), buffer.GetSize()));
  AddRateLimitHeaders(response, *account);
  if (request.method == "GET" && shown > 0 && context_.served != nullptr) {
    context_.served->Record(*account, end - shown, end - 1);
  }
  return response;
}

void BlueskyService::AddRateLimitHeaders(SimResponse& response, uint32_t account) const {
  const int64_t now_s = FloorDiv(context_.clock(), 1000);
  const uint64_t requests = context_.served != nullptr ? context_.served->Requests(account) : 0;
  const auto used = static_cast<int64_t>(requests % (kRateLimit - 1));
  response.headers.emplace_back("RateLimit-Limit", std::to_string(kRateLimit));
  response.headers.emplace_back("RateLimit-Remaining", std::to_string(kRateLimit - 1 - used));
  response.headers.emplace_back("RateLimit-Reset",
                                std::to_string((now_s / kRateWindowS + 1) * kRateWindowS));
  response.headers.emplace_back("RateLimit-Policy", std::to_string(kRateLimit) + ";w=300");
}

void BlueskyService::WriteAuthor(JsonWriter& w, uint32_t account) const {
  w.StartObject();
  w.Key("did");
  Str(w, BlueskyDid(account));
  w.Key("handle");
  Str(w, BlueskyHandle(account));
  w.Key("displayName");
  Str(w, World::DisplayName(account));
  w.Key("labels");
  w.StartArray();
  w.EndArray();
  w.Key("createdAt");
  Str(w, IsoMs(context_.world->config().start_time_ms - 86400000));
  w.EndObject();
}

void BlueskyService::WriteItem(JsonWriter& w, const Post& post) const {
  const World& world = *context_.world;
  const bool repost = BlueskyIsRepost(post.index);
  const uint32_t author = AuthorOf(world, post.account, post.index);
  const bool card = post.index % 5 == 2 && !post.links.empty();
  const size_t faceted = card ? post.links.size() - 1 : post.links.size();
  // The text: an emoji and the (multi-byte) title before the links, so that byte offsets
  // and character offsets differ; long link texts are shortened as the app does.
  std::string text = "\xE2\x9C\xA8 " + post.title;
  struct Facet {
    size_t start;
    size_t end;
    std::string uri;
  };
  std::vector<Facet> facets;
  for (size_t j = 0; j < faceted; ++j) {
    std::string shown = post.links[j].url;
    const size_t scheme = shown.find("://");
    if (scheme != std::string::npos) shown.erase(0, scheme + 3);
    if (shown.size() > 30) shown = shown.substr(0, 27) + "...";
    text += " ";
    facets.push_back({text.size(), text.size() + shown.size(), post.links[j].url});
    text += shown;
  }
  const int64_t indexed_ms = post.published_ms;
  const int64_t created_ms = repost ? post.published_ms - 60000 : post.published_ms;

  w.StartObject();
  w.Key("post");
  w.StartObject();
  w.Key("uri");
  Str(w, PostUri(world, post.account, post.index));
  w.Key("cid");
  Str(w, "bafyreipwsim" + RecordKey(world, post.account, post.index));
  w.Key("author");
  WriteAuthor(w, author);
  w.Key("record");
  w.StartObject();
  w.Key("$type");
  Str(w, "app.bsky.feed.post");
  w.Key("createdAt");
  Str(w, IsoMs(created_ms));
  w.Key("langs");
  w.StartArray();
  Str(w, "en");
  w.EndArray();
  w.Key("text");
  Str(w, text);
  if (!facets.empty()) {
    w.Key("facets");
    w.StartArray();
    for (const Facet& facet : facets) {
      w.StartObject();
      w.Key("index");
      w.StartObject();
      w.Key("byteStart");
      w.Uint64(facet.start);
      w.Key("byteEnd");
      w.Uint64(facet.end);
      w.EndObject();
      w.Key("features");
      w.StartArray();
      w.StartObject();
      w.Key("$type");
      Str(w, "app.bsky.richtext.facet#link");
      w.Key("uri");
      Str(w, facet.uri);
      w.EndObject();
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  }
  if (card) {
    w.Key("embed");
    w.StartObject();
    w.Key("$type");
    Str(w, "app.bsky.embed.external");
    w.Key("external");
    w.StartObject();
    w.Key("uri");
    Str(w, post.links.back().url);
    w.Key("title");
    Str(w, post.title);
    w.Key("description");
    Str(w, "");
    w.EndObject();
    w.EndObject();
  }
  w.EndObject();  // record
  w.Key("replyCount");
  w.Uint(0);
  w.Key("repostCount");
  w.Uint(repost ? 1 : 0);
  w.Key("likeCount");
  w.Uint(0);
  w.Key("indexedAt");
  Str(w, IsoMs(repost ? created_ms : indexed_ms));
  w.Key("labels");
  w.StartArray();
  w.EndArray();
  w.EndObject();  // post
  if (repost) {
    w.Key("reason");
    w.StartObject();
    w.Key("$type");
    Str(w, "app.bsky.feed.defs#reasonRepost");
    w.Key("by");
    WriteAuthor(w, post.account);
    w.Key("indexedAt");
    Str(w, IsoMs(indexed_ms));
    w.EndObject();
  }
  w.EndObject();
}

}  // namespace

std::string BlueskyDid(uint32_t account) {
  return std::string(kDidPrefix) + std::to_string(account);
}

std::string BlueskyHandle(uint32_t account) {
  return World::Slug(account) + std::string(kBlueskyHandleSuffix);
}

std::string BlueskySharedUrl(const World& world, uint32_t account, uint64_t index) {
  if (!BlueskyIsRepost(index)) return "";
  return "https://bsky.app/profile/" + BlueskyHandle(AuthorOf(world, account, index)) + "/post/" +
         RecordKey(world, account, index);
}

std::unique_ptr<PlatformService> MakeBlueskyService(const PlatformContext& context) {
  return std::make_unique<BlueskyService>(context);
}

}  // namespace postwatch::sim
