// GET /v2/user/info/?fields=open_id,union_id,display_name: who granted the token. resolve()
// uses it to learn the canonical id (open_id) of an account whose token an admin imported,
// since only the code exchange answers the open_id directly.
#pragma once

#include <string>
#include <string_view>

#include "postwatch/plugin_api.h"
#include "tiktok/tiktok_config.h"

namespace postwatch::tiktok {

// <api_base_url>/v2/user/info/?fields=open_id,union_id,display_name
std::string UserInfoUrl(const TikTokConfig& config);

struct UserInfoParse {
  std::string open_id;
  std::string display_name;
  pw_status code = PW_OK;
  std::string message;
};

// Parses {"data":{"user":{"open_id":…,"display_name":…}},"error":{…}}. Failures: the error
// envelope (CheckApiResponse), not JSON (PW_E_PARSE), no data.user.open_id (PW_E_LAYOUT).
// Thread-safe.
UserInfoParse ParseUserInfo(int http_status, std::string_view body);

}  // namespace postwatch::tiktok
