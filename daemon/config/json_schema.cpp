#include "config/json_schema.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "config/schema_messages.h"

namespace postwatch {

namespace {

const rapidjson::Value& EmptyObject() {
  static const rapidjson::Value empty(rapidjson::kObjectType);
  return empty;
}

std::vector<std::string> TokensOf(const rapidjson::SchemaValidator::PointerType& pointer) {
  std::vector<std::string> tokens;
  for (size_t i = 0; i < pointer.GetTokenCount(); ++i) {
    const auto& token = pointer.GetTokens()[i];
    tokens.emplace_back(token.name, token.length);
  }
  return tokens;
}

// The working copy of a document from which offending values are removed, and what is
// needed to name a value of the copy by its pointer in the original document.
class WorkingCopy {
 public:
  explicit WorkingCopy(const rapidjson::Value& original) {
    document_.CopyFrom(original, document_.GetAllocator());
  }

  rapidjson::Document& document() { return document_; }

  struct Place {
    rapidjson::Value* value = nullptr;   // in the working copy; null if the path is stale
    rapidjson::Value* parent = nullptr;  // null for the root
    std::string original_pointer;        // of the value
    std::string original_parent_pointer;
  };

  // Follows working-copy `tokens` and translates array indices to the original ones.
  Place Find(const std::vector<std::string>& tokens) {
    Place place;
    place.value = &document_;
    for (const std::string& token : tokens) {
      rapidjson::Value* current = place.value;
      place.parent = current;
      place.original_parent_pointer = place.original_pointer;
      if (current->IsArray()) {
        size_t index = std::stoul(token);
        if (index >= current->Size()) return Place{};
        place.value = &(*current)[static_cast<rapidjson::SizeType>(index)];
        AppendPointerToken(place.original_pointer,
                           std::to_string(OriginalIndex(place.original_parent_pointer, index)));
      } else if (current->IsObject()) {
        auto it = current->FindMember(rapidjson::StringRef(token.data(), token.size()));
        if (it == current->MemberEnd()) return Place{};
        place.value = &it->value;
        AppendPointerToken(place.original_pointer, token);
      } else {
        return Place{};
      }
    }
    return place;
  }

  // Removes the value at `place` (not the root) from its parent.
  void Remove(const Place& place, const std::string& last_token) {
    if (place.parent->IsArray()) {
      size_t index = std::stoul(last_token);
      std::vector<size_t>& removed = removed_indices_[place.original_parent_pointer];
      size_t original = OriginalIndex(place.original_parent_pointer, index);
      removed.insert(std::upper_bound(removed.begin(), removed.end(), original), original);
      place.parent->Erase(place.parent->Begin() + index);
    } else {
      removed_keys_.emplace(place.original_parent_pointer, last_token);
      place.parent->EraseMember(rapidjson::StringRef(last_token.data(), last_token.size()));
    }
    touched_.insert(place.original_parent_pointer);
  }

  bool KeyWasRemoved(const std::string& object_pointer, const std::string& key) const {
    return removed_keys_.count({object_pointer, key}) > 0;
  }
  bool WasTouched(const std::string& container_pointer) const {
    return touched_.count(container_pointer) > 0;
  }

 private:
  // The original index of the element now at `index` of the array at `array_pointer`.
  size_t OriginalIndex(const std::string& array_pointer, size_t index) const {
    auto it = removed_indices_.find(array_pointer);
    if (it == removed_indices_.end()) return index;
    size_t original = index;
    for (size_t removed : it->second) {
      if (removed <= original) ++original;
    }
    return original;
  }

  rapidjson::Document document_;
  std::map<std::string, std::vector<size_t>> removed_indices_;  // sorted, original indices
  std::set<std::pair<std::string, std::string>> removed_keys_;
  std::set<std::string> touched_;
};

}  // namespace

Result<JsonSchema> JsonSchema::Compile(std::string_view schema_text, std::string_view name) {
  auto parsed = ParseJsonText(schema_text, name);
  if (!parsed.ok()) return parsed.status().WithContext("schema");
  if (!parsed->IsObject()) {
    return Status::InvalidArgument("schema " + std::string(name) + " is not a JSON object");
  }
  JsonSchema schema;
  schema.schema_json_ = std::make_unique<rapidjson::Document>(std::move(parsed).value());
  schema.schema_ = std::make_unique<rapidjson::SchemaDocument>(*schema.schema_json_);
  return Result<JsonSchema>(std::move(schema));
}

std::vector<SchemaViolation> JsonSchema::FindViolations(const rapidjson::Value& document) const {
  std::vector<SchemaViolation> violations;
  {
    // Most documents are valid: check the original first, and copy it (the copy of a large
    // registry costs as much time and memory as its parse) only to find every violation.
    rapidjson::SchemaValidator validator(*schema_);
    if (document.Accept(validator)) return violations;
  }
  WorkingCopy work(document);
  while (violations.size() < kMaxViolations) {
    rapidjson::SchemaValidator validator(*schema_);
    if (work.document().Accept(validator)) break;

    std::vector<std::string> tokens = TokensOf(validator.GetInvalidDocumentPointer());
    const char* keyword_text = validator.GetInvalidSchemaKeyword();
    std::string keyword = keyword_text != nullptr ? keyword_text : "";
    const rapidjson::Value* found = validator.GetInvalidSchemaPointer().Get(*schema_json_);
    const rapidjson::Value& subschema = found != nullptr ? *found : EmptyObject();
    WorkingCopy::Place place = work.Find(tokens);
    if (place.value == nullptr) break;  // cannot happen: the validator just walked this path

    if (keyword == "required") {
      const rapidjson::Value& object = *place.value;
      auto required = subschema.FindMember("required");
      if (required != subschema.MemberEnd() && required->value.IsArray() && object.IsObject()) {
        for (const rapidjson::Value& name : required->value.GetArray()) {
          if (!name.IsString() || object.HasMember(name)) continue;
          std::string key(name.GetString(), name.GetStringLength());
          // A required value that we removed was reported when we removed it.
          if (work.KeyWasRemoved(place.original_pointer, key)) continue;
          violations.push_back(
              {place.original_pointer, false, "missing required key '" + key + "'"});
        }
      }
    } else if (keyword == "additionalProperties") {
      violations.push_back(
          {place.original_pointer, true, DescribeUnknownKey(tokens.back(), subschema)});
    } else if (keyword == "uniqueItems") {
      std::string message = "duplicate of an earlier item";
      if (!place.value->IsObject() && !place.value->IsArray()) {
        message += ": " + JsonValuePreview(*place.value);
      }
      violations.push_back({place.original_pointer, false, std::move(message)});
    } else if ((keyword == "minItems" || keyword == "minProperties" || keyword == "dependencies") &&
               work.WasTouched(place.original_pointer)) {
      // Only short because we removed an offending item: already reported.
    } else {
      violations.push_back(
          {place.original_pointer, false, DescribeViolation(keyword, subschema, *place.value)});
    }

    if (tokens.empty()) break;  // the root cannot be removed, and nothing follows its end
    work.Remove(place, tokens.back());
  }
  if (violations.size() >= kMaxViolations) {
    violations.push_back(
        {"", false, "too many errors; stopped after " + std::to_string(kMaxViolations)});
  }
  return violations;
}

std::vector<JsonError> JsonSchema::Validate(const LocatedJson& json) const {
  std::vector<JsonError> errors;
  for (SchemaViolation& violation : FindViolations(json.document())) {
    errors.push_back(
        json.ErrorAt(violation.pointer, std::move(violation.message), violation.at_key));
  }
  return errors;
}

std::vector<JsonError> ValidateAgainstSchema(std::string_view schema_text,
                                             const rapidjson::Value& document,
                                             std::string_view source_name) {
  std::vector<JsonError> errors;
  auto schema = JsonSchema::Compile(schema_text, source_name);
  if (!schema.ok()) {
    errors.push_back(JsonError{std::string(source_name), 0, 0, "", schema.status().message()});
    return errors;
  }
  for (SchemaViolation& violation : schema->FindViolations(document)) {
    errors.push_back(
        JsonError{std::string(source_name), 0, 0, violation.pointer, std::move(violation.message)});
  }
  return errors;
}

std::vector<JsonError> CheckJsonText(std::string_view schema_text, std::string_view text,
                                     const TextOrigin& origin) {
  JsonParse parse = ParseJson(std::string(text), origin);
  if (!parse.json) return parse.errors;
  auto schema = JsonSchema::Compile(schema_text, origin.file);
  if (!schema.ok()) {
    parse.errors.push_back(JsonError{origin.file, 0, 0, "", schema.status().message()});
    return parse.errors;
  }
  for (JsonError& error : schema->Validate(*parse.json)) parse.errors.push_back(std::move(error));
  return parse.errors;
}

}  // namespace postwatch
