#include "facebook_routes.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <mutex>
#include <optional>
#include <variant>

#include "base/time_format.h"
#include "facebook_routes_wire.h"
#include "form_fields.h"

namespace postwatch::sim {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr uint64_t kPageIdBase = 104000000000000ULL;
constexpr uint64_t kDefaultLimit = 25;
constexpr uint64_t kMaxLimit = 100;
constexpr int64_t kLongLivedSeconds = 5183944;  // what Facebook answers for ~60 days
constexpr std::string_view kUsernamePrefix = "simpage";
constexpr std::string_view kPlatform = "facebook";

void Str(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

std::string JsonText(const rapidjson::StringBuffer& buffer) {
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<uint64_t> ParseNumber(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

class FacebookService : public PlatformService {
 public:
  explicit FacebookService(const PlatformContext& context)
      : context_(context), www_(context.base_url + "/facebook/www") {}

  std::string_view name() const override { return kPlatform; }
  std::string_view prefix() const override { return kFacebookPrefix; }
  std::string Registered(uint32_t account) const override {
    return "https://www.facebook.com/" + FacebookUsername(account);
  }
  std::string PostId(uint32_t account, uint64_t index) const override {
    return FacebookPostId(account, index);
  }
  SimResponse Handle(const SimRequest& request) const override;

 private:
  bool Serves(uint32_t account) const { return context_.PlatformOf(account) == kPlatform; }
  std::optional<uint32_t> AccountOfNode(std::string_view node) const;
  // A request parameter from the query, else from a form body.
  static std::optional<std::string> Param(const SimRequest& request, std::string_view key);
  static std::string TokenOf(const SimRequest& request);
  // An error answer when the token may not read `account`; nullopt when it may. With
  // `lenient`, another Page's valid token passes (public Page fields).
  std::optional<SimResponse> CheckToken(const SimRequest& request, uint32_t account,
                                        bool lenient) const;
  std::optional<SimResponse> Throttled(uint32_t account) const;
  void AddUsageHeaders(SimResponse& response, uint32_t account, int64_t regain_minutes) const;
  SimResponse Graph(const SimRequest& request, std::string_view rest) const;
  SimResponse Node(const SimRequest& request, uint32_t account) const;
  SimResponse Posts(const SimRequest& request, uint32_t account) const;
  SimResponse TokenEndpoint(const SimRequest& request) const;
  SimResponse Dialog(const SimRequest& request) const;
  SimResponse Throttle(const SimRequest& request) const;

  PlatformContext context_;
  std::string www_;  // base_url + "/facebook/www"
  mutable std::mutex mu_;
  mutable std::map<uint32_t, std::pair<int64_t, int64_t>> throttled_;  // until ms, minutes
};

std::optional<uint32_t> FacebookService::AccountOfNode(std::string_view node) const {
  std::optional<uint32_t> account;
  if (node.substr(0, kUsernamePrefix.size()) == kUsernamePrefix) {
    account = context_.world->ParseSlug("acct-" + std::string(node.substr(kUsernamePrefix.size())));
  } else if (std::optional<uint64_t> id = ParseNumber(node); id && *id >= kPageIdBase) {
    const uint64_t index = *id - kPageIdBase;
    if (index < context_.world->account_count() && std::to_string(*id) == node) {
      account = static_cast<uint32_t>(index);
    }
  }
  if (account && !Serves(*account)) return std::nullopt;
  return account;
}

std::optional<std::string> FacebookService::Param(const SimRequest& request, std::string_view key) {
  if (std::optional<std::string> value = FormValue(request.query(), key)) return value;
  if (request.method == "POST") return FormValue(request.body, key);
  return std::nullopt;
}

std::string FacebookService::TokenOf(const SimRequest& request) {
  std::string_view header = request.authorization;
  for (std::string_view scheme : {"Bearer ", "bearer ", "OAuth "}) {
    if (header.substr(0, scheme.size()) == scheme) return std::string(header.substr(scheme.size()));
  }
  return Param(request, "access_token").value_or("");
}

std::optional<SimResponse> FacebookService::CheckToken(const SimRequest& request, uint32_t account,
                                                       bool lenient) const {
  const std::string token = TokenOf(request);
  if (token.empty()) {
    return FbGraphError(400, 2500, 0, "OAuthException",
                        "An active access token must be used to query information about the "
                        "current user.");
  }
  if (context_.tokens == nullptr) return std::nullopt;
  switch (context_.tokens->Check(kPlatform, token, account)) {
    case TokenCheck::kValid:
      return std::nullopt;
    case TokenCheck::kUnknown:
      return FbGraphError(400, 190, 0, "OAuthException",
                          "Invalid OAuth access token - Cannot parse access token");
    case TokenCheck::kExpired:
      return FbGraphError(400, 190, 463, "OAuthException",
                          "Error validating access token: Session has expired on " +
                              FbGraphTime(context_.clock()) + ". The current time is " +
                              FbGraphTime(context_.clock()) + ".");
    case TokenCheck::kRevoked:
      return FbGraphError(400, 190, 458, "OAuthException",
                          "Error validating access token: The user has not authorized "
                          "application 1234567890123456.");
    case TokenCheck::kWrongAccount:
      if (lenient) return std::nullopt;
      return FbGraphError(400, 10, 0, "OAuthException",
                          "(#10) This endpoint requires the 'pages_read_engagement' permission or "
                          "the 'Page Public Content Access' feature.");
  }
  return std::nullopt;
}

std::optional<SimResponse> FacebookService::Throttled(uint32_t account) const {
  int64_t minutes = 0;
  {
    std::lock_guard lock(mu_);
    auto it = throttled_.find(account);
    if (it == throttled_.end() || it->second.first <= context_.clock()) return std::nullopt;
    minutes = it->second.second;
  }
  SimResponse response = FbGraphError(
      400, 80001, 0, "OAuthException",
      "(#80001) There have been too many calls to this Page account. Wait a bit and try again. "
      "For more info, please refer to "
      "https://developers.facebook.com/docs/graph-api/overview/rate-limiting.");
  AddUsageHeaders(response, account, minutes);
  return response;
}

void FacebookService::AddUsageHeaders(SimResponse& response, uint32_t account,
                                      int64_t regain_minutes) const {
  const uint64_t requests = context_.served != nullptr ? context_.served->Requests(account) : 0;
  const int64_t percent = regain_minutes > 0 ? 100 : static_cast<int64_t>((requests * 3) % 30);
  const std::string counters = "\"call_count\":" + std::to_string(percent) +
                               ",\"total_cputime\":" + std::to_string(percent / 2) +
                               ",\"total_time\":" + std::to_string(percent / 2);
  response.headers.emplace_back("X-App-Usage", "{" + counters + "}");
  response.headers.emplace_back(
      "X-Business-Use-Case-Usage",
      "{\"" + FacebookPageId(account) + "\":[{\"type\":\"pages\"," + counters +
          ",\"estimated_time_to_regain_access\":" + std::to_string(regain_minutes) + "}]}");
}

SimResponse FacebookService::Handle(const SimRequest& request) const {
  const std::string_view path = request.path();
  const std::string_view rest = path.substr(std::min(path.size(), kFacebookPrefix.size()));
  if (rest == "_sim/throttle") return Throttle(request);
  if (rest == "www/login.php") return FbHtml(200, "Log in to Facebook");
  if (rest.substr(0, 4) == "www/") {
    const size_t slash = rest.find('/', 4);
    if (slash != std::string_view::npos && rest.substr(slash) == "/dialog/oauth") {
      return Dialog(request);
    }
    return FbHtml(404, "This page isn't available");
  }
  if (rest.substr(0, 6) == "graph/") {
    if (request.method != "GET" && request.method != "POST") {
      return FbGraphError(405, 100, 0, "GraphMethodException", "Unsupported method");
    }
    return Graph(request, rest.substr(6));
  }
  return FbGraphError(404, 2500, 0, "OAuthException",
                      "Unknown path components: /" + std::string(rest.substr(0, 100)));
}

SimResponse FacebookService::Graph(const SimRequest& request, std::string_view rest) const {
  const size_t slash = rest.find('/');
  const std::string_view version = rest.substr(0, slash);
  if (version.size() < 4 || version.front() != 'v' || slash == std::string_view::npos) {
    return FbGraphError(400, 2500, 0, "OAuthException", "Unknown path components");
  }
  rest.remove_prefix(slash + 1);
  if (rest == "oauth/access_token") return TokenEndpoint(request);
  const size_t edge_at = rest.find('/');
  const std::string_view node = rest.substr(0, edge_at);
  const std::string_view edge =
      edge_at == std::string_view::npos ? std::string_view() : rest.substr(edge_at + 1);
  const std::optional<uint32_t> account = AccountOfNode(node);
  if (!account) {
    if (!ParseNumber(node)) {
      return FbGraphError(404, 803, 0, "OAuthException",
                          "(#803) Some of the aliases you requested do not exist: " +
                              std::string(node.substr(0, 64)));
    }
    return FbGraphError(
        400, 100, 33, "GraphMethodException",
        "Unsupported get request. Object with ID '" + std::string(node.substr(0, 64)) +
            "' does not exist, cannot be loaded due to missing permissions, or does "
            "not support this operation.");
  }
  if (edge.empty()) return Node(request, *account);
  if (edge == "posts") return Posts(request, *account);
  return FbGraphError(
      400, 100, 0, "OAuthException",
      "(#100) Tried accessing nonexisting field (" + std::string(edge.substr(0, 64)) + ")");
}

SimResponse FacebookService::Node(const SimRequest& request, uint32_t account) const {
  if (auto refused = CheckToken(request, account, true)) return *refused;
  if (auto throttled = Throttled(account)) return *throttled;
  const std::string fields = Param(request, "fields").value_or("id,name");
  const std::string token = TokenOf(request);
  const bool owner = context_.tokens == nullptr ||
                     context_.tokens->Check(kPlatform, token, account) == TokenCheck::kValid;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("name");
  Str(w, World::DisplayName(account));
  if (fields.find("access_token") != std::string::npos && owner) {
    w.Key("access_token");
    Str(w, token);
  }
  w.Key("id");
  Str(w, FacebookPageId(account));
  w.EndObject();
  SimResponse response = TextResponse(200, "application/json; charset=UTF-8", JsonText(buffer));
  AddUsageHeaders(response, account, 0);
  return response;
}

SimResponse FacebookService::Posts(const SimRequest& request, uint32_t account) const {
  if (auto refused = CheckToken(request, account, false)) return *refused;
  if (auto throttled = Throttled(account)) return *throttled;
  uint64_t limit = kDefaultLimit;
  if (auto text = Param(request, "limit")) {
    limit = std::clamp<uint64_t>(ParseNumber(*text).value_or(kDefaultLimit), 1, kMaxLimit);
  }
  const std::optional<std::string> after = Param(request, "after");
  const bool first_page = !after.has_value();
  if (request.method == "GET" && first_page && context_.served != nullptr) {
    context_.served->CountRequest(account);
  }
  const World& world = *context_.world;
  const uint64_t count = world.PublishedCount(account, context_.clock());
  uint64_t end = count;  // indexes [0, end) are older than the after cursor
  if (after) {
    std::optional<std::string> decoded = FbUnbase64(*after);
    const std::string prefix = FacebookPageId(account) + "_";
    std::optional<uint64_t> number;
    if (decoded && decoded->rfind(prefix, 0) == 0)
      number = ParseNumber(decoded->substr(prefix.size()));
    if (!number || *number < kFacebookPostNumberBase) {
      return FbGraphError(400, 100, 0, "OAuthException", "(#100) The after cursor is invalid");
    }
    end = std::min(count, *number - kFacebookPostNumberBase);
  }
  const uint64_t shown = std::min(end, limit);
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("data");
  w.StartArray();
  for (uint64_t n = 0; n < shown; ++n)
    WriteFacebookPost(w, world.MakePost(account, end - 1 - n), www_);
  w.EndArray();
  if (shown > 0) {
    const std::string before = FbBase64(FacebookPostId(account, end - 1));
    const std::string last = FbBase64(FacebookPostId(account, end - shown));
    w.Key("paging");
    w.StartObject();
    w.Key("cursors");
    w.StartObject();
    w.Key("before");
    Str(w, before);
    w.Key("after");
    Str(w, last);
    w.EndObject();
    if (end - shown > 0) {
      // Facebook's own next link carries the token; a client must not log or follow it blindly.
      w.Key("next");
      Str(w, context_.base_url + std::string(request.path()) +
                 "?access_token=" + FbPercentEncode(TokenOf(request)) +
                 "&fields=" + FbPercentEncode(Param(request, "fields").value_or("")) +
                 "&limit=" + std::to_string(limit) + "&after=" + FbPercentEncode(last));
    }
    w.EndObject();
  }
  w.EndObject();
  SimResponse response = TextResponse(200, "application/json; charset=UTF-8", JsonText(buffer));
  AddUsageHeaders(response, account, 0);
  if (request.method == "GET" && shown > 0 && context_.served != nullptr) {
    context_.served->Record(account, end - shown, end - 1);
  }
  return response;
}

SimResponse FacebookService::TokenEndpoint(const SimRequest& request) const {
  if (context_.tokens == nullptr) return FbGraphError(503, 2, 0, "OAuthException", "no authority");
  const std::string client_id = Param(request, "client_id").value_or("");
  const std::string client_secret = Param(request, "client_secret").value_or("");
  if (client_id.empty()) {
    return FbGraphError(400, 101, 0, "OAuthException", "Missing client_id parameter.");
  }
  if (client_secret.empty()) {
    return FbGraphError(400, 1, 0, "OAuthException", "Missing client_secret parameter.");
  }
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  if (Param(request, "grant_type").value_or("") == "fb_exchange_token") {
    const std::string token = Param(request, "fb_exchange_token").value_or("");
    if (!context_.tokens->AccountOf(kPlatform, token)) {
      return FbGraphError(400, 190, 0, "OAuthException",
                          "Error validating access token: the token is invalid or has expired.");
    }
    w.Key("access_token");
    Str(w, token);
    w.Key("token_type");
    Str(w, "bearer");
    w.Key("expires_in");
    w.Int64(kLongLivedSeconds);
  } else {
    const std::string code = Param(request, "code").value_or("");
    if (code.empty()) {
      return FbGraphError(400, 100, 0, "OAuthException", "Missing authorization code");
    }
    auto result = context_.tokens->RedeemCode(kPlatform, code, client_id,
                                              Param(request, "redirect_uri").value_or(""), "");
    if (const auto* error = std::get_if<OAuthError>(&result)) {
      if (error->error == "invalid_client") {
        return FbGraphError(400, 101, 0, "OAuthException",
                            "Error validating application. Invalid application ID.");
      }
      const bool redirect = error->description.find("redirect_uri") != std::string::npos;
      const bool used = error->description.find("used") != std::string::npos;
      return FbGraphError(400, 100,
                          redirect ? 36008
                          : used   ? 36009
                                   : 36007,
                          "OAuthException",
                          redirect ? "Error validating verification code. Please make sure your "
                                     "redirect_uri is identical to the one you used in the OAuth "
                                     "dialog request"
                          : used   ? "This authorization code has been used."
                                   : "Code was invalid or expired.");
    }
    const IssuedTokens& tokens = std::get<IssuedTokens>(result);
    w.Key("access_token");
    Str(w, tokens.access_token);
    w.Key("token_type");
    Str(w, "bearer");
    if (tokens.access_ttl_s > 0) {
      w.Key("expires_in");
      w.Int64(tokens.access_ttl_s);
    }
  }
  w.EndObject();
  return TextResponse(200, "application/json; charset=UTF-8", JsonText(buffer));
}

SimResponse FacebookService::Dialog(const SimRequest& request) const {
  const std::string client_id = Param(request, "client_id").value_or("");
  const std::string redirect_uri = Param(request, "redirect_uri").value_or("");
  if (client_id.empty()) return FbHtml(400, "Invalid App ID");
  if (redirect_uri.empty() || redirect_uri.rfind("http", 0) != 0) {
    return FbHtml(400, "URL Blocked: the redirect_uri is not whitelisted");
  }
  if (Param(request, "response_type").value_or("code") != "code") {
    return FbHtml(400, "Unsupported response_type");
  }
  std::optional<std::string> code =
      context_.tokens == nullptr
          ? std::nullopt
          : context_.tokens->IssueCode(kPlatform, client_id, redirect_uri, "", "");
  if (!code) {
    return FbRedirect(www_ + "/login.php?skip_api_login=1&api_key=" + FbPercentEncode(client_id) +
                      "&next=" + FbPercentEncode(context_.base_url + std::string(request.target)));
  }
  const char separator = redirect_uri.find('?') == std::string::npos ? '?' : '&';
  return FbRedirect(redirect_uri + separator + "code=" + FbPercentEncode(*code) +
                    "&state=" + FbPercentEncode(Param(request, "state").value_or("")) + "#_=_");
}

SimResponse FacebookService::Throttle(const SimRequest& request) const {
  if (request.method != "POST") return TextResponse(405, "text/plain", "use POST\n");
  const std::optional<uint64_t> account =
      ParseNumber(FormValue(request.query(), "account").value_or(""));
  const std::optional<uint64_t> minutes =
      ParseNumber(FormValue(request.query(), "minutes").value_or(""));
  if (!account || !minutes || *account >= context_.world->account_count()) {
    return TextResponse(400, "text/plain", "want ?account=INDEX&minutes=M\n");
  }
  std::lock_guard lock(mu_);
  const auto index = static_cast<uint32_t>(*account);
  if (*minutes == 0) {
    throttled_.erase(index);
  } else {
    throttled_[index] = {context_.clock() + static_cast<int64_t>(*minutes) * 60000,
                         static_cast<int64_t>(*minutes)};
  }
  return TextResponse(204, "", "");
}

}  // namespace

std::string FacebookPageId(uint32_t account) { return std::to_string(kPageIdBase + account); }

std::string FacebookUsername(uint32_t account) {
  return std::string(kUsernamePrefix) + std::to_string(account);
}

std::string FacebookPostId(uint32_t account, uint64_t index) {
  return FacebookPageId(account) + "_" + std::to_string(kFacebookPostNumberBase + index);
}

std::string FacebookShim(std::string_view url) {
  return "https://l.facebook.com/l.php?u=" + FbPercentEncode(url) + "&h=AT" +
         std::to_string(FbFnv1a64(url) % 100000000) + "&s=1";
}

std::unique_ptr<PlatformService> MakeFacebookService(const PlatformContext& context) {
  return std::make_unique<FacebookService>(context);
}

}  // namespace postwatch::sim
