// RobotsRules: the robots.txt rules (RFC 9309) that apply to postwatch on one host, and the
// matcher that decides whether a path may be fetched.
//
//   RobotsRules rules = RobotsRules::Parse(body);
//   if (!rules.Allowed("/private/page?x=1")) ...
//
// Parsing follows RFC 9309: groups of one or more user-agent lines followed by allow and
// disallow rules; the group(s) naming our product token (case-insensitive) apply, otherwise
// the "*" group(s), otherwise nothing (everything allowed). Groups naming the same agent are
// merged. The longest matching rule wins, allow wins a tie, "*" matches any run of octets
// and a trailing "$" anchors the end. Paths and rules are compared after percent-encoding
// normalisation (see Allowed). Only the first kMaxRobotsBytes of a body are parsed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace postwatch {

// The product token robots.txt groups are matched against.
inline constexpr std::string_view kRobotsProductToken = "postwatch";

// Bytes of a robots.txt body that are parsed; the rest is ignored (RFC 9309 section 2.5
// asks crawlers to parse at least 500 KiB).
inline constexpr size_t kMaxRobotsBytes = 500 * 1024;

// An immutable value: safe to share between threads once built.
class RobotsRules {
 public:
  // Allows everything (no robots.txt, or a 4xx answer).
  RobotsRules() = default;
  static RobotsRules AllowAll() { return RobotsRules(); }
  // Disallows everything except /robots.txt itself (a 5xx answer, or unreachable).
  static RobotsRules DisallowAll();

  // Parses a robots.txt body for `product_token`. Never fails: lines that are not
  // "key: value" with a known key are ignored, as the RFC requires. A UTF-8 BOM is skipped;
  // lines end at CR, LF or CRLF; "#" starts a comment. A line cut by the size cap is
  // dropped.
  static RobotsRules Parse(std::string_view body,
                           std::string_view product_token = kRobotsProductToken);

  // True when `path_and_query` ("/a/b?c=d"; "" means "/") may be fetched. "/robots.txt" is
  // always allowed. Before matching, percent-escapes of printable ASCII other than "%", "*"
  // and "$" are decoded, and every other octet (controls, space, non-ASCII, "%", "*", "$")
  // is written as an upper-case escape, in both the path and the rules; so "/%62az" matches
  // a rule "/baz" and a UTF-8 rule matches its escaped form.
  bool Allowed(std::string_view path_and_query) const;

  // Rules in effect (after group selection). For tests and logs.
  size_t rule_count() const { return rules_.size(); }

 private:
  struct Rule {
    bool allow = false;
    // Normalised pattern: "*" is the wildcard (a literal star is "%2A"); no "$".
    std::string pattern;
    bool anchored = false;  // the rule ended with "$"
    size_t priority = 0;    // length of the rule as written in normalised form, "$" included
  };

  static bool Matches(const Rule& rule, std::string_view path);

  std::vector<Rule> rules_;
};

}  // namespace postwatch
