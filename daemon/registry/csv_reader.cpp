#include "registry/csv_reader.h"

namespace postwatch {

namespace {

class CsvScanner {
 public:
  CsvScanner(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  CsvParse Run() {
    CsvParse result;
    while (pos_ < text_.size()) {
      if (SkipBlankOrCommentLine()) continue;
      CsvRecord record;
      record.line = line_;
      if (!ReadRecord(record, result.errors)) break;
      result.records.push_back(std::move(record));
    }
    return result;
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }

  int Column() const {
    int column = 1;
    for (size_t i = line_start_; i < pos_; ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    }
    return column;
  }

  void NewLineAt(size_t newline) {
    ++line_;
    line_start_ = newline + 1;
  }

  bool SkipBlankOrCommentLine() {
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view line = text_.substr(pos_, end - pos_);
    size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && line[0] != '#') return false;
    pos_ = end;
    if (pos_ < text_.size()) {
      NewLineAt(pos_);
      ++pos_;
    }
    return true;
  }

  // Reads one record; false after a syntax error (reported in `errors`).
  bool ReadRecord(CsvRecord& record, std::vector<JsonError>& errors) {
    while (true) {
      record.columns.push_back(Column());
      std::string value;
      if (!AtEnd() && text_[pos_] == '"') {
        if (!ReadQuoted(value, errors)) return false;
      } else {
        ReadUnquoted(value);
      }
      record.fields.push_back(std::move(value));
      if (!AtEnd() && text_[pos_] == '\r' &&
          (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n')) {
        ++pos_;
      }
      if (AtEnd()) return true;
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == '\n') {
        NewLineAt(pos_);
        ++pos_;
        return true;
      }
      errors.push_back(JsonError{file_, line_, Column(), "",
                                 "expected ',' or a line break after the closing quote"});
      return false;
    }
  }

  bool ReadQuoted(std::string& value, std::vector<JsonError>& errors) {
    int open_line = line_;
    int open_column = Column();
    ++pos_;
    while (true) {
      if (AtEnd()) {
        errors.push_back(
            JsonError{file_, open_line, open_column, "", "quoted field is never closed"});
        return false;
      }
      char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          value += '"';
          pos_ += 2;
          continue;
        }
        ++pos_;
        return true;
      }
      if (c == '\n') NewLineAt(pos_);
      value += c;
      ++pos_;
    }
  }

  void ReadUnquoted(std::string& value) {
    size_t begin = pos_;
    while (!AtEnd() && text_[pos_] != ',' && text_[pos_] != '\n') ++pos_;
    std::string_view field = text_.substr(begin, pos_ - begin);
    size_t first = field.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return;
    size_t last = field.find_last_not_of(" \t\r");
    value.assign(field.substr(first, last - first + 1));
  }

  std::string_view text_;
  const std::string& file_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
};

}  // namespace

CsvParse ParseCsv(std::string_view text, const std::string& file) {
  return CsvScanner(text, file).Run();
}

}  // namespace postwatch
