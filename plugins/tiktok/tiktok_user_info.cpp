#include "tiktok/tiktok_user_info.h"

#include "support/json_fields.h"
#include "tiktok/tiktok_errors.h"

namespace postwatch::tiktok {

std::string UserInfoUrl(const TikTokConfig& config) {
  return config.api_base_url + "/v2/user/info/?fields=open_id,union_id,display_name";
}

UserInfoParse ParseUserInfo(int http_status, std::string_view body) {
  UserInfoParse result;
  plugin::JsonParse json = plugin::ParseJson(body);
  ApiFailure failure = CheckApiResponse(http_status, json.ok() ? &json.doc : nullptr, "user info");
  if (failure.code != PW_OK) {
    result.code = failure.code;
    result.message = failure.message;
    return result;
  }
  if (!json.ok()) {
    result.code = PW_E_PARSE;
    result.message = "the user info answer is not JSON: " + json.error;
    return result;
  }
  const rapidjson::Value* data = plugin::JsonMember(json.doc, "data");
  const rapidjson::Value* user = data != nullptr ? plugin::JsonMember(*data, "user") : nullptr;
  std::optional<std::string_view> open_id =
      user != nullptr ? plugin::JsonString(*user, "open_id") : std::nullopt;
  if (!open_id || open_id->empty() || open_id->size() > 128) {
    result.code = PW_E_LAYOUT;
    result.message = "the user info answer has no data.user.open_id";
    return result;
  }
  result.open_id = std::string(*open_id);
  if (auto name = plugin::JsonString(*user, "display_name")) result.display_name = *name;
  return result;
}

}  // namespace postwatch::tiktok
