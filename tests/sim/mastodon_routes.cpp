#include "mastodon_routes.h"

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

constexpr uint64_t kAccountIdBase = 109000000000000000ULL;
constexpr uint64_t kStatusIdBase = 110000000000000000ULL;
constexpr uint64_t kRebloggedIdBase = 120000000000000000ULL;
constexpr uint64_t kIdStride = 1000000;
constexpr uint64_t kDefaultLimit = 20;
constexpr uint64_t kMaxLimit = 40;
constexpr int64_t kRateLimit = 300;
constexpr int64_t kRateWindowMs = 5 * 60 * 1000;

void Str(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

std::string IsoMs(int64_t ms) {
  const int64_t seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  std::string text = FormatRfc3339(seconds);
  const std::string millis = std::to_string(1000 + (ms - seconds * 1000)).substr(1);
  if (!text.empty() && text.back() == 'Z') text.insert(text.size() - 1, "." + millis);
  return text;
}

std::optional<uint64_t> ParseNumber(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
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

uint64_t Fnv1a(std::string_view text) {
  uint64_t hash = 1469598103934665603ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

class MastodonService : public PlatformService {
 public:
  explicit MastodonService(const PlatformContext& context)
      : context_(context), instance_url_(context.base_url + "/mastodon") {}

  std::string_view name() const override { return "mastodon"; }
  std::string_view prefix() const override { return kMastodonPrefix; }
  std::string Registered(uint32_t account) const override {
    return "@" + World::Slug(account) + "@" + std::string(kMastodonInstance);
  }
  std::string PostId(uint32_t account, uint64_t index) const override {
    return MastodonStatusId(account, index);
  }
  SimResponse Handle(const SimRequest& request) const override;

 private:
  bool Serves(uint32_t account) const { return context_.PlatformOf(account) == "mastodon"; }
  std::optional<uint32_t> AccountOfId(std::string_view id) const;
  SimResponse Lookup(const SimRequest& request) const;
  SimResponse Statuses(const SimRequest& request, uint32_t account) const;
  void WriteAccount(JsonWriter& w, uint32_t account) const;
  void WriteStatus(JsonWriter& w, const Post& post) const;
  void WriteReblogged(JsonWriter& w, const Post& post) const;
  void AddRateLimitHeaders(SimResponse& response, uint32_t account) const;

  PlatformContext context_;
  std::string instance_url_;  // base_url + "/mastodon"
};

std::optional<uint32_t> MastodonService::AccountOfId(std::string_view id) const {
  const std::optional<uint64_t> value = ParseNumber(id);
  if (!value || *value < kAccountIdBase) return std::nullopt;
  const uint64_t account = *value - kAccountIdBase;
  if (account >= context_.world->account_count() || std::to_string(*value) != id) {
    return std::nullopt;
  }
  return static_cast<uint32_t>(account);
}

SimResponse MastodonService::Handle(const SimRequest& request) const {
  if (request.method != "GET" && request.method != "HEAD") {
    SimResponse response = JsonError(405, "method not allowed");
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }
  constexpr std::string_view kApi = "/mastodon/api/v1/accounts/";
  const std::string_view path = request.path();
  if (path.substr(0, kApi.size()) != kApi) return JsonError(404, "Record not found");
  const std::string_view rest = path.substr(kApi.size());
  if (rest == "lookup") return Lookup(request);
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos || rest.substr(slash) != "/statuses") {
    return JsonError(404, "Record not found");
  }
  const std::optional<uint32_t> account = AccountOfId(rest.substr(0, slash));
  if (!account || !Serves(*account)) return JsonError(404, "Record not found");
  return Statuses(request, *account);
}

SimResponse MastodonService::Lookup(const SimRequest& request) const {
  std::string acct = QueryValue(request.query(), "acct").value_or("");
  if (!acct.empty() && acct.front() == '@') acct.erase(0, 1);
  const size_t at = acct.find('@');
  if (at != std::string::npos) {
    if (acct.substr(at + 1) != kMastodonInstance) return JsonError(404, "Record not found");
    acct.resize(at);
  }
  const std::optional<uint32_t> account = context_.world->ParseSlug(acct);
  if (!account || !Serves(*account)) return JsonError(404, "Record not found");
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  WriteAccount(w, *account);
  SimResponse response = TextResponse(200, "application/json; charset=utf-8",
                                      std::string(buffer.GetString(), buffer.GetSize()));
  AddRateLimitHeaders(response, *account);
  return response;
}

SimResponse MastodonService::Statuses(const SimRequest& request, uint32_t account) const {
  const std::string_view query = request.query();
  const std::optional<std::string> max_id_text = QueryValue(query, "max_id");
  uint64_t limit = kDefaultLimit;
  if (auto text = QueryValue(query, "limit")) {
    limit = std::clamp<uint64_t>(ParseNumber(*text).value_or(kDefaultLimit), 1, kMaxLimit);
  }
  const bool first_page = !max_id_text.has_value();
  if (request.method == "GET" && first_page && context_.served != nullptr) {
    context_.served->CountRequest(account);
  }

  const World& world = *context_.world;
  const uint64_t count = world.PublishedCount(account, context_.clock());
  // Indexes [0, end) are older than max_id.
  uint64_t end = count;
  if (max_id_text) {
    const std::optional<uint64_t> max_id = ParseNumber(*max_id_text);
    if (!max_id) return JsonError(400, "Invalid max_id");
    const uint64_t floor = kStatusIdBase + account;
    end = *max_id <= floor ? 0 : std::min<uint64_t>(count, (*max_id - floor - 1) / kIdStride + 1);
  }
  const uint64_t shown = std::min(end, limit);

  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartArray();
  for (uint64_t n = 0; n < shown; ++n) WriteStatus(w, world.MakePost(account, end - 1 - n));
  w.EndArray();

  SimResponse response;
  response.body.assign(buffer.GetString(), buffer.GetSize());
  const std::string etag = "W/\"" + std::to_string(Fnv1a(response.body)) + "\"";
  response.headers.emplace_back("ETag", etag);
  response.headers.emplace_back("Cache-Control", "private, no-store");
  response.headers.emplace_back("Vary", "Authorization, Origin");
  AddRateLimitHeaders(response, account);
  if (shown > 0) {
    const std::string statuses_url = instance_url_ + "/api/v1/accounts/" +
                                     MastodonAccountId(account) +
                                     "/statuses?limit=" + std::to_string(limit);
    std::string link;
    if (shown == limit) {
      link = "<" + statuses_url + "&max_id=" + MastodonStatusId(account, end - shown) +
             ">; rel=\"next\", ";
    }
    link +=
        "<" + statuses_url + "&min_id=" + MastodonStatusId(account, end - 1) + ">; rel=\"prev\"";
    response.headers.emplace_back("Link", link);
  }
  if (!request.if_none_match.empty() && request.if_none_match == etag) {
    response.status = 304;
    response.body.clear();
    return response;
  }
  response.status = 200;
  response.content_type = "application/json; charset=utf-8";
  if (request.method == "GET" && shown > 0 && context_.served != nullptr) {
    context_.served->Record(account, end - shown, end - 1);
  }
  return response;
}

void MastodonService::AddRateLimitHeaders(SimResponse& response, uint32_t account) const {
  const int64_t now = context_.clock();
  const int64_t reset = (now / kRateWindowMs + 1) * kRateWindowMs;
  const uint64_t requests = context_.served != nullptr ? context_.served->Requests(account) : 0;
  const auto used = static_cast<int64_t>(requests % (kRateLimit - 1));
  response.headers.emplace_back("X-RateLimit-Limit", std::to_string(kRateLimit));
  response.headers.emplace_back("X-RateLimit-Remaining", std::to_string(kRateLimit - 1 - used));
  response.headers.emplace_back("X-RateLimit-Reset", IsoMs(reset));
}

void MastodonService::WriteAccount(JsonWriter& w, uint32_t account) const {
  const bool local = Serves(account);
  const std::string user = World::Slug(account);
  const std::string profile =
      local ? instance_url_ + "/@" + user : "https://remote.sim.example/@" + user;
  w.StartObject();
  w.Key("id");
  Str(w, MastodonAccountId(account));
  w.Key("username");
  Str(w, user);
  w.Key("acct");
  Str(w, local ? user : user + "@remote.sim.example");
  w.Key("display_name");
  Str(w, World::DisplayName(account));
  w.Key("locked");
  w.Bool(false);
  w.Key("bot");
  w.Bool(false);
  w.Key("created_at");
  Str(w, IsoMs(context_.world->config().start_time_ms - 86400000));
  w.Key("note");
  Str(w, "<p>A postwatch-sim account.</p>");
  w.Key("url");
  Str(w, profile);
  w.Key("uri");
  Str(w, profile);
  w.Key("statuses_count");
  w.Uint64(context_.world->PublishedCount(account, context_.clock()));
  w.Key("emojis");
  w.StartArray();
  w.EndArray();
  w.Key("fields");
  w.StartArray();
  w.EndArray();
  w.EndObject();
}

void MastodonService::WriteStatus(JsonWriter& w, const Post& post) const {
  const std::string user = World::Slug(post.account);
  const std::string id = MastodonStatusId(post.account, post.index);
  const bool reblog = MastodonIsReblog(*context_.world, post.account, post.index);
  w.StartObject();
  w.Key("id");
  Str(w, id);
  w.Key("created_at");
  Str(w, IsoMs(post.published_ms));
  w.Key("in_reply_to_id");
  w.Null();
  w.Key("in_reply_to_account_id");
  w.Null();
  w.Key("sensitive");
  w.Bool(false);
  w.Key("spoiler_text");
  Str(w, "");
  w.Key("visibility");
  Str(w, "public");
  w.Key("uri");
  Str(w, instance_url_ + "/users/" + user + "/statuses/" + id + (reblog ? "/activity" : ""));
  w.Key("url");
  if (reblog) {
    w.Null();
  } else {
    Str(w, instance_url_ + "/@" + user + "/" + id);
  }
  w.Key("content");
  if (reblog) {
    Str(w, "");
  } else {
    const uint32_t other = (post.account + 1) % context_.world->account_count();
    const std::string mention = "<p><span class=\"h-card\" translate=\"no\"><a href=\"" +
                                instance_url_ + "/@" + World::Slug(other) +
                                "\" class=\"u-url mention\">@<span>" + World::Slug(other) +
                                "</span></a></span> <a href=\"" + instance_url_ +
                                "/tags/postwatch\" class=\"mention hashtag\" rel=\"tag\">"
                                "#<span>postwatch</span></a></p>";
    Str(w, mention + post.content_html);
  }
  w.Key("reblog");
  if (reblog) {
    WriteReblogged(w, post);
  } else {
    w.Null();
  }
  w.Key("account");
  WriteAccount(w, post.account);
  w.Key("media_attachments");
  w.StartArray();
  w.EndArray();
  w.Key("mentions");
  w.StartArray();
  w.EndArray();
  w.Key("tags");
  w.StartArray();
  w.EndArray();
  w.Key("card");
  if (!reblog && !post.links.empty()) {
    w.StartObject();
    w.Key("url");
    Str(w, post.links.back().url);
    w.Key("title");
    Str(w, post.title);
    w.Key("type");
    Str(w, "link");
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("poll");
  w.Null();
  w.EndObject();
}

// The status of account i+1 that post `post` reblogs: the world's content and links, with
// the first link as its url.
void MastodonService::WriteReblogged(JsonWriter& w, const Post& post) const {
  const uint32_t other = (post.account + 1) % context_.world->account_count();
  w.StartObject();
  w.Key("id");
  Str(w, std::to_string(kRebloggedIdBase + post.index * kIdStride + post.account));
  w.Key("created_at");
  Str(w, IsoMs(post.published_ms - 60000));
  w.Key("in_reply_to_id");
  w.Null();
  w.Key("spoiler_text");
  Str(w, "");
  w.Key("visibility");
  Str(w, "public");
  w.Key("uri");
  Str(w, post.links.front().url);
  w.Key("url");
  Str(w, post.links.front().url);
  w.Key("content");
  Str(w, post.content_html);
  w.Key("reblog");
  w.Null();
  w.Key("account");
  WriteAccount(w, other);
  w.Key("card");
  w.Null();
  w.EndObject();
}

}  // namespace

std::string MastodonAccountId(uint32_t account) { return std::to_string(kAccountIdBase + account); }

std::string MastodonStatusId(uint32_t account, uint64_t index) {
  return std::to_string(kStatusIdBase + index * kIdStride + account);
}

bool MastodonIsReblog(const World& world, uint32_t account, uint64_t index) {
  return index % 7 == 6 && !world.LinksOf(account, index).empty();
}

std::unique_ptr<PlatformService> MakeMastodonService(const PlatformContext& context) {
  return std::make_unique<MastodonService>(context);
}

}  // namespace postwatch::sim
