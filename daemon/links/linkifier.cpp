#include "links/linkifier.h"

#include <idn2.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "links/registrable_domain.h"

namespace postwatch {
namespace {

struct IdnFree {
  void operator()(char* p) const noexcept { idn2_free(p); }
};

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Decodes the UTF-8 code point at `i`; sets `length` (1 for an invalid byte, whose value
// is then returned as 0xFFFD).
uint32_t DecodeAt(std::string_view s, size_t i, size_t& length) {
  const auto c = static_cast<unsigned char>(s[i]);
  length = 1;
  if (c < 0x80) return c;
  size_t need = 0;
  uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    need = 1;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    need = 2;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    need = 3;
    cp = c & 0x07;
  } else {
    return 0xFFFD;
  }
  if (i + need >= s.size()) return 0xFFFD;
  for (size_t k = 1; k <= need; ++k) {
    const auto next = static_cast<unsigned char>(s[i + k]);
    if ((next & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (next & 0x3F);
  }
  length = need + 1;
  return cp;
}

// Code points that end a link: spaces, and punctuation people put around links.
bool IsSpaceOrPunctuation(uint32_t cp) {
  if (cp == 0xFFFD) return true;
  if (cp == 0x00A0 || cp == 0x1680 || cp == 0xFEFF) return true;
  if (cp == 0x200C || cp == 0x200D) return false;  // joiners inside words of some scripts
  if (cp >= 0x2000 && cp <= 0x206F) return true;   // general punctuation: spaces, quotes, …
  if (cp >= 0x3000 && cp <= 0x303F) return true;   // CJK symbols and punctuation
  if (cp >= 0xFF01 && cp <= 0xFF0F) return true;   // fullwidth ! " # ... /
  if (cp >= 0xFF1A && cp <= 0xFF20) return true;   // fullwidth : ; < = > ? @
  if (cp >= 0xFF5B && cp <= 0xFF65) return true;   // fullwidth { | } ~ and halfwidth CJK
  if (cp == 0x00AB || cp == 0x00BB) return true;   // « »
  return false;
}

// A character of a host name: ASCII letters, digits, '-', '_', or a non-ASCII letter.
bool IsHostCodePoint(uint32_t cp) {
  if (cp < 0x80) return IsAsciiAlnum(static_cast<unsigned char>(cp)) || cp == '-' || cp == '_';
  return !IsSpaceOrPunctuation(cp);
}

// A character that may continue a path, query or fragment.
bool IsPathCodePoint(uint32_t cp) {
  if (cp < 0x80) {
    return cp > 0x20 && cp != 0x7F && cp != '<' && cp != '>' && cp != '`' && cp != '\\' &&
           cp != '^';
  }
  if (cp >= 0x2010 && cp <= 0x2015) return true;  // dashes: "Hatfield–McCoy_feud"
  return !IsSpaceOrPunctuation(cp);
}

bool StartsWithNoCase(std::string_view text, size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k) {
    char c = text[at + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[k]) return false;
  }
  return true;
}

// Whether the previous character lets a link start here.
bool IsStartBoundary(std::string_view text, size_t at, bool scheme) {
  if (at == 0) return true;
  const auto prev = static_cast<unsigned char>(text[at - 1]);
  if (prev >= 0x80) {
    size_t start = at - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    size_t length = 0;
    return IsSpaceOrPunctuation(DecodeAt(text, start, length));
  }
  if (IsAsciiAlnum(prev) || prev == '_' || prev == '#' || prev == '$') return false;
  if (scheme) return true;
  return prev != '@' && prev != '.' && prev != '-' && prev != '/' && prev != ':' && prev != '%';
}

// Scans host characters from `i`; returns the end of the host.
size_t ScanHost(std::string_view text, size_t i) {
  while (i < text.size()) {
    if (text[i] == '.') {
      ++i;
      continue;
    }
    size_t length = 0;
    const uint32_t cp = DecodeAt(text, i, length);
    if (!IsHostCodePoint(cp)) break;
    i += length;
  }
  return i;
}

bool IsKnownTld(std::string_view tld) {
  std::string ascii(tld);
  const bool non_ascii = std::any_of(tld.begin(), tld.end(),
                                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (non_ascii) {
    char* out = nullptr;
    const int rc = idn2_to_ascii_8z(ascii.c_str(), &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    std::unique_ptr<char, IdnFree> owned(out);
    if (rc != IDN2_OK || owned == nullptr) return false;
    ascii = owned.get();
  }
  for (char& c : ascii) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  // The reserved documentation TLDs are accepted so that demo and test posts are linked.
  if (ascii == "example" || ascii == "test") return true;
  return !ascii.empty() && IsPublicSuffix(ascii);
}

// Checks the labels of `host`; scheme-less hosts need two labels and a known last label.
bool IsValidHost(std::string_view host, bool scheme) {
  if (host.empty()) return false;
  std::vector<std::string_view> labels;
  size_t start = 0;
  while (start <= host.size()) {
    size_t dot = host.find('.', start);
    if (dot == std::string_view::npos) dot = host.size();
    labels.push_back(host.substr(start, dot - start));
    start = dot + 1;
  }
  bool all_numeric = true;
  for (size_t k = 0; k < labels.size(); ++k) {
    const std::string_view label = labels[k];
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    // Underscores appear in subdomains only, never at the ends of a label.
    if (label.find('_') != std::string_view::npos &&
        (label.front() == '_' || label.back() == '_' || k + 2 >= labels.size())) {
      return false;
    }
    all_numeric = all_numeric && label.find_first_not_of("0123456789") == std::string_view::npos;
  }
  if (scheme) return true;
  if (all_numeric) {
    return labels.size() == 4 && std::all_of(labels.begin(), labels.end(), [](std::string_view l) {
             return l.size() <= 3 && std::stoi(std::string(l)) <= 255;
           });
  }
  if (labels.size() < 2) return false;
  return IsKnownTld(labels.back());
}

// Drops trailing punctuation, and closing brackets the link did not open.
size_t TrimEnd(std::string_view text, size_t begin, size_t end, size_t min_end) {
  while (end > min_end) {
    const char c = text[end - 1];
    const std::string_view link = text.substr(begin, end - begin);
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '*' ||
        c == '|') {
      --end;
      continue;
    }
    const auto unbalanced = [&](char open, char close) {
      return std::count(link.begin(), link.end(), close) >
             std::count(link.begin(), link.end(), open);
    };
    const auto odd = [&](char quote) {
      return std::count(link.begin(), link.end(), quote) % 2 == 1;
    };
    if ((c == ')' && unbalanced('(', ')')) || (c == ']' && unbalanced('[', ']')) ||
        (c == '}' && unbalanced('{', '}')) || (c == '"' && odd('"')) || (c == '\'' && odd('\''))) {
      --end;
      continue;
    }
    break;
  }
  return end;
}

// Tries to match a link starting at `begin`; returns its end, or `begin` when there is none.
size_t MatchAt(std::string_view text, size_t begin, bool& has_scheme) {
  size_t i = begin;
  has_scheme = false;
  if (StartsWithNoCase(text, i, "https://")) {
    i += 8;
    has_scheme = true;
  } else if (StartsWithNoCase(text, i, "http://")) {
    i += 7;
    has_scheme = true;
  } else if (StartsWithNoCase(text, i, "//")) {
    i += 2;
    has_scheme = true;
  }
  if (has_scheme) {
    // User info: "user:pass@" before the host.
    size_t j = i;
    while (j < text.size() &&
           (IsAsciiAlnum(static_cast<unsigned char>(text[j])) ||
            std::string_view("-._~:%!$&'()*+,;=").find(text[j]) != std::string_view::npos)) {
      ++j;
    }
    if (j < text.size() && j > i && text[j] == '@') i = j + 1;
  }
  const bool scheme_relative = text[begin] == '/';
  const size_t host_begin = i;
  size_t host_end;
  if (has_scheme && i < text.size() && text[i] == '[') {
    host_end = text.find(']', i);
    if (host_end == std::string_view::npos) return begin;
    ++host_end;
  } else {
    host_end = ScanHost(text, i);
    // A sentence may end right after a host: "visit example.com."
    while (host_end > host_begin && text[host_end - 1] == '.') --host_end;
    const std::string_view host = text.substr(host_begin, host_end - host_begin);
    if (!IsValidHost(host, has_scheme)) return begin;
    // "//host" needs a dotted host (or localhost), or "//word" in prose would be a link.
    if (scheme_relative && host.find('.') == std::string_view::npos && host != "localhost") {
      return begin;
    }
  }
  size_t end = host_end;
  if (end < text.size() && text[end] == '@') return begin;  // an e-mail address
  if (end + 1 < text.size() && text[end] == ':' && text[end + 1] >= '0' && text[end + 1] <= '9') {
    size_t port_end = end + 1;
    while (port_end < text.size() && text[port_end] >= '0' && text[port_end] <= '9') ++port_end;
    const std::string_view port = text.substr(end + 1, port_end - end - 1);
    if (port.size() > 5 || std::stoul(std::string(port)) > 65535) return begin;
    end = port_end;
  }
  if (!has_scheme) {
    // "name.al+lastname@foo.com" is an e-mail address, not the link "name.al".
    size_t k = end;
    while (k < text.size() && static_cast<unsigned char>(text[k]) > 0x20 &&
           static_cast<unsigned char>(text[k]) < 0x80 && text[k] != '/' && text[k] != '@') {
      ++k;
    }
    if (k < text.size() && text[k] == '@') return begin;
  }
  if (end < text.size() && (text[end] == '/' || text[end] == '?' || text[end] == '#')) {
    while (end < text.size()) {
      size_t length = 0;
      const uint32_t cp = DecodeAt(text, end, length);
      if (!IsPathCodePoint(cp)) break;
      end += length;
    }
    end = TrimEnd(text, begin, end, host_end);
  }
  return end;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x110000) {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes the character reference at html[i] == '&'; returns false when there is none.
bool DecodeReference(std::string_view html, size_t& i, std::string& out) {
  const size_t semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) return false;
  const std::string_view name = html.substr(i + 1, semi - i - 1);
  uint32_t cp = 0;
  if (name.size() >= 2 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    for (size_t k = hex ? 2 : 1; k < name.size(); ++k) {
      const char c = name[k];
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0) return false;
      cp = cp * (hex ? 16u : 10u) + static_cast<uint32_t>(digit);
      if (cp > 0x10FFFF) return false;
    }
  } else if (name == "amp") {
    cp = '&';
  } else if (name == "lt") {
    cp = '<';
  } else if (name == "gt") {
    cp = '>';
  } else if (name == "quot") {
    cp = '"';
  } else if (name == "apos") {
    cp = '\'';
  } else if (name == "nbsp") {
    cp = ' ';
  } else {
    return false;
  }
  AppendUtf8(out, cp);
  i = semi + 1;
  return true;
}

}  // namespace

std::vector<FoundLink> FindLinks(std::string_view text) {
  std::vector<FoundLink> links;
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool maybe_scheme = c == 'h' || c == 'H' || c == '/';
    const bool scheme_relative = c == '/' && i + 1 < text.size() && text[i + 1] == '/' &&
                                 (i == 0 || (text[i - 1] != '/' && text[i - 1] != ':'));
    if ((IsAsciiAlnum(c) || c >= 0x80 || scheme_relative) &&
        IsStartBoundary(text, i, maybe_scheme)) {
      bool has_scheme = false;
      const size_t end = MatchAt(text, i, has_scheme);
      if (end > i) {
        links.push_back(FoundLink{i, end, std::string(text.substr(i, end - i)), has_scheme});
        i = end;
        continue;
      }
    }
    size_t length = 1;
    DecodeAt(text, i, length);
    i += length;
  }
  return links;
}

std::string HtmlToText(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      const size_t close = html.find('>', i);
      if (close == std::string_view::npos) break;
      std::string tag(html.substr(i + 1, std::min<size_t>(close - i - 1, 7)));
      for (char& t : tag) t = static_cast<char>(t >= 'A' && t <= 'Z' ? t - 'A' + 'a' : t);
      i = close + 1;
      for (const std::string_view skipped : {"script", "style"}) {
        if (tag.rfind(skipped, 0) == 0) {
          const std::string end_tag = "</" + std::string(skipped);
          std::string rest(html.substr(i));
          for (char& t : rest) t = static_cast<char>(t >= 'A' && t <= 'Z' ? t - 'A' + 'a' : t);
          const size_t found = rest.find(end_tag);
          i = found == std::string::npos ? html.size() : i + found;
        }
      }
      out.push_back(' ');
    } else if (c == '&' && DecodeReference(html, i, out)) {
      continue;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

}  // namespace postwatch
