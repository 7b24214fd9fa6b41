// Parsing JSON with RapidJSON and reading optional members without exceptions or asserts.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace postwatch::plugin {

// A parsed document, or the reason it could not be parsed.
struct JsonParse {
  rapidjson::Document doc;
  std::string error;  // "" on success; else "offset N: <RapidJSON message>"
  bool ok() const { return error.empty(); }
};

// How lenient ParseJson is.
enum class JsonDialect {
  kStrict,  // RFC 8259, for platform responses (a leading UTF-8 BOM is skipped)
  kConfig,  // also comments and trailing commas, as in postwatch's config files
};

// Parses `text` (not NUL-terminated; copied). Thread-safe.
JsonParse ParseJson(std::string_view text, JsonDialect dialect = JsonDialect::kStrict);

// The member `key` of `object`; NULL when `object` is not an object or has no such member.
const rapidjson::Value* JsonMember(const rapidjson::Value& object, std::string_view key);

// The string member `key`; nullopt when absent or not a string. The view points into `object`.
std::optional<std::string_view> JsonString(const rapidjson::Value& object, std::string_view key);

// The integer member `key`; nullopt when absent or not an integer that fits in int64.
std::optional<int64_t> JsonInt(const rapidjson::Value& object, std::string_view key);

// A string or number member as text ("42" for 42); nullopt for other types. JSON Feed 1.0
// producers sometimes write numeric ids.
std::optional<std::string> JsonScalarText(const rapidjson::Value& object, std::string_view key);

// Reads an integer config value within [low, high] into *out. Returns "" on success, else
// "<key> must be an integer from <low> to <high>" (and leaves *out alone).
std::string ReadBoundedInt(const rapidjson::Value& value, std::string_view key, int low, int high,
                           int* out);

}  // namespace postwatch::plugin
