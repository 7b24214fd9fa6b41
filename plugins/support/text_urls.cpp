#include "support/text_urls.h"

#include <cctype>

namespace postwatch::plugin {
namespace {

// `prefix` is lower-case ASCII, so only ASCII letters need folding.
bool MatchesNoCase(std::string_view text, size_t pos, std::string_view prefix) {
  if (text.size() - pos < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[pos + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// The byte length of a separator at `pos` that ends a URL, or 0 when there is none there.
size_t StopLength(std::string_view text, size_t pos) {
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`') {
    return 1;
  }
  auto byte = [&](size_t i) {
    return pos + i < text.size() ? static_cast<unsigned char>(text[pos + i]) : 0;
  };
  if (c == 0xC2 && byte(1) == 0xA0) return 2;  // U+00A0 no-break space
  if (c == 0xE2 && byte(1) == 0x80 &&
      (byte(2) <= 0x8B || byte(2) == 0xA8 || byte(2) == 0xA9 || byte(2) == 0xAF ||
       (byte(2) >= 0x9C && byte(2) <= 0x9D))) {
    return 3;  // U+2000..U+200B spaces, line/paragraph separators, U+202F, curly quotes
  }
  if (c == 0xE3 && byte(1) == 0x80 && byte(2) <= 0x82) return 3;  // U+3000..U+3002
  if (c == 0xEF && byte(1) == 0xBC && byte(2) == 0x8C) return 3;  // U+FF0C fullwidth comma
  return 0;
}

bool IsWordByte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '/' || c == '.' ||
         c == '@' || c == '-';
}

std::string_view TrimUrlTail(std::string_view url) {
  while (!url.empty()) {
    char last = url.back();
    if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?' ||
        last == '*') {
      url.remove_suffix(1);
      continue;
    }
    if (last == ')' || last == ']' || last == '}') {
      char open = last == ')' ? '(' : last == ']' ? '[' : '{';
      int balance = 0;
      for (char c : url) balance += c == open ? 1 : c == last ? -1 : 0;
      if (balance < 0) {
        url.remove_suffix(1);
        continue;
      }
    }
    break;
  }
  return url;
}

}  // namespace

std::vector<std::string> ExtractTextUrls(std::string_view text) {
  std::vector<std::string> urls;
  size_t pos = 0;
  while (pos < text.size()) {
    // Every prefix starts with "ht" or "ww" (either case): skip other bytes cheaply.
    char lead = static_cast<char>(text[pos] | 0x20);
    char second = pos + 1 < text.size() ? static_cast<char>(text[pos + 1] | 0x20) : '\0';
    if (!(lead == 'h' && second == 't') && !(lead == 'w' && second == 'w')) {
      ++pos;
      continue;
    }
    size_t prefix = 0;
    bool www = false;
    if (MatchesNoCase(text, pos, "https://")) {
      prefix = 8;
    } else if (MatchesNoCase(text, pos, "http://")) {
      prefix = 7;
    } else if (MatchesNoCase(text, pos, "www.")) {
      prefix = 4;
      www = true;
    }
    if (prefix == 0 || (pos > 0 && IsWordByte(text[pos - 1]))) {
      ++pos;
      continue;
    }
    size_t end = pos + prefix;
    while (end < text.size() && StopLength(text, end) == 0) ++end;
    std::string_view url = TrimUrlTail(text.substr(pos, end - pos));
    if (url.size() <= prefix) {
      pos = end;
      continue;
    }
    std::string_view rest = url.substr(prefix);
    bool has_host = !rest.empty() && rest.front() != '/' && rest.front() != '.';
    if (www) has_host = has_host && rest.find('.') != std::string_view::npos;
    if (has_host) urls.push_back(www ? "http://" + std::string(url) : std::string(url));
    pos = end;
  }
  return urls;
}

}  // namespace postwatch::plugin
