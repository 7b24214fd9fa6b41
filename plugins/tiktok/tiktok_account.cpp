#include "tiktok/tiktok_account.h"

#include <cctype>

namespace postwatch::tiktok {
namespace {

constexpr size_t kMaxUsername = 32;

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

bool IsUsernameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.';
}

}  // namespace

TikTokHandleParse ParseTikTokHandle(std::string_view registered) {
  TikTokHandleParse result;
  std::string_view text = Trim(registered);
  for (std::string_view scheme : {"https://", "http://"}) {
    if (StartsWithNoCase(text, scheme)) {
      text.remove_prefix(scheme.size());
      break;
    }
  }
  for (std::string_view host : {"www.tiktok.com/", "m.tiktok.com/", "tiktok.com/"}) {
    if (StartsWithNoCase(text, host)) {
      text.remove_prefix(host.size());
      text = text.substr(0, text.find_first_of("/?#"));
      if (text.empty() || text.front() != '@') {
        result.error = "a TikTok profile URL must look like https://www.tiktok.com/@username";
        return result;
      }
      break;
    }
  }
  if (!text.empty() && text.front() == '@') text.remove_prefix(1);
  if (text.empty() || text.size() > kMaxUsername) {
    result.error = "register a TikTok account as @username or https://www.tiktok.com/@username";
    return result;
  }
  for (char c : text) {
    if (!IsUsernameChar(c)) {
      result.error = "a TikTok username has only letters, digits, '_' and '.', not \"" +
                     std::string(text.substr(0, 64)) + "\"";
      return result;
    }
    result.username.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return result;
}

}  // namespace postwatch::tiktok
