#include "metrics/per_account_writer.h"

#include <charconv>

namespace postwatch {

void AppendEscapedLabelValue(std::string_view value, std::string& out) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
}

void AppendAccountLastSuccess(const std::vector<AccountSuccess>& accounts, std::string& out) {
  out += "# HELP ";
  out += kAccountLastSuccessMetric;
  out += " Last successful poll of each account (opt-in, capped); 0 when never.\n# TYPE ";
  out += kAccountLastSuccessMetric;
  out += " gauge\n";
  out.reserve(out.size() + accounts.size() * 120);
  char number[32];
  for (const AccountSuccess& a : accounts) {
    out += kAccountLastSuccessMetric;
    out += "{plugin=\"";
    AppendEscapedLabelValue(a.plugin, out);
    out += "\",account=\"";
    AppendEscapedLabelValue(a.account, out);
    out += "\"} ";
    // Whole seconds and milliseconds, without floating-point formatting: "1700000000.123".
    int64_t ms = a.last_success_ms > 0 ? a.last_success_ms : 0;
    out.append(number, std::to_chars(number, number + sizeof(number), ms / 1000).ptr);
    if (ms % 1000 != 0) {
      int64_t frac = ms % 1000;
      out += '.';
      out += static_cast<char>('0' + frac / 100);
      out += static_cast<char>('0' + frac / 10 % 10);
      out += static_cast<char>('0' + frac % 10);
    }
    out += '\n';
  }
}

}  // namespace postwatch
