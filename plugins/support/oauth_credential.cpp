#include "support/oauth_credential.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "support/json_fields.h"

namespace postwatch::plugin {
namespace {

std::string_view Trim(std::string_view text) {
  const char* kSpace = " \t\r\n";
  size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(kSpace);
  return text.substr(begin, end - begin + 1);
}

std::string FirstString(const rapidjson::Value& object,
                        std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    if (auto value = JsonString(object, key); value && !value->empty()) {
      return std::string(*value);
    }
    if (auto number = JsonScalarText(object, key); number && !number->empty()) return *number;
  }
  return {};
}

}  // namespace

std::optional<OAuthCredential> ParseOAuthCredential(std::string_view secret) {
  std::string_view text = Trim(secret);
  if (text.empty()) return std::nullopt;
  if (text.front() != '{') {
    OAuthCredential bare;
    bare.access_token = std::string(text);
    return bare;
  }
  JsonParse parsed = ParseJson(text);
  if (!parsed.ok() || !parsed.doc.IsObject()) return std::nullopt;
  OAuthCredential credential;
  credential.access_token = FirstString(parsed.doc, {"access_token"});
  if (credential.access_token.empty()) return std::nullopt;
  credential.refresh_token = FirstString(parsed.doc, {"refresh_token"});
  credential.scope = FirstString(parsed.doc, {"scope"});
  credential.expires_at = JsonInt(parsed.doc, "expires_at").value_or(0);
  credential.refresh_expires_at = JsonInt(parsed.doc, "refresh_expires_at").value_or(0);
  return credential;
}

std::string SerializeOAuthCredential(const OAuthCredential& credential) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  auto string_field = [&writer](const char* key, const std::string& value) {
    if (value.empty()) return;
    writer.Key(key);
    writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  auto time_field = [&writer](const char* key, int64_t value) {
    if (value == 0) return;
    writer.Key(key);
    writer.Int64(value);
  };
  writer.StartObject();
  string_field("access_token", credential.access_token);
  string_field("refresh_token", credential.refresh_token);
  time_field("expires_at", credential.expires_at);
  time_field("refresh_expires_at", credential.refresh_expires_at);
  string_field("scope", credential.scope);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<OAuthApp> ParseOAuthApp(std::string_view app_credential) {
  JsonParse parsed = ParseJson(Trim(app_credential), JsonDialect::kConfig);
  if (!parsed.ok() || !parsed.doc.IsObject()) return std::nullopt;
  OAuthApp app;
  app.client_id = FirstString(parsed.doc, {"client_id", "app_id", "client_key"});
  app.client_secret = FirstString(parsed.doc, {"client_secret", "secret_key", "app_secret"});
  if (app.client_id.empty() || app.client_secret.empty()) return std::nullopt;
  return app;
}

std::string PercentEncodeComponent(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out.push_back('&');
    out += PercentEncodeComponent(name);
    out.push_back('=');
    out += PercentEncodeComponent(value);
  }
  return out;
}

int64_t ExpiryFromLifetime(int64_t now, int64_t expires_in) {
  return expires_in > 0 ? now + expires_in : 0;
}

}  // namespace postwatch::plugin
