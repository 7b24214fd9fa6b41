#include "tiktok_routes.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <variant>

#include "form_fields.h"

namespace postwatch::sim {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr uint64_t kVideoIdBase = 7300000000000000000ULL;
constexpr uint64_t kIdStride = 1000000;
constexpr int64_t kDefaultMaxCount = 20;
constexpr int64_t kMaxCount = 20;
constexpr size_t kRateLimit = 600;
constexpr int64_t kRateWindowMs = 60 * 1000;
constexpr std::string_view kGrantedScopes = "user.info.basic,video.list";
constexpr std::string_view kShareQuery = "?is_from_webapp=1&utm_campaign=tt4d_open_api";

void Str(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// The fields of a comma-separated "fields" query value.
bool HasField(std::string_view fields, std::string_view name) {
  size_t pos = 0;
  while (pos <= fields.size()) {
    size_t end = fields.find(',', pos);
    if (end == std::string_view::npos) end = fields.size();
    if (fields.substr(pos, end - pos) == name) return true;
    pos = end + 1;
  }
  return false;
}

class TikTokService : public PlatformService {
 public:
  explicit TikTokService(const PlatformContext& context) : context_(context) {}

  std::string_view name() const override { return kTikTokPlatform; }
  std::string_view prefix() const override { return kTikTokPrefix; }
  std::string Registered(uint32_t account) const override { return "@" + TikTokUsername(account); }
  std::string PostId(uint32_t account, uint64_t index) const override {
    return TikTokVideoId(account, index);
  }
  SimResponse Handle(const SimRequest& request) const override;

 private:
  enum class Endpoint { kVideoList, kUserInfo };

  bool Serves(uint32_t account) const {
    return account < context_.world->account_count() &&
           context_.PlatformOf(account) == kTikTokPlatform;
  }
  std::string LogId() const;
  SimResponse ApiError(unsigned status, std::string_view code, std::string_view message) const;
  SimResponse OAuthFailure(unsigned status, std::string_view error,
                           std::string_view description) const;
  // The account the request's bearer token may read, or the error response.
  std::variant<uint32_t, SimResponse> Authenticate(const SimRequest& request) const;
  bool Throttled(Endpoint endpoint, uint32_t account) const;
  SimResponse Authorize(const SimRequest& request) const;
  SimResponse Token(const SimRequest& request) const;
  SimResponse VideoList(const SimRequest& request) const;
  SimResponse UserInfo(const SimRequest& request) const;
  void WriteVideo(JsonWriter& w, std::string_view fields, uint32_t account, uint64_t index) const;

  PlatformContext context_;
  mutable std::atomic<uint64_t> log_counter_{0};
  mutable std::mutex rate_mu_;
  // Request times (ms) per (endpoint, account) within the last window; guarded by rate_mu_.
  mutable std::map<std::pair<Endpoint, uint32_t>, std::deque<int64_t>> recent_;
};

std::string TikTokService::LogId() const {
  // TikTok's shape: the UTC time as YYYYMMDDhhmmss, then hex digits.
  const time_t seconds = static_cast<time_t>(context_.clock() / 1000);
  struct tm utc {};
  gmtime_r(&seconds, &utc);
  char stamp[16];
  std::strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &utc);
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "%s%020llX", stamp,
                static_cast<unsigned long long>(log_counter_.fetch_add(1) + 1));
  return buffer;
}

SimResponse TikTokService::ApiError(unsigned status, std::string_view code,
                                    std::string_view message) const {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("data");
  w.StartObject();
  w.EndObject();
  w.Key("error");
  w.StartObject();
  w.Key("code");
  Str(w, code);
  w.Key("message");
  Str(w, message);
  w.Key("log_id");
  Str(w, LogId());
  w.EndObject();
  w.EndObject();
  return TextResponse(status, "application/json", buffer.GetString());
}

SimResponse TikTokService::OAuthFailure(unsigned status, std::string_view error,
                                        std::string_view description) const {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  Str(w, error);
  w.Key("error_description");
  Str(w, description);
  w.Key("log_id");
  Str(w, LogId());
  w.EndObject();
  return TextResponse(status, "application/json", buffer.GetString());
}

SimResponse TikTokService::Handle(const SimRequest& request) const {
  const std::string_view path = request.path();
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";
  if (path == "/tiktok/v2/auth/authorize/" && get) return Authorize(request);
  if (path == "/tiktok/v2/oauth/token/" && post) return Token(request);
  if (path == "/tiktok/v2/video/list/" && post) return VideoList(request);
  if (path == "/tiktok/v2/user/info/" && get) return UserInfo(request);
  return ApiError(404, "not_found", "The requested endpoint does not exist.");
}

std::variant<uint32_t, SimResponse> TikTokService::Authenticate(const SimRequest& request) const {
  constexpr std::string_view kBearer = "Bearer ";
  std::string_view token = request.authorization;
  if (token.substr(0, kBearer.size()) != kBearer || token.size() == kBearer.size()) {
    return ApiError(401, "access_token_invalid",
                    "The access token is invalid or not found in the request.");
  }
  token.remove_prefix(kBearer.size());
  if (context_.tokens == nullptr) {
    return ApiError(500, "internal_error", "The simulator has no token authority.");
  }
  if (std::optional<uint32_t> account = context_.tokens->AccountOf(kTikTokPlatform, token)) {
    if (!Serves(*account)) {
      return ApiError(401, "access_token_invalid", "The user of this token has no TikTok account.");
    }
    return *account;
  }
  switch (context_.tokens->Check(kTikTokPlatform, token, 0)) {
    case TokenCheck::kExpired:
      return ApiError(401, "access_token_invalid",
                      "The access token has expired. Please refresh the token and retry.");
    case TokenCheck::kRevoked:
      return ApiError(401, "access_token_invalid",
                      "The user has revoked the authorization of this app.");
    default:
      return ApiError(401, "access_token_invalid",
                      "The access token is invalid or not found in the request.");
  }
}

bool TikTokService::Throttled(Endpoint endpoint, uint32_t account) const {
  const int64_t now = context_.clock();
  std::lock_guard lock(rate_mu_);
  std::deque<int64_t>& times = recent_[{endpoint, account}];
  while (!times.empty() && times.front() <= now - kRateWindowMs) times.pop_front();
  if (times.size() >= kRateLimit) return true;
  times.push_back(now);
  return false;
}

SimResponse TikTokService::Authorize(const SimRequest& request) const {
  const std::string_view query = request.query();
  const std::string client_key = FormValue(query, "client_key").value_or("");
  const std::string redirect_uri = FormValue(query, "redirect_uri").value_or("");
  const std::string state = FormValue(query, "state").value_or("");
  if (client_key.empty() || redirect_uri.empty() ||
      FormValue(query, "response_type").value_or("") != "code") {
    return TextResponse(400, "text/html; charset=utf-8",
                        "<!DOCTYPE html><title>TikTok</title><p>Something went wrong: "
                        "invalid_request (client_key, redirect_uri and response_type=code are "
                        "required).</p>\n");
  }
  std::optional<uint32_t> owner =
      context_.tokens != nullptr ? context_.tokens->owner() : std::nullopt;
  std::optional<std::string> code;
  if (owner && Serves(*owner)) {
    code = context_.tokens->IssueCode(kTikTokPlatform, client_key, redirect_uri,
                                      FormValue(query, "code_challenge").value_or(""),
                                      FormValue(query, "code_challenge_method").value_or(""));
  }
  const char separator = redirect_uri.find('?') == std::string::npos ? '?' : '&';
  std::string location = redirect_uri + separator;
  if (code) {
    location += "code=" + PercentEncode(*code) + "&scopes=" + PercentEncode(kGrantedScopes);
  } else {
    location += "error=access_denied&error_description=" +
                PercentEncode("No TikTok user is logged in to authorize the app.");
  }
  location += "&state=" + PercentEncode(state);
  SimResponse response = TextResponse(302, "text/html; charset=utf-8", "");
  response.headers.emplace_back("Location", location);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

SimResponse TikTokService::Token(const SimRequest& request) const {
  if (request.content_type.substr(0, 33) != "application/x-www-form-urlencoded") {
    return OAuthFailure(400, "invalid_request",
                        "Content-Type must be application/x-www-form-urlencoded.");
  }
  const std::string_view body = request.body;
  const std::string client_key = FormValue(body, "client_key").value_or("");
  const std::string grant_type = FormValue(body, "grant_type").value_or("");
  if (client_key.empty() || FormValue(body, "client_secret").value_or("").empty()) {
    return OAuthFailure(401, "invalid_client", "Client key or secret is missing.");
  }
  if (context_.tokens == nullptr) return OAuthFailure(500, "server_error", "no token authority");
  std::variant<IssuedTokens, OAuthError> outcome;
  if (grant_type == "authorization_code") {
    outcome = context_.tokens->RedeemCode(kTikTokPlatform, FormValue(body, "code").value_or(""),
                                          client_key, FormValue(body, "redirect_uri").value_or(""),
                                          FormValue(body, "code_verifier").value_or(""));
  } else if (grant_type == "refresh_token") {
    outcome =
        context_.tokens->Refresh(kTikTokPlatform, FormValue(body, "refresh_token").value_or(""));
  } else {
    return OAuthFailure(400, "unsupported_grant_type",
                        "grant_type must be authorization_code or refresh_token.");
  }
  if (const auto* failure = std::get_if<OAuthError>(&outcome)) {
    return OAuthFailure(failure->error == "invalid_client" ? 401 : 400, failure->error,
                        failure->description);
  }
  const IssuedTokens& tokens = std::get<IssuedTokens>(outcome);
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("access_token");
  Str(w, tokens.access_token);
  w.Key("expires_in");
  w.Int64(tokens.access_ttl_s);
  w.Key("open_id");
  Str(w, TikTokOpenId(tokens.account));
  w.Key("refresh_expires_in");
  w.Int64(tokens.refresh_ttl_s);
  w.Key("refresh_token");
  Str(w, tokens.refresh_token);
  w.Key("scope");
  Str(w, kGrantedScopes);
  w.Key("token_type");
  Str(w, "Bearer");
  w.EndObject();
  SimResponse response = TextResponse(200, "application/json", buffer.GetString());
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

SimResponse TikTokService::VideoList(const SimRequest& request) const {
  std::variant<uint32_t, SimResponse> who = Authenticate(request);
  if (auto* failure = std::get_if<SimResponse>(&who)) return std::move(*failure);
  const uint32_t account = std::get<uint32_t>(who);
  const std::string fields = FormValue(request.query(), "fields").value_or("");
  if (fields.empty()) return ApiError(400, "invalid_params", "The fields parameter is required.");
  int64_t max_count = kDefaultMaxCount;
  std::optional<int64_t> cursor;
  if (!request.body.empty()) {
    rapidjson::Document doc;
    doc.Parse(request.body.data(), request.body.size());
    if (doc.HasParseError() || !doc.IsObject()) {
      return ApiError(400, "invalid_params", "The request body is not a JSON object.");
    }
    if (auto it = doc.FindMember("max_count"); it != doc.MemberEnd()) {
      if (!it->value.IsInt64() || it->value.GetInt64() < 1 || it->value.GetInt64() > kMaxCount) {
        return ApiError(400, "invalid_params", "max_count must be an integer from 1 to 20.");
      }
      max_count = it->value.GetInt64();
    }
    if (auto it = doc.FindMember("cursor"); it != doc.MemberEnd()) {
      if (!it->value.IsInt64() || it->value.GetInt64() < 0) {
        return ApiError(400, "invalid_params", "cursor must be a Unix time in milliseconds.");
      }
      cursor = it->value.GetInt64();
    }
  }
  if (Throttled(Endpoint::kVideoList, account)) {
    return ApiError(429, "rate_limit_exceeded", "The API rate limit was exceeded.");
  }
  if (!cursor && context_.served != nullptr) context_.served->CountRequest(account);

  const World& world = *context_.world;
  const uint64_t count = world.PublishedCount(account, context_.clock());
  // Indexes [0, end) were created before the cursor.
  uint64_t end = count;
  if (cursor) {
    uint64_t low = 0;
    while (low < end) {
      const uint64_t mid = low + (end - low) / 2;
      if (world.PublishedMs(account, mid) < *cursor) {
        low = mid + 1;
      } else {
        end = mid;
      }
    }
  }
  const uint64_t shown = std::min<uint64_t>(end, static_cast<uint64_t>(max_count));

  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("data");
  w.StartObject();
  w.Key("videos");
  w.StartArray();
  for (uint64_t n = 0; n < shown; ++n) WriteVideo(w, fields, account, end - 1 - n);
  w.EndArray();
  w.Key("cursor");
  w.Int64(shown > 0 ? world.PublishedMs(account, end - shown) : cursor.value_or(0));
  w.Key("has_more");
  w.Bool(end > shown);
  w.EndObject();
  w.Key("error");
  w.StartObject();
  w.Key("code");
  Str(w, "ok");
  w.Key("message");
  Str(w, "");
  w.Key("log_id");
  Str(w, LogId());
  w.EndObject();
  w.EndObject();
  if (shown > 0 && context_.served != nullptr)
    context_.served->Record(account, end - shown, end - 1);
  return TextResponse(200, "application/json", buffer.GetString());
}

void TikTokService::WriteVideo(JsonWriter& w, std::string_view fields, uint32_t account,
                               uint64_t index) const {
  const Post post = context_.world->MakePost(account, index);
  const std::string id = TikTokVideoId(account, index);
  const bool last_in_title = TikTokLinkInTitle(*context_.world, account, index);
  std::string description = post.title + " from " + World::DisplayName(account) + ".";
  for (size_t j = 0; j < post.links.size(); ++j) {
    if (last_in_title && j + 1 == post.links.size()) break;
    description += (j == 0 ? " Links: " : " ") + post.links[j].url;
  }
  description += " #postwatch";
  std::string title = post.title;
  if (last_in_title) title += " " + post.links.back().url;
  w.StartObject();
  if (HasField(fields, "id")) {
    w.Key("id");
    Str(w, id);
  }
  if (HasField(fields, "create_time")) {
    w.Key("create_time");
    w.Int64(post.published_ms / 1000);
  }
  if (HasField(fields, "share_url")) {
    w.Key("share_url");
    Str(w, "https://www.tiktok.com/@" + TikTokUsername(account) + "/video/" + id +
               std::string(kShareQuery));
  }
  if (HasField(fields, "video_description")) {
    w.Key("video_description");
    Str(w, description);
  }
  if (HasField(fields, "title")) {
    w.Key("title");
    Str(w, title);
  }
  if (HasField(fields, "embed_link")) {
    w.Key("embed_link");
    Str(w, "https://www.tiktok.com/player/v1/" + id + std::string(kShareQuery));
  }
  if (HasField(fields, "duration")) {
    w.Key("duration");
    w.Int(15 + static_cast<int>(index % 45));
  }
  w.EndObject();
}

SimResponse TikTokService::UserInfo(const SimRequest& request) const {
  std::variant<uint32_t, SimResponse> who = Authenticate(request);
  if (auto* failure = std::get_if<SimResponse>(&who)) return std::move(*failure);
  const uint32_t account = std::get<uint32_t>(who);
  if (Throttled(Endpoint::kUserInfo, account)) {
    return ApiError(429, "rate_limit_exceeded", "The API rate limit was exceeded.");
  }
  const std::string fields = FormValue(request.query(), "fields").value_or("");
  if (fields.empty()) return ApiError(400, "invalid_params", "The fields parameter is required.");
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("data");
  w.StartObject();
  w.Key("user");
  w.StartObject();
  if (HasField(fields, "open_id")) {
    w.Key("open_id");
    Str(w, TikTokOpenId(account));
  }
  if (HasField(fields, "union_id")) {
    w.Key("union_id");
    Str(w, "union-" + TikTokOpenId(account));
  }
  if (HasField(fields, "display_name")) {
    w.Key("display_name");
    Str(w, World::DisplayName(account));
  }
  w.EndObject();
  w.EndObject();
  w.Key("error");
  w.StartObject();
  w.Key("code");
  Str(w, "ok");
  w.Key("message");
  Str(w, "");
  w.Key("log_id");
  Str(w, LogId());
  w.EndObject();
  w.EndObject();
  return TextResponse(200, "application/json", buffer.GetString());
}

}  // namespace

std::string TikTokUsername(uint32_t account) { return "acct_" + std::to_string(account); }

std::string TikTokOpenId(uint32_t account) {
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "5f1e0c2a-7d3b-4e8f-9a6c-%012u", account);
  return buffer;
}

std::string TikTokVideoId(uint32_t account, uint64_t index) {
  return std::to_string(kVideoIdBase + index * kIdStride + account);
}

bool TikTokLinkInTitle(const World& world, uint32_t account, uint64_t index) {
  return index % 3 == 0 && !world.LinksOf(account, index).empty();
}

std::unique_ptr<PlatformService> MakeTikTokService(const PlatformContext& context) {
  return std::make_unique<TikTokService>(context);
}

}  // namespace postwatch::sim
