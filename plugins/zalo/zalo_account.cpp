#include "zalo/zalo_account.h"

#include <algorithm>
#include <cctype>

namespace postwatch::zalo {
namespace {

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// A phone number as members type them: "+84 912 345 678", "0912-345-678", "84912345678".
bool LooksLikePhone(std::string_view text) {
  std::string digits;
  bool plus = false;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return false;
    }
  }
  if (digits.size() < 8) return false;
  if (plus || digits.front() == '0') return digits.size() <= 15;
  return digits.size() <= 14;  // shorter than any OA id
}

OaParse Refuse(std::string error) {
  OaParse result;
  result.code = PW_E_CONFIG;
  result.error = std::move(error);
  return result;
}

OaParse FromSegment(std::string_view segment, std::string_view registered) {
  if (IsOaId(segment)) {
    OaParse result;
    result.oa_id = std::string(segment);
    return result;
  }
  if (LooksLikePhone(segment)) return Refuse(std::string(kPersonalRefusal));
  if (segment == "g") {
    return Refuse("\"" + std::string(registered) +
                  "\" is a Zalo group invite; groups have no public read interface");
  }
  return Refuse("\"" + std::string(registered) +
                "\" is not a Zalo Official Account: register the OA id (digits) or its page "
                "https://zalo.me/<oa-id>");
}

// The value of `key` in a query string, or "".
std::string_view QueryValue(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == key) return pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace

bool IsOaId(std::string_view text) {
  return text.size() >= 15 && text.size() <= 20 && AllDigits(text) && text.front() != '0';
}

OaParse ParseOaAccount(std::string_view registered) {
  std::string_view text = Trim(registered);
  if (text.empty()) return Refuse("the registered Zalo account is empty");
  if (AllDigits(text) || text.front() == '+') return FromSegment(text, registered);
  if (LooksLikePhone(text)) return Refuse(std::string(kPersonalRefusal));
  std::string lower = Lower(text);
  std::string_view rest = lower;
  for (std::string_view scheme : {"https://", "http://"}) {
    if (rest.substr(0, scheme.size()) == scheme) {
      rest.remove_prefix(scheme.size());
      break;
    }
  }
  size_t host_end = rest.find_first_of("/?#");
  std::string_view host = rest.substr(0, host_end);
  std::string_view tail = host_end == std::string_view::npos ? "" : rest.substr(host_end);
  if (host.substr(0, 4) == "www.") host.remove_prefix(4);
  std::string_view path = tail.substr(0, tail.find_first_of("?#"));
  std::string_view query;
  if (size_t q = tail.find('?'); q != std::string_view::npos) {
    query = tail.substr(q + 1);
    query = query.substr(0, query.find('#'));
  }
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::string_view first = path.substr(0, path.find('/'));
  if (host == "zalo.me") {
    if (first.empty()) return FromSegment(registered, registered);
    return FromSegment(first, registered);
  }
  if (host == "oa.zalo.me") {
    for (std::string_view key : {"oaid", "oa_id", "id"}) {
      std::string_view value = QueryValue(query, key);
      if (!value.empty()) return FromSegment(value, registered);
    }
    return FromSegment(first, registered);
  }
  if (host == "chat.zalo.me" || host == "id.zalo.me") {
    return Refuse(std::string(kPersonalRefusal));
  }
  return Refuse("\"" + std::string(registered) +
                "\" is not a Zalo Official Account: register the OA id (digits) or its page "
                "https://zalo.me/<oa-id>");
}

}  // namespace postwatch::zalo
