#include "tiktok/tiktok_oauth.h"

#include "support/json_fields.h"
#include "tiktok/tiktok_errors.h"

namespace postwatch::tiktok {

std::string AuthorizeUrl(const TikTokConfig& config, const plugin::OAuthApp& app,
                         std::string_view redirect_uri, std::string_view state,
                         std::string_view code_challenge) {
  std::vector<std::pair<std::string, std::string>> query = {
      {"client_key", app.client_id}, {"scope", std::string(kScopes)},
      {"response_type", "code"},     {"redirect_uri", std::string(redirect_uri)},
      {"state", std::string(state)},
  };
  if (!code_challenge.empty()) {
    query.emplace_back("code_challenge", std::string(code_challenge));
    query.emplace_back("code_challenge_method", "S256");
  }
  return config.auth_base_url + "/v2/auth/authorize/?" + plugin::FormEncode(query);
}

std::string TokenUrl(const TikTokConfig& config) {
  return config.api_base_url + "/v2/oauth/token/";
}

std::string CodeExchangeBody(const plugin::OAuthApp& app, std::string_view code,
                             std::string_view redirect_uri, std::string_view code_verifier) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"client_key", app.client_id},
      {"client_secret", app.client_secret},
      {"code", std::string(code)},
      {"grant_type", "authorization_code"},
      {"redirect_uri", std::string(redirect_uri)},
  };
  if (!code_verifier.empty()) fields.emplace_back("code_verifier", std::string(code_verifier));
  return plugin::FormEncode(fields);
}

std::string RefreshBody(const plugin::OAuthApp& app, std::string_view refresh_token) {
  return plugin::FormEncode({
      {"client_key", app.client_id},
      {"client_secret", app.client_secret},
      {"grant_type", "refresh_token"},
      {"refresh_token", std::string(refresh_token)},
  });
}

TokenParse ParseTokenAnswer(int http_status, std::string_view body, int64_t now,
                            const plugin::OAuthCredential* previous, std::string_view what) {
  TokenParse result;
  plugin::JsonParse json = plugin::ParseJson(body);
  ApiFailure failure = CheckTokenResponse(http_status, json.ok() ? &json.doc : nullptr, what);
  if (failure.code != PW_OK) {
    result.code = failure.code;
    result.message = failure.message;
    return result;
  }
  if (!json.ok() || !json.doc.IsObject()) {
    result.code = PW_E_PARSE;
    result.message = "the TikTok " + std::string(what) + " answer is not a JSON object";
    return result;
  }
  plugin::OAuthCredential& credential = result.answer.credential;
  auto text = [&json](std::string_view key) {
    std::optional<std::string_view> value = plugin::JsonString(json.doc, key);
    return value ? std::string(*value) : std::string();
  };
  credential.access_token = text("access_token");
  if (credential.access_token.empty()) {
    result.code = PW_E_LAYOUT;
    result.message = "the TikTok " + std::string(what) + " answer has no access_token";
    return result;
  }
  credential.refresh_token = text("refresh_token");
  credential.scope = text("scope");
  credential.expires_at =
      plugin::ExpiryFromLifetime(now, plugin::JsonInt(json.doc, "expires_in").value_or(0));
  credential.refresh_expires_at =
      plugin::ExpiryFromLifetime(now, plugin::JsonInt(json.doc, "refresh_expires_in").value_or(0));
  if (previous != nullptr) {
    if (credential.refresh_token.empty()) {
      credential.refresh_token = previous->refresh_token;
      if (credential.refresh_expires_at == 0) {
        credential.refresh_expires_at = previous->refresh_expires_at;
      }
    }
    if (credential.scope.empty()) credential.scope = previous->scope;
  }
  result.answer.open_id = plugin::JsonScalarText(json.doc, "open_id").value_or("");
  return result;
}

bool ScopeIncludes(std::string_view scope, std::string_view wanted) {
  size_t pos = 0;
  while (pos <= scope.size()) {
    size_t end = scope.find_first_of(", ", pos);
    if (end == std::string_view::npos) end = scope.size();
    if (scope.substr(pos, end - pos) == wanted) return true;
    pos = end + 1;
  }
  return false;
}

}  // namespace postwatch::tiktok
