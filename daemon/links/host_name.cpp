#include "links/host_name.h"

#include <arpa/inet.h>
#include <idn2.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

#include "links/percent_encoding.h"

namespace postwatch {
namespace {

constexpr size_t kMaxHostLength = 253;

struct FreeDeleter {
  void operator()(char* p) const noexcept { idn2_free(p); }
};

bool IsAscii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool IsForbiddenHostByte(unsigned char c) {
  if (c <= 0x20 || c == 0x7f) return true;
  switch (c) {
    case '#':
    case '%':
    case '/':
    case ':':
    case '<':
    case '>':
    case '?':
    case '@':
    case '[':
    case '\\':
    case ']':
    case '^':
    case '|':
      return true;
    default:
      return false;
  }
}

// Parses one part of a WHATWG IPv4 address: decimal, "0x" hex or leading-zero octal.
std::optional<uint64_t> ParseIpv4Number(std::string_view part) {
  if (part.empty()) return std::nullopt;
  int base = 10;
  if (part.size() >= 2 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
    base = 16;
    part.remove_prefix(2);
  } else if (part.size() >= 2 && part[0] == '0') {
    base = 8;
    part.remove_prefix(1);
  }
  if (part.empty()) return 0;
  uint64_t value = 0;
  for (const char c : part) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (base == 16 && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (base == 16 && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0 || digit >= base) return std::nullopt;
    value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(digit);
    if (value > 0xffffffffULL) value = 0x100000000ULL;  // clamp: out of range either way
  }
  return value;
}

// A host is treated as IPv4 when its last label is a number (WHATWG "ends in a number").
bool EndsInNumber(std::string_view host) {
  std::vector<std::string_view> labels;
  size_t start = 0;
  for (size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      labels.push_back(host.substr(start, i - start));
      start = i + 1;
    }
  }
  if (!labels.empty() && labels.back().empty() && labels.size() > 1) labels.pop_back();
  if (labels.empty()) return false;
  const std::string_view last = labels.back();
  if (last.empty()) return false;
  bool all_digits = true;
  for (const char c : last) all_digits = all_digits && c >= '0' && c <= '9';
  if (all_digits) return true;
  return ParseIpv4Number(last).has_value() && last.size() >= 2 && last[0] == '0' &&
         (last[1] == 'x' || last[1] == 'X');
}

Result<std::string> ParseIpv4(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  std::vector<uint64_t> numbers;
  size_t start = 0;
  for (size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      auto number = ParseIpv4Number(host.substr(start, i - start));
      if (!number)
        return Status::InvalidArgument("invalid IPv4 address '" + std::string(host) + "'");
      numbers.push_back(*number);
      start = i + 1;
    }
  }
  if (numbers.size() > 4) return Status::InvalidArgument("IPv4 address with more than 4 parts");
  for (size_t i = 0; i + 1 < numbers.size(); ++i) {
    if (numbers[i] > 255) return Status::InvalidArgument("IPv4 part out of range");
  }
  const uint64_t limit = 1ULL << (8 * (5 - numbers.size()));
  if (numbers.back() >= limit) return Status::InvalidArgument("IPv4 address out of range");
  uint64_t address = numbers.back();
  for (size_t i = 0; i + 1 < numbers.size(); ++i) address += numbers[i] << (8 * (3 - i));
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    if (!out.empty()) out.push_back('.');
    out += std::to_string((address >> shift) & 0xff);
  }
  return out;
}

Result<std::string> ParseIpv6(std::string_view bracketed) {
  if (bracketed.size() < 3 || bracketed.back() != ']') {
    return Status::InvalidArgument("unterminated IPv6 address");
  }
  const std::string inner(bracketed.substr(1, bracketed.size() - 2));
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET6, inner.c_str(), bytes.data()) != 1) {
    return Status::InvalidArgument("invalid IPv6 address '" + inner + "'");
  }
  // Serialised as WHATWG does: lower-case hex pieces, the first longest run of two or more
  // zero pieces as "::", no embedded dotted IPv4.
  std::array<unsigned, 8> pieces{};
  for (size_t k = 0; k < 8; ++k) pieces[k] = (unsigned{bytes[2 * k]} << 8) | bytes[2 * k + 1];
  size_t best_start = 8;
  size_t best_length = 1;
  for (size_t k = 0; k < 8;) {
    size_t run = 0;
    while (k + run < 8 && pieces[k + run] == 0) ++run;
    if (run > best_length) {
      best_start = k;
      best_length = run;
    }
    k += run > 0 ? run : 1;
  }
  std::string out = "[";
  for (size_t k = 0; k < 8; ++k) {
    if (k == best_start) {
      out += k == 0 ? "::" : ":";
      k += best_length - 1;
      continue;
    }
    char piece[8];
    std::snprintf(piece, sizeof piece, "%x", pieces[k]);
    out += piece;
    if (k < 7) out += ":";
  }
  return out + "]";
}

Result<std::string> ToPunycode(const std::string& host) {
  char* raw_out = nullptr;
  int rc = idn2_to_ascii_8z(host.c_str(), &raw_out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
  std::unique_ptr<char, FreeDeleter> out(raw_out);
  if (rc != IDN2_OK) {
    // Some hosts browsers accept (symbols, emoji) are only valid under transitional rules.
    raw_out = nullptr;
    rc = idn2_to_ascii_8z(host.c_str(), &raw_out, IDN2_TRANSITIONAL | IDN2_NFC_INPUT);
    out.reset(raw_out);
  }
  if (rc != IDN2_OK || out == nullptr) {
    return Status::InvalidArgument("invalid IDN host '" + host + "': " + idn2_strerror(rc));
  }
  return std::string(out.get());
}

// The common case, an already canonical ASCII name, needs no decoding or conversion.
bool IsCanonicalAsciiName(std::string_view host) {
  if (host.empty() || host.size() > kMaxHostLength || host.front() == '.' || host.back() == '.' ||
      (host.back() >= '0' && host.back() <= '9')) {
    return false;
  }
  char previous = 0;
  for (const char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                    (c == '.' && previous != '.');
    if (!ok) return false;
    previous = c;
  }
  // A last label like "0x1f" is a hex IPv4 number: left to the full parser.
  const size_t last = host.rfind('.') + 1;
  return host.substr(last, 2) != "0x";
}

}  // namespace

Result<std::string> NormalizeHostName(std::string_view raw_host) {
  if (IsCanonicalAsciiName(raw_host)) return std::string(raw_host);
  // IPv6 literals are not percent-decoded: "[::%31]" is not "[::1]".
  if (!raw_host.empty() && raw_host.front() == '[') return ParseIpv6(raw_host);
  std::string host = PercentDecode(raw_host);
  if (host.empty()) return Status::InvalidArgument("empty host");
  if (host.size() > 4 * kMaxHostLength) return Status::InvalidArgument("host too long");
  if (!IsAscii(host)) {
    auto ascii = ToPunycode(host);
    if (!ascii.ok()) return ascii.status();
    host = std::move(ascii).value();
  }
  for (char& c : host) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (IsForbiddenHostByte(static_cast<unsigned char>(c))) {
      return Status::InvalidArgument("forbidden character in host '" + host + "'");
    }
  }
  if (EndsInNumber(host)) return ParseIpv4(host);
  // IDNA maps some code points to nothing (U+00AD soft hyphen): the host may be empty now.
  if (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty() || host.front() == '.' || host.back() == '.' ||
      host.find("..") != std::string::npos) {
    return Status::InvalidArgument("empty label in host '" + host + "'");
  }
  if (host.size() > kMaxHostLength) return Status::InvalidArgument("host too long");
  return host;
}

bool IsIpLiteral(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') return true;
  std::array<unsigned char, 4> bytes{};
  const std::string copy(host);
  return inet_pton(AF_INET, copy.c_str(), bytes.data()) == 1;
}

}  // namespace postwatch
