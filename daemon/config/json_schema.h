// JsonSchema: a compiled JSON Schema (draft-04, RapidJSON's validator) that reports every
// violation in a document, each with its JSON Pointer and a message a person can act on.
//
// RapidJSON 1.1's validator stops at the first violation. To report all of them, the
// document is validated again after removing each offending value from a working copy,
// until it passes; pointers are mapped back to the original document (array indices shift
// when an element is removed). So RapidJSON alone decides what is valid; this class only
// finds more than one answer and phrases it.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/schema.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "config/json_error.h"
#include "config/located_json.h"

namespace postwatch {

// One violation of a schema, located by pointer only.
struct SchemaViolation {
  std::string pointer;  // of the offending value, relative to the validated document
  bool at_key = false;  // the member name itself is the problem (an unknown key)
  std::string message;  // "unknown key 'timeuot_ms'; did you mean 'timeout_ms'?"
};

class JsonSchema {
 public:
  // Compiles the schema text (comments allowed). Failure: InvalidArgument when the text is
  // not JSON or not an object. `name` appears in that message.
  static Result<JsonSchema> Compile(std::string_view schema_text, std::string_view name);

  // Every violation in `document`, in document order, at most kMaxViolations. Thread-safe:
  // a compiled schema may be shared by threads that validate concurrently.
  std::vector<SchemaViolation> FindViolations(const rapidjson::Value& document) const;

  // FindViolations() turned into errors located in `json`'s source text.
  std::vector<JsonError> Validate(const LocatedJson& json) const;

  // The schema as parsed, e.g. to read its "default"s.
  const rapidjson::Document& json() const { return *schema_json_; }

  static constexpr size_t kMaxViolations = 200;

 private:
  JsonSchema() = default;

  // Heap-allocated so that moving a JsonSchema keeps the SchemaDocument's references valid.
  std::unique_ptr<rapidjson::Document> schema_json_;
  std::unique_ptr<rapidjson::SchemaDocument> schema_;
};

// Compiles `schema_text` and validates `document` against it; errors carry `source_name`
// and pointers but no line:column. A schema that does not compile is one error.
std::vector<JsonError> ValidateAgainstSchema(std::string_view schema_text,
                                             const rapidjson::Value& document,
                                             std::string_view source_name);

// Parses `text` (comments and trailing commas allowed) and validates it against
// `schema_text`, with positions shifted by `origin`: the plugin host checks a plugin's
// "config" object this way, passing the slice of the config file and where it starts.
// Empty when the text is valid.
std::vector<JsonError> CheckJsonText(std::string_view schema_text, std::string_view text,
                                     const TextOrigin& origin);

}  // namespace postwatch
