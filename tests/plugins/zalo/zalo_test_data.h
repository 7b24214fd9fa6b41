// Shared constants of the zalo plugin tests: the account, its credential, the operator's app
// and the keys of the fixture articles.
#pragma once

#include <string>

#include "recording_host.h"

namespace postwatch::zalo::test {

inline constexpr const char* kConfig = R"({"page_limit": 3})";
inline constexpr const char* kRegistered = "https://zalo.me/4368496045530239617";
inline constexpr const char* kOaId = "4368496045530239617";
inline constexpr const char* kAccessToken = "zat-SECRET-0001";
inline constexpr const char* kRefreshToken = "zrt-OLD-0001";
inline constexpr const char* kCredential =
    R"({"access_token":"zat-SECRET-0001","refresh_token":"zrt-OLD-0001","expires_at":1709400000,"refresh_expires_at":1717000000})";
inline constexpr const char* kApp =
    R"({"app_id":"1234567890123456789","secret_key":"app-secret-xyz"})";
inline constexpr const char* kNoGrant =
    "no owner grant for this account: connect it or import a token";

// Cursor keys (<create_ms>:<id>) of the articles in slice_page1.json and slice_page2.json.
inline constexpr const char* kA5 = "1709374530000:a5c3f1e0b7d94e2a8f6c1d0b3e9a7c55";
inline constexpr const char* kA3 = "1709366400000:a3f9d8c7b6a5";
inline constexpr const char* kA2 = "1709280000000:a2e8d7c6b5a4";
inline constexpr const char* kA1 = "1709193600000:a1d7c6b5a493";

inline std::string Fixture(const std::string& name) {
  return testing::ReadFileOrFail(std::string(PW_ZALO_FIXTURES_DIR) + "/" + name);
}

}  // namespace postwatch::zalo::test
