#include "links/percent_encoding.h"

namespace postwatch {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool MustEncode(unsigned char c, UrlComponent component) {
  if (c <= 0x20 || c >= 0x7f) return true;
  switch (c) {
    case '"':
    case '<':
    case '>':
      return true;
    case '`':
    case '{':
    case '}':
      return component == UrlComponent::kPath;
    case '\'':
      return component == UrlComponent::kQuery;
    default:
      return false;
  }
}

void AppendEscape(std::string& out, unsigned char c) {
  out.push_back('%');
  out.push_back(kHexDigits[c >> 4]);
  out.push_back(kHexDigits[c & 0xf]);
}

}  // namespace

std::string NormalizePercentEncoding(std::string_view text, UrlComponent component) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '%') {
      const bool has_two = i + 2 < text.size();
      const int hi = has_two ? HexValue(text[i + 1]) : -1;
      const int lo = has_two ? HexValue(text[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        const auto decoded = static_cast<unsigned char>(hi * 16 + lo);
        if (IsUnreserved(decoded)) {
          out.push_back(static_cast<char>(decoded));
        } else {
          AppendEscape(out, decoded);
        }
        i += 2;
      } else {
        out += "%25";
      }
    } else if (MustEncode(c, component)) {
      AppendEscape(out, c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string PercentDecode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int hi = HexValue(text[i + 1]);
      const int lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_as_space && c == '+' ? ' ' : c);
  }
  return out;
}

}  // namespace postwatch
