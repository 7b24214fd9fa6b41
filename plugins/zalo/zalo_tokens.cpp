#include "zalo/zalo_tokens.h"

#include <charconv>

#include "support/json_fields.h"

namespace postwatch::zalo {
namespace {

// A lifetime in seconds: an integer, or a numeric string ("90000"); nullopt otherwise.
std::optional<int64_t> Seconds(const rapidjson::Value& object, std::string_view key) {
  if (auto number = plugin::JsonInt(object, key)) return number;
  if (auto text = plugin::JsonString(object, key)) {
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec == std::errc() && end == text->data() + text->size()) return value;
  }
  return std::nullopt;
}

plugin::RequestFields TokenRequest(const ZaloConfig& config, const plugin::OAuthApp& app,
                                   std::vector<std::pair<std::string, std::string>> form,
                                   std::string_view tag) {
  plugin::RequestFields request;
  request.method = "POST";
  request.url = config.oauth_base_url + "/v4/oa/access_token";
  request.headers.emplace_back("secret_key", app.client_secret);
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.headers.emplace_back("Accept", "application/json");
  request.body = plugin::FormEncode(form);
  request.tag = std::string(tag);
  return request;
}

}  // namespace

std::string AuthorizeUrl(const ZaloConfig& config, std::string_view app_id,
                         std::string_view redirect_uri, std::string_view code_challenge,
                         std::string_view state) {
  std::vector<std::pair<std::string, std::string>> query = {
      {"app_id", std::string(app_id)}, {"redirect_uri", std::string(redirect_uri)}};
  if (!code_challenge.empty()) query.emplace_back("code_challenge", std::string(code_challenge));
  if (!state.empty()) query.emplace_back("state", std::string(state));
  return config.authorize_base_url + "/v4/oa/permission?" + plugin::FormEncode(query);
}

plugin::RequestFields RefreshRequest(const ZaloConfig& config, const plugin::OAuthApp& app,
                                     std::string_view refresh_token, std::string_view tag) {
  return TokenRequest(config, app,
                      {{"refresh_token", std::string(refresh_token)},
                       {"app_id", app.client_id},
                       {"grant_type", "refresh_token"}},
                      tag);
}

plugin::RequestFields CodeRequest(const ZaloConfig& config, const plugin::OAuthApp& app,
                                  std::string_view code, std::string_view code_verifier,
                                  std::string_view tag) {
  std::vector<std::pair<std::string, std::string>> form = {
      {"code", std::string(code)}, {"app_id", app.client_id}, {"grant_type", "authorization_code"}};
  if (!code_verifier.empty()) form.emplace_back("code_verifier", std::string(code_verifier));
  return TokenRequest(config, app, std::move(form), tag);
}

plugin::OAuthCredential CredentialFromAnswer(const rapidjson::Value& answer,
                                             const plugin::OAuthCredential& previous, int64_t now) {
  plugin::OAuthCredential credential;
  credential.access_token = std::string(plugin::JsonString(answer, "access_token").value_or(""));
  std::string_view refresh = plugin::JsonString(answer, "refresh_token").value_or("");
  credential.expires_at =
      plugin::ExpiryFromLifetime(now, Seconds(answer, "expires_in").value_or(0));
  if (refresh.empty()) {
    credential.refresh_token = previous.refresh_token;
    credential.refresh_expires_at = previous.refresh_expires_at;
  } else {
    credential.refresh_token = std::string(refresh);
    std::optional<int64_t> lifetime = Seconds(answer, "refresh_token_expires_in");
    credential.refresh_expires_at =
        plugin::ExpiryFromLifetime(now, lifetime.value_or(kRefreshLifetimeS));
  }
  credential.scope = previous.scope;
  return credential;
}

}  // namespace postwatch::zalo
