#include "support/simple_html.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "support/plain_text.h"
#include "support/text_urls.h"
#include "support/url_ref.h"

namespace postwatch::plugin {
namespace {

constexpr size_t kMaxBytes = 1u << 20;
constexpr size_t kMaxDepth = 64;

enum class TagKind { kP, kA, kBr, kInline };

std::optional<TagKind> KnownTag(std::string_view name) {
  if (name == "p") return TagKind::kP;
  if (name == "a") return TagKind::kA;
  if (name == "br") return TagKind::kBr;
  if (name == "b" || name == "i" || name == "em" || name == "strong" || name == "span" ||
      name == "code") {
    return TagKind::kInline;
  }
  return std::nullopt;
}

// How TextRun treats an ASCII byte: copied as it is, looked at (it may end the run), or refused
// (a control character other than tab, LF and CR).
enum AsciiClass : unsigned char { kPlain, kSpecial, kControl };

constexpr auto kAsciiClass = [] {
  std::array<AsciiClass, 128> table{};
  for (size_t c = 0; c < 0x20; ++c) table[c] = kControl;
  table['\t'] = table['\n'] = table['\r'] = kPlain;
  table['<'] = table['&'] = table['"'] = kSpecial;
  return table;
}();

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return IsLower(c) || (c >= 'A' && c <= 'Z'); }
bool IsTagSpace(char c) { return c == ' ' || c == '\t' || c == '\n'; }

void AppendUtf8(std::string& out, uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The length of the UTF-8 sequence at text[i] when it encodes a character libxml2 keeps as it
// is (an XML Char other than U+FEFF), else 0.
size_t KeptUtf8Length(std::string_view text, size_t i) {
  auto byte = [&](size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
  };
  unsigned char lead = byte(0);
  size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (length == 0 || lead > 0xF4) return 0;
  uint32_t value = lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (byte(k) & 0x3F);
  }
  static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kSmallest[length] || value > 0x10FFFF) return 0;  // overlong or out of range
  if (value >= 0xD800 && value <= 0xDFFF) return 0;             // surrogates
  if (value == 0xFFFE || value == 0xFFFF || value == 0xFEFF) return 0;
  return length;
}

class Scanner {
 public:
  Scanner(std::string_view html, std::string_view base_url, bool with_text)
      : html_(html), base_url_(base_url), with_text_(with_text) {}

  std::optional<HtmlContent> Run() {
    while (pos_ < html_.size()) {
      char c = html_[pos_];
      if (c == '<') {
        FlushText();
        if (!ReadTag()) return std::nullopt;
      } else if (c == '&') {
        if (!Reference(segment_)) return std::nullopt;
      } else if (!TextRun(segment_, '<')) {
        return std::nullopt;
      }
    }
    FlushText();
    if (!open_.empty()) return std::nullopt;
    for (std::string& url : text_urls_) content_.links.push_back(std::move(url));
    if (with_text_) content_.text = CollapseWhitespace(raw_text_);
    return std::move(content_);
  }

 private:
  // Copies the run of text at pos_ up to '<', '&' or `stop` to `out`; false when it holds a
  // character libxml2 would change or drop.
  bool TextRun(std::string& out, char stop) {
    size_t start = pos_;
    const size_t size = html_.size();
    while (pos_ < size) {
      unsigned char c = static_cast<unsigned char>(html_[pos_]);
      if (c < 0x80) {
        if (kAsciiClass[c] == kPlain) {
          ++pos_;
          continue;
        }
        if (kAsciiClass[c] == kControl) return false;
        if (c == '<' || c == '&' || c == static_cast<unsigned char>(stop)) break;
        ++pos_;
        continue;
      }
      size_t length = KeptUtf8Length(html_, pos_);
      if (length == 0) return false;
      pos_ += length;
    }
    out.append(html_.substr(start, pos_ - start));
    return true;
  }

  // Decodes the reference at pos_ ('&') into `out`; false when it is outside the subset.
  bool Reference(std::string& out) {
    if (pos_ + 1 >= html_.size()) return false;
    char next = html_[pos_ + 1];
    if (next == '#') return NumericReference(out);
    if (IsAsciiLetter(next) || next == '_' || next == ':' ||
        static_cast<unsigned char>(next) >= 0x80) {
      size_t end = pos_ + 1;
      while (end < html_.size() && (IsAsciiLetter(html_[end]) || IsDigit(html_[end]))) ++end;
      if (end >= html_.size() || html_[end] != ';') return false;
      std::string_view name = html_.substr(pos_ + 1, end - pos_ - 1);
      uint32_t value = name == "amp"    ? '&'
                       : name == "lt"   ? '<'
                       : name == "gt"   ? '>'
                       : name == "quot" ? '"'
                       : name == "nbsp" ? 0xA0
                                        : 0;
      if (value == 0) return false;
      AppendUtf8(out, value);
      pos_ = end + 1;
      return true;
    }
    out += '&';  // the parser keeps an '&' that cannot start a reference
    ++pos_;
    return true;
  }

  bool NumericReference(std::string& out) {
    size_t at = pos_ + 2;
    bool hex = at < html_.size() && (html_[at] == 'x' || html_[at] == 'X');
    if (hex) ++at;
    size_t digits_start = at;
    uint32_t value = 0;
    while (at < html_.size() && at - digits_start < 7) {
      char c = html_[at];
      uint32_t digit;
      if (IsDigit(c)) {
        digit = static_cast<uint32_t>(c - '0');
      } else if (hex && c >= 'a' && c <= 'f') {
        digit = static_cast<uint32_t>(c - 'a' + 10);
      } else if (hex && c >= 'A' && c <= 'F') {
        digit = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        break;
      }
      value = value * (hex ? 16 : 10) + digit;
      ++at;
    }
    if (at == digits_start || at >= html_.size() || html_[at] != ';') return false;
    // Printable characters only: no controls, no C1 range, no surrogates or non-characters.
    bool printable = (value >= 0x20 && value < 0x7F) || (value >= 0xA0 && value <= 0xD7FF) ||
                     (value >= 0xE000 && value <= 0xFFFD && value != 0xFEFF) ||
                     (value >= 0x10000 && value <= 0x10FFFF);
    if (!printable) return false;
    AppendUtf8(out, value);
    pos_ = at + 1;
    return true;
  }

  // Reads the start or end tag at pos_ ('<').
  bool ReadTag() {
    if (pos_ + 1 < html_.size() && html_[pos_ + 1] == '/') return EndTag();
    size_t at = pos_ + 1;
    if (at >= html_.size() || !IsLower(html_[at])) return false;
    size_t name_start = at;
    while (at < html_.size() && (IsLower(html_[at]) || IsDigit(html_[at]))) ++at;
    std::string_view name = html_.substr(name_start, at - name_start);
    std::optional<TagKind> tag = KnownTag(name);
    if (!tag) return false;
    pos_ = at;
    std::optional<std::string> href;
    bool self_closing = false;
    if (!Attributes(href, self_closing)) return false;
    if (self_closing && *tag != TagKind::kBr) return false;
    switch (*tag) {
      case TagKind::kBr:
        if (with_text_) raw_text_ += ' ';
        return true;
      case TagKind::kP:
        if (!open_.empty()) return false;
        if (with_text_) raw_text_ += ' ';
        break;
      case TagKind::kA:
        if (anchor_open_) return false;
        anchor_open_ = true;
        if (href) AddAnchor(*href);
        break;
      case TagKind::kInline:
        break;
    }
    if (open_.size() >= kMaxDepth) return false;
    open_.push_back(name);
    return true;
  }

  // Reads attributes up to and including the tag's closing '>'.
  bool Attributes(std::optional<std::string>& href, bool& self_closing) {
    while (pos_ < html_.size()) {
      char c = html_[pos_];
      if (c == '>') {
        ++pos_;
        return true;
      }
      if (c == '/') {
        if (pos_ + 1 >= html_.size() || html_[pos_ + 1] != '>') return false;
        self_closing = true;
        pos_ += 2;
        return true;
      }
      if (!IsTagSpace(c)) return false;
      while (pos_ < html_.size() && IsTagSpace(html_[pos_])) ++pos_;
      if (pos_ >= html_.size()) return false;
      if (html_[pos_] == '>' || html_[pos_] == '/') continue;
      size_t name_start = pos_;
      if (!IsLower(html_[pos_])) return false;
      while (pos_ < html_.size() &&
             (IsLower(html_[pos_]) || IsDigit(html_[pos_]) || html_[pos_] == '-')) {
        ++pos_;
      }
      std::string_view name = html_.substr(name_start, pos_ - name_start);
      if (pos_ + 1 >= html_.size() || html_[pos_] != '=' || html_[pos_ + 1] != '"') return false;
      pos_ += 2;
      std::string value;
      while (pos_ < html_.size() && html_[pos_] != '"') {
        if (html_[pos_] == '<') return false;
        if (html_[pos_] == '&') {
          if (!Reference(value)) return false;
        } else if (!TextRun(value, '"')) {
          return false;
        }
      }
      if (pos_ >= html_.size()) return false;
      ++pos_;  // the closing quote
      if (pos_ < html_.size() && !IsTagSpace(html_[pos_]) && html_[pos_] != '>' &&
          html_[pos_] != '/') {
        return false;
      }
      if (name == "href") {
        if (href) return false;  // the parser keeps only the first
        for (char v : value) {
          if (static_cast<unsigned char>(v) < 0x20) return false;
        }
        href = std::move(value);
      }
    }
    return false;
  }

  bool EndTag() {
    size_t at = pos_ + 2;
    size_t name_start = at;
    while (at < html_.size() && (IsLower(html_[at]) || IsDigit(html_[at]))) ++at;
    if (at >= html_.size() || html_[at] != '>' || at == name_start) return false;
    std::string_view name = html_.substr(name_start, at - name_start);
    if (open_.empty() || open_.back() != name) return false;
    if (name == "a") anchor_open_ = false;
    open_.pop_back();
    pos_ = at + 1;
    return true;
  }

  // An anchor's href, as html_links.cpp takes it from the tree: leading blanks dropped,
  // fragment-only and empty hrefs skipped, resolved against `base_url` (libxml2 gives the
  // nodes of an HTML document no base of their own unless it has a <base> element).
  void AddAnchor(std::string_view href) {
    size_t first = href.find_first_not_of(" \t\r\n");
    href.remove_prefix(first == std::string_view::npos ? href.size() : first);
    if (href.empty() || href.front() == '#') return;
    std::string resolved = ResolveHttpUrl(base_url_, href);
    if (!resolved.empty()) content_.links.push_back(std::move(resolved));
  }

  // Ends the current text node: its URLs count unless it is inside an anchor.
  void FlushText() {
    if (segment_.empty()) return;
    if (!anchor_open_) {
      for (std::string& url : ExtractTextUrls(segment_)) text_urls_.push_back(std::move(url));
    }
    if (with_text_) raw_text_ += segment_;
    segment_.clear();
  }

  std::string_view html_;
  std::string_view base_url_;
  bool with_text_;
  size_t pos_ = 0;
  std::vector<std::string_view> open_;  // names of the open elements, innermost last
  bool anchor_open_ = false;
  std::string segment_;  // the text node being read, references decoded
  std::string raw_text_;
  std::vector<std::string> text_urls_;
  HtmlContent content_;
};

}  // namespace

std::optional<HtmlContent> ReadSimpleHtml(std::string_view html, std::string_view base_url,
                                          bool with_text) {
  if (html.size() > kMaxBytes) return std::nullopt;
  return Scanner(html, base_url, with_text).Run();
}

}  // namespace postwatch::plugin
