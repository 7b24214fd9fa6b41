#include "config/schema_messages.h"

#include <charconv>
#include <vector>

#include "config/spelling.h"

namespace postwatch {

namespace {

const rapidjson::Value* Member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

bool IsTrue(const rapidjson::Value& object, const char* name) {
  const rapidjson::Value* value = Member(object, name);
  return value != nullptr && value->IsBool() && value->GetBool();
}

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string ExpectedTypes(const rapidjson::Value& schema) {
  const rapidjson::Value* type = Member(schema, "type");
  if (type == nullptr) return "another type";
  if (type->IsString()) return type->GetString();
  std::string out;
  if (type->IsArray()) {
    for (rapidjson::SizeType i = 0; i < type->Size(); ++i) {
      if (!(*type)[i].IsString()) continue;
      if (!out.empty()) out += i + 1 == type->Size() ? " or " : ", ";
      out += (*type)[i].GetString();
    }
  }
  return out.empty() ? "another type" : out;
}

std::string EnumMessage(const rapidjson::Value& schema, const rapidjson::Value& value) {
  const rapidjson::Value* choices = Member(schema, "enum");
  std::string list;
  std::vector<std::string> names;
  if (choices != nullptr && choices->IsArray()) {
    for (const rapidjson::Value& choice : choices->GetArray()) {
      if (!list.empty()) list += ", ";
      list += JsonValuePreview(choice);
      if (choice.IsString()) names.emplace_back(choice.GetString());
    }
  }
  std::string message = "must be one of " + list + "; got " + JsonValuePreview(value);
  if (value.IsString()) {
    if (auto match = ClosestMatch(value.GetString(), names)) {
      message += "; did you mean \"" + *match + "\"?";
    }
  }
  return message;
}

std::string BoundMessage(const rapidjson::Value& schema, const rapidjson::Value& value,
                         bool minimum) {
  const rapidjson::Value* bound = Member(schema, minimum ? "minimum" : "maximum");
  bool exclusive = IsTrue(schema, minimum ? "exclusiveMinimum" : "exclusiveMaximum");
  std::string op = minimum ? (exclusive ? ">" : ">=") : (exclusive ? "<" : "<=");
  std::string limit = bound != nullptr ? JsonNumberText(*bound) : "?";
  return "must be " + op + " " + limit + ", got " + JsonValuePreview(value);
}

std::string CountMessage(const rapidjson::Value& schema, const char* keyword,
                         const char* at_least_or_most, const char* unit) {
  const rapidjson::Value* count = Member(schema, keyword);
  std::string n = count != nullptr ? JsonNumberText(*count) : "?";
  return std::string("must have ") + at_least_or_most + " " + n + " " + unit;
}

}  // namespace

std::string_view JsonTypeName(const rapidjson::Value& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType:
      return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return "boolean";
    case rapidjson::kObjectType:
      return "object";
    case rapidjson::kArrayType:
      return "array";
    case rapidjson::kStringType:
      return "string";
    case rapidjson::kNumberType:
      return value.IsInt64() || value.IsUint64() ? "integer" : "number";
  }
  return "value";
}

std::string JsonNumberText(const rapidjson::Value& number) {
  if (number.IsInt64()) return std::to_string(number.GetInt64());
  if (number.IsUint64()) return std::to_string(number.GetUint64());
  if (!number.IsNumber()) return "?";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), number.GetDouble());
  if (ec != std::errc()) return "?";
  return std::string(buffer, end);
}

std::string JsonValuePreview(const rapidjson::Value& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType:
      return "null";
    case rapidjson::kFalseType:
      return "false";
    case rapidjson::kTrueType:
      return "true";
    case rapidjson::kObjectType:
      return "an object";
    case rapidjson::kArrayType:
      return "an array";
    case rapidjson::kNumberType:
      return JsonNumberText(value);
    case rapidjson::kStringType: {
      std::string_view text(value.GetString(), value.GetStringLength());
      if (text.size() > 60) return "\"" + std::string(text.substr(0, 57)) + "...\"";
      return "\"" + std::string(text) + "\"";
    }
  }
  return "a value";
}

std::string DescribeViolation(std::string_view keyword, const rapidjson::Value& schema,
                              const rapidjson::Value& value) {
  if (keyword == "type") {
    std::string got = std::string(JsonTypeName(value));
    if (!value.IsObject() && !value.IsArray()) got += " " + JsonValuePreview(value);
    return "expected " + ExpectedTypes(schema) + ", got " + got;
  }
  if (keyword == "enum") return EnumMessage(schema, value);
  if (keyword == "minimum") return BoundMessage(schema, value, true);
  if (keyword == "maximum") return BoundMessage(schema, value, false);
  if (keyword == "multipleOf") {
    const rapidjson::Value* factor = Member(schema, "multipleOf");
    return "must be a multiple of " + (factor ? JsonNumberText(*factor) : std::string("?")) +
           ", got " + JsonValuePreview(value);
  }
  if (keyword == "minLength") {
    const rapidjson::Value* n = Member(schema, "minLength");
    if (n != nullptr && n->IsUint() && n->GetUint() == 1) return "must not be empty";
    return CountMessage(schema, "minLength", "at least", "characters");
  }
  if (keyword == "maxLength") return CountMessage(schema, "maxLength", "at most", "characters");
  if (keyword == "pattern") {
    // "x-hint" is our own annotation (draft-04 ignores unknown keywords): the expected form
    // in words, which reads better than the regular expression.
    const rapidjson::Value* hint = Member(schema, "x-hint");
    if (hint != nullptr && hint->IsString()) {
      return "expected " + std::string(hint->GetString()) + ", got " + JsonValuePreview(value);
    }
    const rapidjson::Value* pattern = Member(schema, "pattern");
    return JsonValuePreview(value) + " does not match the pattern " +
           (pattern && pattern->IsString() ? Quoted(pattern->GetString()) : std::string("?"));
  }
  if (keyword == "minItems") return CountMessage(schema, "minItems", "at least", "items");
  if (keyword == "maxItems") return CountMessage(schema, "maxItems", "at most", "items");
  if (keyword == "minProperties") {
    return CountMessage(schema, "minProperties", "at least", "keys");
  }
  if (keyword == "maxProperties") return CountMessage(schema, "maxProperties", "at most", "keys");
  if (keyword == "uniqueItems") return "items must be unique";
  if (keyword == "anyOf" || keyword == "oneOf") {
    return "does not match any of the allowed forms of this value";
  }
  if (keyword == "allOf") return "does not match all the rules for this value";
  if (keyword == "not") return "is a value that is not allowed here";
  if (keyword == "dependencies") return "lacks a key that another key here requires";
  return "fails the schema rule '" + std::string(keyword) + "'";
}

std::string DescribeUnknownKey(std::string_view key, const rapidjson::Value& schema) {
  std::vector<std::string> known;
  if (const rapidjson::Value* properties = Member(schema, "properties")) {
    if (properties->IsObject()) {
      for (const auto& property : properties->GetObject()) {
        known.emplace_back(property.name.GetString(), property.name.GetStringLength());
      }
    }
  }
  std::string message = "unknown key " + Quoted(key);
  if (auto match = ClosestMatch(key, known)) {
    return message + "; did you mean " + Quoted(*match) + "?";
  }
  if (known.empty()) return message + "; no keys are allowed here";
  if (known.size() <= 12) {
    message += "; known keys are ";
    for (size_t i = 0; i < known.size(); ++i) {
      message += (i == 0 ? "" : ", ") + Quoted(known[i]);
    }
  }
  return message;
}

}  // namespace postwatch
