// LocatedJson: a JSON document parsed from text that remembers where each value and each
// member name begins, so that errors can say file:line:column.
//
// JSON texts here are the daemon's own inputs (config, registry, plugin config), so
// comments (// and /* */) and trailing commas are accepted.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "config/json_error.h"

namespace postwatch {

struct TextPosition {
  int line = 0;  // 1-based; 0 when unknown
  int column = 0;
};

struct JsonParse;

class LocatedJson {
 public:
  const rapidjson::Document& document() const { return document_; }
  const TextOrigin& origin() const { return origin_; }

  // Position of the value at `pointer` (relative to the document root, e.g.
  // "/fetch/timeout_ms"); of the nearest enclosing value when nothing is there.
  TextPosition ValuePosition(std::string_view pointer) const;

  // Position of the member name the pointer ends with; ValuePosition() when the value is
  // not an object member.
  TextPosition KeyPosition(std::string_view pointer) const;

  // The exact source text of the value at `pointer`, comments included; for objects and
  // arrays from the opening to the closing bracket. Empty when there is no such value.
  std::string_view SourceOf(std::string_view pointer) const;

  // An error about the value at `pointer` (or about its member name when `at_key`), with
  // the origin's file, the position, and the origin's pointer prefixed.
  JsonError ErrorAt(std::string_view pointer, std::string message, bool at_key = false) const;

 private:
  friend JsonParse ParseJson(std::string text, TextOrigin origin);

  struct Span {
    size_t begin = 0;
    size_t end = 0;  // one past the last byte
  };

  struct Index {
    std::unordered_map<std::string, Span> values;
    std::unordered_map<std::string, size_t> keys;
  };

  TextPosition PositionOfOffset(size_t offset) const;
  // Where every value and member name is, built on first use by a second pass over the
  // text: positions are only needed to report errors, and a large registry has none.
  const Index& index() const;

  std::string text_;
  rapidjson::Document document_;
  TextOrigin origin_;
  mutable std::unique_ptr<Index> index_;     // see index(); one thread uses a LocatedJson
  mutable std::vector<size_t> line_starts_;  // built on first use, like index_
};

struct JsonParse {
  std::optional<LocatedJson> json;  // set when the text is syntactically valid JSON
  std::vector<JsonError> errors;    // the syntax error, or member names repeated in an object
};

// Parses `text`. A syntax error is reported at its line:column with RapidJSON's message.
// Thread-safe (no shared state).
JsonParse ParseJson(std::string text, TextOrigin origin);

// Parses `text` without keeping locations. Failure: InvalidArgument whose message is the
// error's ToString() ("source:line:col: ...").
Result<rapidjson::Document> ParseJsonText(std::string_view text, std::string_view source_name);

// Appends "/" and `token` escaped as RFC 6901 says ("~" -> "~0", "/" -> "~1").
void AppendPointerToken(std::string& pointer, std::string_view token);

}  // namespace postwatch
