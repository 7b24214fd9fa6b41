#include "config/located_json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <unordered_set>

namespace postwatch {

namespace {

constexpr unsigned kParseFlags =
    rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag;

// Skips what may sit between two JSON tokens: whitespace, ',', ':' and comments.
size_t SkipFiller(std::string_view text, size_t pos) {
  while (pos < text.size()) {
    char c = text[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':') {
      ++pos;
    } else if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '/') {
      size_t nl = text.find('\n', pos);
      pos = nl == std::string_view::npos ? text.size() : nl + 1;
    } else if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '*') {
      size_t close = text.find("*/", pos + 2);
      pos = close == std::string_view::npos ? text.size() : close + 2;
    } else {
      break;
    }
  }
  return pos;
}

// A SAX handler that records the byte span of every value and the offset of every member
// name, keyed by JSON Pointer. RapidJSON calls each handler method right after it consumed
// the token, so the stream position is the token's end; its start is the first byte after
// the previous token that is not filler.
class LocationRecorder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, LocationRecorder> {
 public:
  struct Span {
    size_t begin;
    size_t end;
  };

  // Positions cost a map entry per value, which a registry of a million accounts should
  // not pay unless an error needs one: see LocatedJson::index().
  LocationRecorder(std::string_view text, const rapidjson::MemoryStream& stream)
      : text_(text), stream_(stream) {}

  bool Default() {
    size_t begin = SkipFiller(text_, previous_end_);
    previous_end_ = stream_.Tell();
    std::string pointer = ChildPointer();
    values_[std::move(pointer)] = Span{begin, previous_end_};
    return true;
  }
  bool StartObject() { return StartContainer(false); }
  bool StartArray() { return StartContainer(true); }
  bool EndObject(rapidjson::SizeType) { return EndContainer('}'); }
  bool EndArray(rapidjson::SizeType) { return EndContainer(']'); }

  bool Key(const char* str, rapidjson::SizeType length, bool) {
    size_t begin = SkipFiller(text_, previous_end_);
    previous_end_ = stream_.Tell();
    Frame& frame = frames_.back();
    frame.key = frame.pointer;
    AppendPointerToken(frame.key, std::string_view(str, length));
    keys_[frame.key] = begin;
    return true;
  }

  std::unordered_map<std::string, Span>& values() { return values_; }
  std::unordered_map<std::string, size_t>& keys() { return keys_; }

 private:
  struct Frame {
    bool is_array = false;
    size_t next_index = 0;
    std::string pointer;
    std::string key;  // pointer of the member whose value comes next
  };

  std::string ChildPointer() {
    if (frames_.empty()) return "";
    Frame& frame = frames_.back();
    if (!frame.is_array) return frame.key;
    std::string pointer = frame.pointer;
    AppendPointerToken(pointer, std::to_string(frame.next_index++));
    return pointer;
  }

  bool StartContainer(bool is_array) {
    size_t begin = SkipFiller(text_, previous_end_);
    previous_end_ = stream_.Tell();
    Frame frame;
    frame.is_array = is_array;
    frame.pointer = ChildPointer();
    values_[frame.pointer] = Span{begin, previous_end_};
    frames_.push_back(std::move(frame));
    return true;
  }

  bool EndContainer(char close) {
    previous_end_ = stream_.Tell();
    // RapidJSON reports the end of an object or array after taking its closing bracket,
    // except after a trailing comma, where it reports it before.
    if (previous_end_ > 0 && text_[previous_end_ - 1] != close) ++previous_end_;
    values_[frames_.back().pointer].end = previous_end_;
    frames_.pop_back();
    return true;
  }

  std::string_view text_;
  const rapidjson::MemoryStream& stream_;
  size_t previous_end_ = 0;
  std::vector<Frame> frames_;
  std::unordered_map<std::string, Span> values_;
  std::unordered_map<std::string, size_t> keys_;
};

std::vector<size_t> LineStarts(std::string_view text) {
  std::vector<size_t> starts = {0};
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}

// Line and column (in characters: UTF-8 continuation bytes do not count) of `offset`.
TextPosition PositionIn(std::string_view text, const std::vector<size_t>& line_starts,
                        size_t offset, const TextOrigin& origin) {
  offset = std::min(offset, text.size());
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  size_t line_index = static_cast<size_t>(it - line_starts.begin()) - 1;
  int column = 1;
  for (size_t i = line_starts[line_index]; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  TextPosition position;
  position.line = origin.line + static_cast<int>(line_index);
  position.column = line_index == 0 ? origin.column + column - 1 : column;
  return position;
}

std::string SyntaxMessage(rapidjson::ParseErrorCode code) {
  std::string message = rapidjson::GetParseError_En(code);
  if (!message.empty() && message.back() == '.') message.pop_back();
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z') {
    message[0] = static_cast<char>(message[0] - 'A' + 'a');
  }
  return "invalid JSON: " + message;
}

// Appends to `out` the pointer of every member whose name an earlier member of the same
// object already has, in document order. Read from the document, so that finding them
// costs no second parse of the text (RapidJSON keeps repeated members).
void FindRepeatedKeys(const rapidjson::Value& value, std::string& pointer,
                      std::vector<std::string>& out) {
  const size_t length = pointer.size();
  if (value.IsObject()) {
    // Objects are small: comparing each name with the earlier ones beats hashing them.
    constexpr rapidjson::SizeType kLinearLimit = 16;
    std::unordered_set<std::string_view> names;
    const bool hashed = value.MemberCount() > kLinearLimit;
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      const std::string_view name(it->name.GetString(), it->name.GetStringLength());
      bool seen = false;
      if (hashed) {
        seen = !names.insert(name).second;
      } else {
        for (auto earlier = value.MemberBegin(); earlier != it && !seen; ++earlier) {
          seen =
              name == std::string_view(earlier->name.GetString(), earlier->name.GetStringLength());
        }
      }
      AppendPointerToken(pointer, name);
      if (seen) out.push_back(pointer);
      FindRepeatedKeys(it->value, pointer, out);
      pointer.resize(length);
    }
  } else if (value.IsArray()) {
    for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
      const rapidjson::Value& element = value[i];
      if (!element.IsObject() && !element.IsArray()) continue;
      AppendPointerToken(pointer, std::to_string(i));
      FindRepeatedKeys(element, pointer, out);
      pointer.resize(length);
    }
  }
}

}  // namespace

void AppendPointerToken(std::string& pointer, std::string_view token) {
  pointer += '/';
  for (char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

TextPosition LocatedJson::PositionOfOffset(size_t offset) const {
  if (line_starts_.empty()) line_starts_ = LineStarts(text_);
  return PositionIn(text_, line_starts_, offset, origin_);
}

const LocatedJson::Index& LocatedJson::index() const {
  if (!index_) {
    rapidjson::MemoryStream stream(text_.data(), text_.size());
    LocationRecorder recorder(text_, stream);
    rapidjson::Reader reader;
    reader.Parse<kParseFlags>(stream, recorder);
    auto index = std::make_unique<Index>();
    index->values.reserve(recorder.values().size());
    for (auto& [pointer, span] : recorder.values()) {
      index->values.emplace(pointer, Span{span.begin, span.end});
    }
    index->keys = std::move(recorder.keys());
    index_ = std::move(index);
  }
  return *index_;
}

TextPosition LocatedJson::ValuePosition(std::string_view pointer) const {
  std::string current(pointer);
  while (true) {
    auto it = index().values.find(current);
    if (it != index().values.end()) return PositionOfOffset(it->second.begin);
    if (current.empty()) return TextPosition{origin_.line, origin_.column};
    current.erase(current.rfind('/'));
  }
}

TextPosition LocatedJson::KeyPosition(std::string_view pointer) const {
  auto it = index().keys.find(std::string(pointer));
  if (it != index().keys.end()) return PositionOfOffset(it->second);
  return ValuePosition(pointer);
}

std::string_view LocatedJson::SourceOf(std::string_view pointer) const {
  auto it = index().values.find(std::string(pointer));
  if (it == index().values.end()) return {};
  return std::string_view(text_).substr(it->second.begin, it->second.end - it->second.begin);
}

JsonError LocatedJson::ErrorAt(std::string_view pointer, std::string message, bool at_key) const {
  TextPosition position = at_key ? KeyPosition(pointer) : ValuePosition(pointer);
  JsonError error;
  error.file = origin_.file;
  error.line = position.line;
  error.column = position.column;
  error.pointer = origin_.pointer + std::string(pointer);
  error.message = std::move(message);
  return error;
}

JsonParse ParseJson(std::string text, TextOrigin origin) {
  JsonParse result;
  rapidjson::Document document;
  document.Parse<kParseFlags>(text.data(), text.size());
  if (document.HasParseError()) {
    TextPosition position = PositionIn(text, LineStarts(text), document.GetErrorOffset(), origin);
    result.errors.push_back(JsonError{origin.file, position.line, position.column, "",
                                      SyntaxMessage(document.GetParseError())});
    return result;
  }

  std::vector<std::string> repeated;
  std::string pointer;
  FindRepeatedKeys(document, pointer, repeated);

  LocatedJson json;
  json.document_ = std::move(document);
  json.origin_ = std::move(origin);
  json.text_ = std::move(text);
  for (const std::string& key : repeated) {
    size_t slash = key.rfind('/');
    result.errors.push_back(
        json.ErrorAt(key, "key '" + key.substr(slash + 1) + "' appears more than once", true));
  }
  result.json = std::move(json);
  return result;
}

Result<rapidjson::Document> ParseJsonText(std::string_view text, std::string_view source_name) {
  rapidjson::Document document;
  document.Parse<kParseFlags>(text.data(), text.size());
  if (document.HasParseError()) {
    TextOrigin origin;
    origin.file = std::string(source_name);
    TextPosition position = PositionIn(text, LineStarts(text), document.GetErrorOffset(), origin);
    JsonError error{origin.file, position.line, position.column, "",
                    SyntaxMessage(document.GetParseError())};
    return Status::InvalidArgument(error.ToString());
  }
  return Result<rapidjson::Document>(std::move(document));
}

}  // namespace postwatch
