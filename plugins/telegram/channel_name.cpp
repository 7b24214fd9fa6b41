#include "telegram/channel_name.h"

#include <cctype>
#include <vector>

#include "support/http_fields.h"
#include "support/url_ref.h"

namespace postwatch::telegram {
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

bool IsUsername(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

bool IsTelegramHost(std::string_view host) {
  for (std::string_view known : {"t.me", "telegram.me", "telegram.dog"}) {
    if (host == known || (host.size() == known.size() + 4 && host.substr(0, 4) == "www." &&
                          host.substr(4) == known)) {
      return true;
    }
  }
  return false;
}

bool StripBase(std::string_view url, std::string_view base_url, std::string_view& rest) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  if (base_url.empty() || url.size() < base_url.size() ||
      !plugin::EqualsNoCase(url.substr(0, base_url.size()), base_url)) {
    return false;
  }
  rest = url.substr(base_url.size());
  return rest.empty() || rest.front() == '/' || rest.front() == '?' || rest.front() == '#';
}

ChannelNameParse Failed(std::string message) {
  ChannelNameParse result;
  result.error = std::move(message);
  return result;
}

}  // namespace

ChannelNameParse ParseChannelName(std::string_view registered, std::string_view base_url) {
  std::string_view text = Trim(registered);
  if (text.empty()) return Failed("the account has no registered channel");
  std::string quoted = "\"" + std::string(text) + "\"";
  if (text.front() == '@') text.remove_prefix(1);
  if (IsUsername(text)) return ChannelNameParse{std::string(text), ""};
  std::string url(text);
  if (url.find("://") == std::string::npos) url = "https://" + url;
  if (!plugin::IsHttpUrl(url)) return Failed(quoted + " is neither a channel name nor a URL");
  std::string_view rest;
  if (!StripBase(url, base_url, rest)) {
    if (!IsTelegramHost(plugin::UrlHost(url))) return Failed(quoted + " is not a t.me URL");
    size_t path_start = url.find_first_of("/?#", url.find("://") + 3);
    rest = path_start == std::string::npos ? std::string_view()
                                           : std::string_view(url).substr(path_start);
  }
  std::string_view path = rest.substr(0, rest.find_first_of("?#"));
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    size_t slash = path.find('/');
    if (slash != 0) segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  if (!segments.empty() && segments[0] == "s") segments.erase(segments.begin());
  if (segments.empty()) return Failed(quoted + " names no channel");
  std::string_view name = segments[0];
  if (name.front() == '+' || name == "joinchat" || name == "c") {
    return Failed(quoted + " is a private chat link: only public channels can be read");
  }
  if (!IsUsername(name)) return Failed(quoted + " does not name a public channel");
  return ChannelNameParse{std::string(name), ""};
}

std::string PreviewUrl(std::string_view name, int64_t before, std::string_view base_url) {
  std::string url = "https://t.me/s/" + std::string(name);
  if (before > 0) url += "?before=" + std::to_string(before);
  return plugin::ReplaceOrigin(url, base_url);
}

}  // namespace postwatch::telegram
