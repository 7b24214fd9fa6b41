#include "zalo_routes.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <variant>

#include "form_fields.h"
#include "sim_router.h"

namespace postwatch::sim {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr std::string_view kPlatform = "zalo";
constexpr uint64_t kOaIdBase = 4300000000000000000ULL;
constexpr uint64_t kMaxLimit = 10;
constexpr int64_t kMinuteMs = 60 * 1000;

void Str(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

std::string Text(const rapidjson::StringBuffer& buffer) {
  return std::string(buffer.GetString(), buffer.GetSize());
}

SimResponse Json(unsigned status, std::string body) {
  return TextResponse(status, "application/json; charset=utf-8", std::move(body));
}

// The OA Open API's error envelope; HTTP 200, as Zalo answers.
SimResponse ApiError(int error, std::string_view message) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  w.Int(error);
  w.Key("message");
  Str(w, message);
  w.EndObject();
  return Json(200, Text(buffer));
}

// The OAuth server's error object.
SimResponse OAuthFailure(unsigned status, int error, std::string_view name,
                         std::string_view description) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  w.Int(error);
  w.Key("error_name");
  Str(w, name);
  w.Key("error_description");
  Str(w, description);
  w.EndObject();
  return Json(status, Text(buffer));
}

std::optional<uint64_t> ParseNumber(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

class ZaloService : public PlatformService {
 public:
  explicit ZaloService(const PlatformContext& context) : context_(context) {}

  std::string_view name() const override { return kPlatform; }
  std::string_view prefix() const override { return kZaloPrefix; }
  std::string Registered(uint32_t account) const override {
    return "https://zalo.me/" + ZaloOaId(account);
  }
  std::string PostId(uint32_t account, uint64_t index) const override {
    return ZaloArticleId(account, index);
  }
  SimResponse Handle(const SimRequest& request) const override;

 private:
  // The OA of the request's access token, or the error answer.
  std::variant<uint32_t, SimResponse> Authenticate(const SimRequest& request) const;
  bool OverRateLimit(uint32_t account) const;
  SimResponse Slice(const SimRequest& request, uint32_t account) const;
  SimResponse Detail(const SimRequest& request, uint32_t account) const;
  SimResponse Permission(const SimRequest& request) const;
  SimResponse AccessToken(const SimRequest& request) const;
  void WriteListed(JsonWriter& w, const Post& post) const;
  std::string ArticleLink(const Post& post) const {
    return context_.base_url + "/zalo/s/" + ZaloOaId(post.account) + "/" +
           ZaloArticleId(post.account, post.index);
  }
  std::string ThumbUrl(const Post& post) const {
    return context_.base_url + "/zalo/media/" + ZaloArticleId(post.account, post.index) + ".jpg";
  }

  PlatformContext context_;
  mutable std::mutex mu_;
  // Per OA: the minute of sim time and the requests counted in it; guarded by mu_.
  mutable std::map<uint32_t, std::pair<int64_t, int64_t>> window_;
};

SimResponse ZaloService::Handle(const SimRequest& request) const {
  const std::string_view path = request.path();
  if (path == "/zalo/oauth/v4/oa/permission" && request.method == "GET") {
    return Permission(request);
  }
  if (path == "/zalo/oauth/v4/oa/access_token") {
    if (request.method != "POST") {
      SimResponse response = OAuthFailure(405, -14001, "Method not allowed", "use POST");
      response.headers.emplace_back("Allow", "POST");
      return response;
    }
    return AccessToken(request);
  }
  const bool slice = path == "/zalo/v2.0/article/getslice";
  const bool detail = path == "/zalo/v2.0/article/getdetail";
  if (!slice && !detail) return JsonError(404, "no such resource");
  if (request.method != "GET" && request.method != "HEAD") {
    return ApiError(-201, "Method is not supported");
  }
  std::variant<uint32_t, SimResponse> who = Authenticate(request);
  if (auto* error = std::get_if<SimResponse>(&who)) return *error;
  const uint32_t account = std::get<uint32_t>(who);
  if (OverRateLimit(account)) {
    return ApiError(-32, "Exceeded the limit of requests per minute");
  }
  return slice ? Slice(request, account) : Detail(request, account);
}

std::variant<uint32_t, SimResponse> ZaloService::Authenticate(const SimRequest& request) const {
  const std::string_view token = request.Header("access_token");
  if (token.empty() || context_.tokens == nullptr) {
    return ApiError(-216, "Access token is invalid: the access_token header is missing");
  }
  if (std::optional<uint32_t> account = context_.tokens->AccountOf(kPlatform, token)) {
    if (*account >= context_.world->account_count() || context_.PlatformOf(*account) != kPlatform) {
      return ApiError(-205, "Official Account is not exist");
    }
    return *account;
  }
  switch (context_.tokens->Check(kPlatform, token, 0)) {
    case TokenCheck::kExpired:
      return ApiError(-216, "Access token is invalid: it has expired");
    case TokenCheck::kRevoked:
      return ApiError(-216, "Access token is invalid: the OA withdrew the app's access");
    default:
      return ApiError(-216, "Access token is invalid");
  }
}

bool ZaloService::OverRateLimit(uint32_t account) const {
  const int64_t minute = context_.clock() / kMinuteMs;
  std::lock_guard lock(mu_);
  auto& [window, count] = window_[account];
  if (window != minute) {
    window = minute;
    count = 0;
  }
  return ++count > kZaloRequestsPerMinute;
}

SimResponse ZaloService::Slice(const SimRequest& request, uint32_t account) const {
  const std::string_view query = request.query();
  const std::optional<uint64_t> offset = ParseNumber(FormValue(query, "offset").value_or("0"));
  const std::optional<uint64_t> limit = ParseNumber(FormValue(query, "limit").value_or("10"));
  if (!offset || !limit || *limit < 1 || *limit > kMaxLimit) {
    return ApiError(-201, "Parameters are invalid: offset >= 0 and 1 <= limit <= 10");
  }
  const bool normal = FormValue(query, "type").value_or("normal") == "normal";
  if (request.method == "GET" && *offset == 0 && context_.served != nullptr) {
    context_.served->CountRequest(account);
  }
  const World& world = *context_.world;
  const uint64_t count = normal ? world.PublishedCount(account, context_.clock()) : 0;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  w.Int(0);
  w.Key("message");
  Str(w, "Success");
  w.Key("data");
  w.StartObject();
  w.Key("medias");
  w.StartArray();
  for (uint64_t n = *offset; n < count && n < *offset + *limit; ++n) {
    WriteListed(w, world.MakePost(account, count - 1 - n));
  }
  w.EndArray();
  w.Key("total");
  w.Uint64(count);
  w.EndObject();
  w.EndObject();
  return Json(200, Text(buffer));
}

void ZaloService::WriteListed(JsonWriter& w, const Post& post) const {
  w.StartObject();
  w.Key("id");
  Str(w, ZaloArticleId(post.account, post.index));
  w.Key("type");
  Str(w, "normal");
  w.Key("title");
  Str(w, post.title);
  w.Key("status");
  Str(w, "show");
  w.Key("total_view");
  w.Uint64(post.index * 7 % 1000);
  w.Key("total_share");
  w.Uint64(post.index % 13);
  w.Key("create_date");
  w.Int64(post.published_ms);
  w.Key("update_date");
  w.Int64(post.published_ms + 1000);
  w.Key("thumb");
  Str(w, ThumbUrl(post));
  w.Key("link");
  Str(w, ArticleLink(post));
  w.EndObject();
}

SimResponse ZaloService::Detail(const SimRequest& request, uint32_t account) const {
  const std::string id = FormValue(request.query(), "id").value_or("");
  const World& world = *context_.world;
  const uint64_t count = world.PublishedCount(account, context_.clock());
  std::optional<uint64_t> index;
  if (id.size() == 32 && id.substr(0, 8) == ZaloArticleId(account, 0).substr(0, 8)) {
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(id.data() + 8, id.data() + id.size(), value, 16);
    if (ec == std::errc() && end == id.data() + id.size() && value < count &&
        ZaloArticleId(account, value) == id) {
      index = value;
    }
  }
  if (!index) return ApiError(-201, "Article id is invalid");
  const Post post = world.MakePost(account, *index);
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  w.Int(0);
  w.Key("message");
  Str(w, "Success");
  w.Key("data");
  w.StartObject();
  w.Key("id");
  Str(w, id);
  w.Key("type");
  Str(w, "normal");
  w.Key("title");
  Str(w, post.title);
  w.Key("author");
  Str(w, World::DisplayName(account));
  w.Key("cover");
  w.StartObject();
  w.Key("cover_type");
  Str(w, "photo");
  w.Key("photo_url");
  Str(w, ThumbUrl(post));
  w.Key("status");
  Str(w, "show");
  w.EndObject();
  w.Key("description");
  Str(w, post.links.empty() ? std::string("A postwatch-sim article.")
                            : "Read more at " + post.links.front().url + " today.");
  w.Key("status");
  Str(w, "show");
  w.Key("body");
  w.StartArray();
  w.StartObject();
  w.Key("type");
  Str(w, "text");
  w.Key("content");
  Str(w, post.content_html);
  w.EndObject();
  w.StartObject();
  w.Key("type");
  Str(w, "image");
  w.Key("url");
  Str(w, ThumbUrl(post));
  w.Key("caption");
  Str(w, "A picture");
  w.EndObject();
  w.EndArray();
  if (!post.links.empty()) {
    w.Key("cite");
    w.StartObject();
    w.Key("url");
    Str(w, post.links.back().url);
    w.Key("label");
    Str(w, "Source");
    w.EndObject();
  }
  w.Key("related_medias");
  w.StartArray();
  w.EndArray();
  w.Key("comment");
  Str(w, "show");
  w.Key("create_date");
  w.Int64(post.published_ms);
  w.Key("update_date");
  w.Int64(post.published_ms + 1000);
  w.Key("total_view");
  w.Uint64(post.index * 7 % 1000);
  w.Key("link");
  Str(w, ArticleLink(post));
  w.EndObject();
  w.EndObject();
  if (request.method == "GET" && context_.served != nullptr) {
    context_.served->Record(account, *index, *index);
  }
  return Json(200, Text(buffer));
}

SimResponse ZaloService::Permission(const SimRequest& request) const {
  const std::string_view query = request.query();
  const std::string app_id = FormValue(query, "app_id").value_or("");
  const std::string redirect_uri = FormValue(query, "redirect_uri").value_or("");
  if (app_id.empty() || redirect_uri.empty()) {
    return OAuthFailure(400, -14002, "Invalid parameter", "app_id and redirect_uri are required");
  }
  if (context_.tokens == nullptr) return JsonError(503, "no token authority");
  const std::string challenge = FormValue(query, "code_challenge").value_or("");
  // Zalo binds the redirect to the app's registered callback, not to the code: the code
  // exchange carries no redirect_uri.
  std::optional<std::string> code =
      context_.tokens->IssueCode(kPlatform, app_id, "", challenge, challenge.empty() ? "" : "S256");
  if (!code) {
    return OAuthFailure(401, -14001, "User not logged in",
                        "the Official Account's owner must log in to Zalo to grant access");
  }
  const uint32_t owner = context_.tokens->owner().value_or(0);
  std::string location = redirect_uri;
  location += redirect_uri.find('?') == std::string::npos ? '?' : '&';
  location += "code=" + PercentEncode(*code) + "&oa_id=" + ZaloOaId(owner);
  if (auto state = FormValue(query, "state")) location += "&state=" + PercentEncode(*state);
  if (!challenge.empty()) location += "&code_challenge=" + PercentEncode(challenge);
  SimResponse response = TextResponse(302, "text/html; charset=utf-8",
                                      "<html><body>Redirecting to the app</body></html>\n");
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

SimResponse ZaloService::AccessToken(const SimRequest& request) const {
  if (context_.tokens == nullptr) return JsonError(503, "no token authority");
  if (request.Header("secret_key").empty()) {
    return OAuthFailure(200, -14003, "Invalid secret key", "the secret_key header is missing");
  }
  const std::string_view form = request.body;
  const std::string grant_type = FormValue(form, "grant_type").value_or("");
  const std::string app_id = FormValue(form, "app_id").value_or("");
  if (app_id.empty()) return OAuthFailure(200, -14002, "Invalid app id", "app_id is required");
  std::variant<IssuedTokens, OAuthError> result;
  bool refresh = false;
  if (grant_type == "authorization_code") {
    result = context_.tokens->RedeemCode(kPlatform, FormValue(form, "code").value_or(""), app_id,
                                         "", FormValue(form, "code_verifier").value_or(""));
  } else if (grant_type == "refresh_token") {
    refresh = true;
    result = context_.tokens->Refresh(kPlatform, FormValue(form, "refresh_token").value_or(""));
  } else {
    return OAuthFailure(200, -14001, "Invalid grant type",
                        "grant_type must be authorization_code or refresh_token");
  }
  if (const auto* error = std::get_if<OAuthError>(&result)) {
    if (refresh) return OAuthFailure(200, -14014, "Invalid refresh token", error->description);
    if (error->error == "invalid_client") {
      return OAuthFailure(200, -14002, "Invalid app id", error->description);
    }
    if (error->description.find("code_verifier") != std::string::npos) {
      return OAuthFailure(200, -14019, "Invalid code verifier", error->description);
    }
    return OAuthFailure(200, -14004, "Invalid authorization code", error->description);
  }
  const IssuedTokens& tokens = std::get<IssuedTokens>(result);
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("access_token");
  Str(w, tokens.access_token);
  w.Key("refresh_token");
  Str(w, tokens.refresh_token);
  w.Key("expires_in");
  Str(w, std::to_string(tokens.access_ttl_s));  // a string, as Zalo sends it
  w.EndObject();
  return Json(200, Text(buffer));
}

}  // namespace

std::string ZaloOaId(uint32_t account) { return std::to_string(kOaIdBase + account); }

std::string ZaloArticleId(uint32_t account, uint64_t index) {
  char text[40];
  std::snprintf(text, sizeof(text), "%08x%024llx", account, static_cast<unsigned long long>(index));
  return text;
}

std::unique_ptr<PlatformService> MakeZaloService(const PlatformContext& context) {
  return std::make_unique<ZaloService>(context);
}

}  // namespace postwatch::sim
