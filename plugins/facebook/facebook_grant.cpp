#include "facebook/facebook_grant.h"

#include "facebook/facebook_page.h"
#include "support/json_fields.h"

namespace postwatch::facebook {
namespace {

plugin::RequestFields TokenPost(const FacebookConfig& config,
                                const std::vector<std::pair<std::string, std::string>>& fields,
                                std::string_view tag) {
  plugin::RequestFields request;
  request.method = "POST";
  request.url = config.GraphRoot() + "/oauth/access_token";
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.headers.emplace_back("Accept", "application/json");
  request.body = plugin::FormEncode(fields);
  request.tag = std::string(tag);
  return request;
}

}  // namespace

std::string AuthorizeUrl(const FacebookConfig& config, std::string_view client_id,
                         std::string_view redirect_uri, std::string_view state) {
  return config.dialog_base_url + "/" + config.api_version + "/dialog/oauth?" +
         plugin::FormEncode({{"client_id", std::string(client_id)},
                             {"redirect_uri", std::string(redirect_uri)},
                             {"state", std::string(state)},
                             {"scope", std::string(kGrantScopes)},
                             {"response_type", "code"}});
}

plugin::RequestFields CodeExchangeRequest(const FacebookConfig& config, const plugin::OAuthApp& app,
                                          std::string_view redirect_uri, std::string_view code) {
  return TokenPost(config,
                   {{"client_id", app.client_id},
                    {"redirect_uri", std::string(redirect_uri)},
                    {"client_secret", app.client_secret},
                    {"code", std::string(code)}},
                   kGrantCodeTag);
}

plugin::RequestFields LongLivedRequest(const FacebookConfig& config, const plugin::OAuthApp& app,
                                       std::string_view user_token) {
  return TokenPost(config,
                   {{"grant_type", "fb_exchange_token"},
                    {"client_id", app.client_id},
                    {"client_secret", app.client_secret},
                    {"fb_exchange_token", std::string(user_token)}},
                   kGrantLongLivedTag);
}

plugin::RequestFields PageTokenRequest(const FacebookConfig& config, std::string_view page_node,
                                       std::string_view user_token) {
  plugin::RequestFields request;
  request.url = config.GraphRoot() + "/" + plugin::PercentEncodeComponent(page_node) +
                "?fields=id,name,access_token";
  request.headers.emplace_back("Authorization", "Bearer " + std::string(user_token));
  request.headers.emplace_back("Accept", "application/json");
  request.tag = std::string(kGrantPageTag);
  return request;
}

std::optional<UserToken> ParseUserToken(std::string_view body) {
  plugin::JsonParse json = plugin::ParseJson(body);
  if (!json.ok() || !json.doc.IsObject()) return std::nullopt;
  UserToken token;
  token.access_token = std::string(plugin::JsonString(json.doc, "access_token").value_or(""));
  if (token.access_token.empty()) return std::nullopt;
  token.expires_in = plugin::JsonInt(json.doc, "expires_in").value_or(0);
  return token;
}

std::optional<PageToken> ParsePageToken(std::string_view body) {
  plugin::JsonParse json = plugin::ParseJson(body);
  if (!json.ok() || !json.doc.IsObject()) return std::nullopt;
  PageToken token;
  token.page_id = plugin::JsonScalarText(json.doc, "id").value_or("");
  if (!IsPageId(token.page_id)) return std::nullopt;
  token.access_token = std::string(plugin::JsonString(json.doc, "access_token").value_or(""));
  return token;
}

}  // namespace postwatch::facebook
