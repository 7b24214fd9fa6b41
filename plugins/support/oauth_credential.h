// The conventional shape of owner-granted credentials (pw_credential.secret) and of the
// operator's OAuth app credential (pw_account.app_credential), shared by every plugin that
// reads a platform through the owner's grant, and form encoding for token requests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace postwatch::plugin {

// An owner's token set. Serialised as
//   {"access_token":"…","refresh_token":"…","expires_at":N,"refresh_expires_at":N,"scope":"…"}
// with empty strings and zero times omitted.
struct OAuthCredential {
  std::string access_token;
  std::string refresh_token;
  int64_t expires_at = 0;          // Unix seconds; 0 = no known expiry
  int64_t refresh_expires_at = 0;  // Unix seconds; 0 = unknown
  std::string scope;
};

// Reads a credential. A bare token (text that is not a JSON object) is taken as the access
// token, so that an admin may import a long-lived token as it is. nullopt when the text is
// a JSON object without a non-empty access_token, or empty. Thread-safe.
std::optional<OAuthCredential> ParseOAuthCredential(std::string_view secret);

// The JSON text of `credential`. Thread-safe.
std::string SerializeOAuthCredential(const OAuthCredential& credential);

// The operator's OAuth app: {"client_id":"…","client_secret":"…"} (also accepted:
// "app_id"/"client_key" for the id and "secret_key"/"app_secret" for the secret, as the
// platforms name them). nullopt when either is missing.
struct OAuthApp {
  std::string client_id;
  std::string client_secret;
};
std::optional<OAuthApp> ParseOAuthApp(std::string_view app_credential);

// application/x-www-form-urlencoded encoding of `fields` ("a=1&b=x%20y" style, with '+'
// never used for spaces so that the result is also a valid URL query). Thread-safe.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

// Percent-encodes every byte except RFC 3986 unreserved characters.
std::string PercentEncodeComponent(std::string_view text);

// The time `now` plus a token lifetime in seconds from a token response ("expires_in"),
// or 0 when `expires_in` is not positive.
int64_t ExpiryFromLifetime(int64_t now, int64_t expires_in);

}  // namespace postwatch::plugin
