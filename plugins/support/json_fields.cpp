#include "support/json_fields.h"

#include <rapidjson/error/en.h>

namespace postwatch::plugin {

JsonParse ParseJson(std::string_view text, JsonDialect dialect) {
  JsonParse result;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  constexpr unsigned kConfigFlags =
      rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag;
  if (dialect == JsonDialect::kConfig) {
    result.doc.Parse<kConfigFlags>(text.data(), text.size());
  } else {
    result.doc.Parse(text.data(), text.size());
  }
  if (result.doc.HasParseError()) {
    result.error = "offset " + std::to_string(result.doc.GetErrorOffset()) + ": " +
                   rapidjson::GetParseError_En(result.doc.GetParseError());
  }
  return result;
}

const rapidjson::Value* JsonMember(const rapidjson::Value& object, std::string_view key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(rapidjson::Value(
      rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size()))));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::optional<std::string_view> JsonString(const rapidjson::Value& object, std::string_view key) {
  const rapidjson::Value* value = JsonMember(object, key);
  if (value == nullptr || !value->IsString()) return std::nullopt;
  return std::string_view(value->GetString(), value->GetStringLength());
}

std::optional<int64_t> JsonInt(const rapidjson::Value& object, std::string_view key) {
  const rapidjson::Value* value = JsonMember(object, key);
  if (value == nullptr || !value->IsInt64()) return std::nullopt;
  return value->GetInt64();
}

std::optional<std::string> JsonScalarText(const rapidjson::Value& object, std::string_view key) {
  const rapidjson::Value* value = JsonMember(object, key);
  if (value == nullptr) return std::nullopt;
  if (value->IsString()) return std::string(value->GetString(), value->GetStringLength());
  if (value->IsInt64()) return std::to_string(value->GetInt64());
  if (value->IsUint64()) return std::to_string(value->GetUint64());
  if (value->IsDouble()) {
    double number = value->GetDouble();
    std::string text = std::to_string(number);
    return text;
  }
  return std::nullopt;
}

std::string ReadBoundedInt(const rapidjson::Value& value, std::string_view key, int low, int high,
                           int* out) {
  if (!value.IsInt() || value.GetInt() < low || value.GetInt() > high) {
    return std::string(key) + " must be an integer from " + std::to_string(low) + " to " +
           std::to_string(high);
  }
  *out = value.GetInt();
  return "";
}

}  // namespace postwatch::plugin
