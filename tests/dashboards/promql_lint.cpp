#include "promql_lint.h"

#include <cctype>
#include <set>

namespace postwatch::dashboards {

namespace {

struct Token {
  enum Kind { kIdent, kOpen, kClose, kSelector, kRange, kOther } kind;
  std::string text;  // identifier, or the raw text inside {...} or [...]
};

bool IdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool IdentChar(char c) { return IdentStart(c) || std::isdigit(static_cast<unsigned char>(c)); }

// Raw text up to the matching `close`, skipping quoted strings; `i` ends past `close`.
std::string Until(const std::string& s, size_t& i, char close) {
  std::string out;
  char quote = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      out += c;
      if (c == '\\' && i + 1 < s.size()) {
        out += s[++i];
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '"' || c == '\'' || c == '`') {
      quote = c;
      out += c;
    } else if (c == close) {
      ++i;
      return out;
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<Token> Lex(const std::string& s) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (IdentStart(c)) {
      size_t start = i;
      while (i < s.size() && IdentChar(s[i])) ++i;
      tokens.push_back({Token::kIdent, s.substr(start, i - start)});
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      tokens.push_back({Token::kOther, ""});
    } else if (c == '(') {
      tokens.push_back({Token::kOpen, "("});
      ++i;
    } else if (c == ')') {
      tokens.push_back({Token::kClose, ")"});
      ++i;
    } else if (c == '{') {
      ++i;
      tokens.push_back({Token::kSelector, Until(s, i, '}')});
    } else if (c == '[') {
      ++i;
      tokens.push_back({Token::kRange, Until(s, i, ']')});
    } else if (c == '"' || c == '\'' || c == '`') {
      Until(s, ++i, c);
      tokens.push_back({Token::kOther, ""});
    } else {
      if (!std::isspace(static_cast<unsigned char>(c))) tokens.push_back({Token::kOther, ""});
      ++i;
    }
  }
  return tokens;
}

// Words that are not metric names where they appear.
const std::set<std::string>& Keywords() {
  static const std::set<std::string> k = {
      "by",     "without",    "on",          "ignoring", "bool", "and", "or", "unless",
      "offset", "group_left", "group_right", "inf",      "nan",  "Inf", "NaN"};
  return k;
}
const std::set<std::string>& LabelLists() {
  static const std::set<std::string> k = {"by",       "without",    "on",
                                          "ignoring", "group_left", "group_right"};
  return k;
}

struct MetricUse {
  std::string name;
  std::string selector;  // raw matchers, "" when none
  bool has_selector = false;
  std::string enclosing_call;  // innermost open call: a function name, or "" for grouping
};

struct Scan {
  std::vector<MetricUse> metrics;
  std::vector<std::pair<std::string, std::string>> ranges;  // (enclosing call, range text)
};

Scan ScanExpr(const std::string& expr) {
  Scan scan;
  std::vector<Token> tokens = Lex(expr);
  std::vector<std::string> calls;  // open parentheses, innermost last
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    const bool next_open = i + 1 < tokens.size() && tokens[i + 1].kind == Token::kOpen;
    switch (t.kind) {
      case Token::kOpen:
        calls.push_back(i > 0 && tokens[i - 1].kind == Token::kIdent ? tokens[i - 1].text : "");
        break;
      case Token::kClose:
        if (!calls.empty()) calls.pop_back();
        break;
      case Token::kRange:
        scan.ranges.emplace_back(calls.empty() ? "" : calls.back(), t.text);
        break;
      case Token::kIdent: {
        if (next_open || Keywords().count(t.text)) break;
        // An aggregation written `sum by (x) (...)`: the next word is its clause.
        if (i + 1 < tokens.size() && tokens[i + 1].kind == Token::kIdent &&
            (tokens[i + 1].text == "by" || tokens[i + 1].text == "without")) {
          break;
        }
        std::string call = calls.empty() ? "" : calls.back();
        if (LabelLists().count(call)) break;  // a label name in by (...) and friends
        MetricUse use{t.text, "", false, call};
        if (i + 1 < tokens.size() && tokens[i + 1].kind == Token::kSelector) {
          use.selector = tokens[i + 1].text;
          use.has_selector = true;
        }
        scan.metrics.push_back(use);
        break;
      }
      default:
        break;
    }
  }
  return scan;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::vector<std::string> CountersOutsideRate(const std::string& expr) {
  std::vector<std::string> out;
  for (const MetricUse& m : ScanExpr(expr).metrics) {
    bool counter_like = EndsWith(m.name, "_total") || EndsWith(m.name, "_count") ||
                        EndsWith(m.name, "_sum") || EndsWith(m.name, "_bucket");
    bool in_rate =
        m.enclosing_call == "rate" || m.enclosing_call == "irate" || m.enclosing_call == "increase";
    if (counter_like && !in_rate) out.push_back(m.name);
  }
  return out;
}

std::vector<std::string> RatesWithoutRateInterval(const std::string& expr) {
  std::vector<std::string> out;
  for (const auto& [call, range] : ScanExpr(expr).ranges) {
    if ((call == "rate" || call == "irate") && range != "$__rate_interval") {
      out.push_back(call + "[" + range + "]");
    }
  }
  return out;
}

std::vector<std::string> SelectorsWithoutJobAndInstance(const std::string& expr) {
  std::vector<std::string> out;
  for (const MetricUse& m : ScanExpr(expr).metrics) {
    if (m.name != "up" && m.name.rfind("postwatch_", 0) != 0) continue;
    if (m.selector.find(R"(job=~"$job")") == std::string::npos ||
        m.selector.find(R"(instance=~"$instance")") == std::string::npos) {
      out.push_back(m.name);
    }
  }
  return out;
}

}  // namespace postwatch::dashboards
