// How schema violations are phrased for people. Internal to the config component.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace postwatch {

// "integer", "number", "string", "boolean", "null", "array" or "object".
std::string_view JsonTypeName(const rapidjson::Value& value);

// A short rendering of a value for messages: strings quoted, containers elided.
std::string JsonValuePreview(const rapidjson::Value& value);

// A schema number as written: "10", "0.5".
std::string JsonNumberText(const rapidjson::Value& number);

// The message for `value` failing `keyword` of `schema` (the failing subschema), for
// keywords about the value itself: type, enum, minimum, maximum, multipleOf, minLength,
// maxLength, pattern, minItems, maxItems, minProperties, maxProperties, allOf, anyOf,
// oneOf, not, dependencies. Unknown keywords get a generic message naming the keyword.
std::string DescribeViolation(std::string_view keyword, const rapidjson::Value& schema,
                              const rapidjson::Value& value);

// "unknown key 'x'", with "; did you mean 'y'?" when a property of `schema` is close, or
// the list of known keys when there are few.
std::string DescribeUnknownKey(std::string_view key, const rapidjson::Value& schema);

}  // namespace postwatch
