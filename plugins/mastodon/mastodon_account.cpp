#include "mastodon/mastodon_account.h"

#include <cctype>

#include "support/url_ref.h"

namespace postwatch::mastodon {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

bool IsUserChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

bool IsValidUser(std::string_view user) {
  if (user.empty() || user.size() > 64) return false;
  for (char c : user) {
    if (!IsUserChar(c)) return false;
  }
  return true;
}

// A DNS name with an optional port; no userinfo, no brackets.
bool IsValidInstance(std::string_view instance) {
  if (instance.empty() || instance.size() > 253 || instance.front() == '.' ||
      instance.front() == '-') {
    return false;
  }
  size_t colon = instance.find(':');
  std::string_view host = instance.substr(0, colon);
  if (host.empty()) return false;
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return false;
  }
  if (colon != std::string_view::npos) {
    std::string_view port = instance.substr(colon + 1);
    if (port.empty() || port.size() > 5) return false;
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
  }
  return true;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

HandleParse Fail(std::string message) {
  HandleParse result;
  result.error = std::move(message);
  return result;
}

// "alice@mastodon.social" (after any leading '@') into user and instance.
HandleParse FromAcct(std::string_view acct, std::string_view registered) {
  size_t at = acct.find('@');
  if (at == std::string_view::npos) {
    return Fail("\"" + std::string(registered) +
                "\" names no instance: register @user@instance or https://instance/@user");
  }
  HandleParse result;
  result.handle.user = std::string(acct.substr(0, at));
  result.handle.instance = Lower(acct.substr(at + 1));
  if (!IsValidUser(result.handle.user)) {
    return Fail("\"" + std::string(registered) + "\" has no valid user name");
  }
  if (!IsValidInstance(result.handle.instance)) {
    return Fail("\"" + std::string(registered) + "\" has no valid instance host name");
  }
  return result;
}

}  // namespace

HandleParse ParseMastodonHandle(std::string_view registered) {
  std::string_view text = Trim(registered);
  if (text.empty()) return Fail("the account has no registered handle");
  if (!plugin::IsHttpUrl(text)) {
    if (text.front() == '@') text.remove_prefix(1);
    return FromAcct(text, registered);
  }
  std::string_view after_scheme = text.substr(text.find("://") + 3);
  size_t path_start = after_scheme.find('/');
  std::string_view authority = after_scheme.substr(0, after_scheme.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    return Fail("\"" + std::string(registered) + "\": a URL with user info is not a profile");
  }
  std::string_view path =
      path_start == std::string_view::npos ? std::string_view() : after_scheme.substr(path_start);
  path = path.substr(0, path.find_first_of("?#"));
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::string_view user;
  if (path.substr(0, 2) == "/@") {
    user = path.substr(2);
  } else if (path.substr(0, 7) == "/users/") {
    user = path.substr(7);
  } else {
    return Fail("\"" + std::string(registered) +
                "\" is not a profile URL such as https://instance/@user");
  }
  if (user.find('/') != std::string_view::npos) {
    return Fail("\"" + std::string(registered) + "\" is a status or sub-page, not a profile");
  }
  if (user.find('@') != std::string_view::npos) return FromAcct(user, registered);
  return FromAcct(std::string(user) + "@" + std::string(authority), registered);
}

std::string CanonicalId(const MastodonHandle& handle, std::string_view account_id) {
  return handle.instance + "/" + std::string(account_id);
}

std::optional<std::string> AccountIdOf(std::string_view canonical_id,
                                       const MastodonHandle& handle) {
  size_t slash = canonical_id.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  if (Lower(canonical_id.substr(0, slash)) != handle.instance) return std::nullopt;
  std::string_view id = canonical_id.substr(slash + 1);
  if (!IsValidId(id)) return std::nullopt;
  return std::string(id);
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int CompareIds(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b);
}

std::string LookupUrl(const MastodonConfig& config, const MastodonHandle& handle) {
  return plugin::ReplaceOrigin(
      "https://" + handle.instance + "/api/v1/accounts/lookup?acct=" + handle.user,
      config.base_url);
}

std::string StatusesUrl(const MastodonConfig& config, const MastodonHandle& handle,
                        std::string_view account_id, std::string_view max_id) {
  std::string url = "https://" + handle.instance + "/api/v1/accounts/" + std::string(account_id) +
                    "/statuses?exclude_replies=true&limit=" + std::to_string(config.page_limit);
  if (!max_id.empty()) url += "&max_id=" + std::string(max_id);
  return plugin::ReplaceOrigin(url, config.base_url);
}

}  // namespace postwatch::mastodon
