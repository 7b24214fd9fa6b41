#include "fetch/robots_rules.h"

#include <algorithm>
#include <cctype>

namespace postwatch {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

char ToLower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ToLower(x) == ToLower(y);
         });
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends octet `c` in the normalised form: printable ASCII other than '%', '*' and '$' as
// itself, everything else as an upper-case percent-escape.
void AppendOctet(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  if (c > 0x20 && c < 0x7F && c != '%' && c != '*' && c != '$') {
    out.push_back(static_cast<char>(c));
    return;
  }
  out.push_back('%');
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 0xF]);
}

// The normalised form of a path or of a rule pattern. In a pattern an unescaped '*' stays
// the wildcard; everywhere else octets go through AppendOctet, after decoding "%XX".
std::string Normalize(std::string_view text, bool pattern) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      AppendOctet(out,
                  static_cast<unsigned char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
    } else if (pattern && c == '*') {
      if (out.empty() || out.back() != '*') out.push_back('*');  // "**" matches as "*"
    } else {
      AppendOctet(out, static_cast<unsigned char>(c));
    }
  }
  return out;
}

enum class Key { kUserAgent, kAllow, kDisallow, kOther };

Key ParseKey(std::string_view key) {
  // Common misspellings are accepted, as major crawlers do.
  for (std::string_view name : {"user-agent", "useragent", "user agent"}) {
    if (EqualsIgnoreCase(key, name)) return Key::kUserAgent;
  }
  if (EqualsIgnoreCase(key, "allow")) return Key::kAllow;
  for (std::string_view name : {"disallow", "dissallow", "dissalow", "disalow"}) {
    if (EqualsIgnoreCase(key, name)) return Key::kDisallow;
  }
  return Key::kOther;
}

// The product token at the start of a user-agent value: the longest prefix of letters,
// '_' and '-' (RFC 9309 section 2.2.1), so "PostWatch/1.0" names "PostWatch".
std::string_view ProductToken(std::string_view value) {
  size_t end = 0;
  while (end < value.size() && (std::isalpha(static_cast<unsigned char>(value[end])) ||
                                value[end] == '_' || value[end] == '-')) {
    ++end;
  }
  return value.substr(0, end);
}

// The body up to the cap; a line cut by the cap is dropped.
std::string_view CapBody(std::string_view body) {
  if (body.size() <= kMaxRobotsBytes) return body;
  std::string_view capped = body.substr(0, kMaxRobotsBytes);
  const char next = body[kMaxRobotsBytes];
  if (next == '\n' || next == '\r') return capped;
  const size_t last_break = capped.find_last_of("\r\n");
  return last_break == std::string_view::npos ? std::string_view() : capped.substr(0, last_break);
}

}  // namespace

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules rules;
  Rule rule;
  rule.allow = false;
  rule.pattern = "/";
  rule.priority = 1;
  rules.rules_.push_back(std::move(rule));
  return rules;
}

RobotsRules RobotsRules::Parse(std::string_view body, std::string_view product_token) {
  body = CapBody(body);
  if (body.starts_with(kUtf8Bom)) body.remove_prefix(kUtf8Bom.size());

  std::vector<Rule> ours;
  std::vector<Rule> star;
  bool named_us = false;    // some group names our product token
  bool group_ours = false;  // the current group applies to us
  bool group_star = false;  // the current group is a "*" group
  bool group_has_agent = false;
  bool group_has_rules = false;  // a rule line was seen since the group's user-agent lines

  while (!body.empty()) {
    const size_t end = body.find_first_of("\r\n");
    std::string_view line = body.substr(0, end);
    if (end == std::string_view::npos) {
      body = {};
    } else {
      const bool crlf = body[end] == '\r' && end + 1 < body.size() && body[end + 1] == '\n';
      body.remove_prefix(end + (crlf ? 2 : 1));
    }
    line = line.substr(0, line.find('#'));
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const Key key = ParseKey(Trim(line.substr(0, colon)));
    const std::string_view value = Trim(line.substr(colon + 1));

    if (key == Key::kUserAgent) {
      if (group_has_rules) {  // a user-agent line after rules starts a new group
        group_ours = group_star = group_has_rules = false;
      }
      group_has_agent = true;
      if (value.starts_with('*')) {
        group_star = true;
      } else if (std::string_view token = ProductToken(value);
                 !token.empty() && EqualsIgnoreCase(token, product_token)) {
        group_ours = named_us = true;
      }
      continue;
    }
    if (key != Key::kAllow && key != Key::kDisallow) continue;
    group_has_rules = true;
    if (!group_has_agent || value.empty()) continue;  // empty rule: matches nothing

    Rule rule;
    rule.allow = key == Key::kAllow;
    std::string_view raw = value;
    if (raw.ends_with('$')) {
      rule.anchored = true;
      raw.remove_suffix(1);
    }
    rule.pattern = Normalize(raw, /*pattern=*/true);
    if (!rule.pattern.starts_with('/') && !rule.pattern.starts_with('*')) {
      rule.pattern.insert(0, "/");
    }
    rule.priority = rule.pattern.size() + (rule.anchored ? 1 : 0);
    if (group_ours) ours.push_back(rule);
    if (group_star) star.push_back(std::move(rule));
  }

  RobotsRules rules;
  rules.rules_ = named_us ? std::move(ours) : std::move(star);
  return rules;
}

bool RobotsRules::Matches(const Rule& rule, std::string_view path) {
  const std::string& pattern = rule.pattern;
  if (pattern.find('*') == std::string::npos) {
    return rule.anchored ? path == pattern : path.starts_with(pattern);
  }
  // The set of path offsets reachable after matching a prefix of the pattern, ascending.
  std::vector<size_t> reachable{0};
  std::vector<size_t> next;
  for (char c : pattern) {
    next.clear();
    if (c == '*') {
      for (size_t i = reachable.front(); i <= path.size(); ++i) next.push_back(i);
    } else {
      for (size_t offset : reachable) {
        if (offset < path.size() && path[offset] == c) next.push_back(offset + 1);
      }
    }
    reachable.swap(next);
    if (reachable.empty()) return false;
  }
  return !rule.anchored || reachable.back() == path.size();
}

bool RobotsRules::Allowed(std::string_view path_and_query) const {
  if (path_and_query.empty()) path_and_query = "/";
  if (path_and_query == "/robots.txt") return true;
  const std::string path = Normalize(path_and_query, /*pattern=*/false);
  const Rule* best = nullptr;
  for (const Rule& rule : rules_) {
    if (best != nullptr &&
        (rule.priority < best->priority || (rule.priority == best->priority && !rule.allow))) {
      continue;
    }
    if (Matches(rule, path)) best = &rule;
  }
  return best == nullptr || best->allow;
}

}  // namespace postwatch
