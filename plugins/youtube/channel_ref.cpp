#include "youtube/channel_ref.h"

#include <cctype>
#include <vector>

#include "support/http_fields.h"
#include "support/url_ref.h"

namespace postwatch::youtube {
namespace {

constexpr std::string_view kYoutubeOrigin = "https://www.youtube.com";

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

bool IsNameByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f && c != '/' && c != '?' && c != '#' && c != '&' && c != '"' &&
         c != '<' && c != '>' && c != '\\';
}

bool IsName(std::string_view text) {
  if (text.empty() || text.size() > 100) return false;
  for (char c : text) {
    if (!IsNameByte(c)) return false;
  }
  return true;
}

bool IsYoutubeHost(std::string_view host) {
  constexpr std::string_view kDomain = "youtube.com";
  if (host == kDomain) return true;
  return host.size() > kDomain.size() + 1 &&
         host.substr(host.size() - kDomain.size() - 1) == ".youtube.com";
}

// The path, query and fragment of `url` after `base_url`, when `url` lies under it.
bool StripBase(std::string_view url, std::string_view base_url, std::string_view& rest) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  if (base_url.empty() || url.size() < base_url.size() ||
      !plugin::EqualsNoCase(url.substr(0, base_url.size()), base_url)) {
    return false;
  }
  rest = url.substr(base_url.size());
  return rest.empty() || rest.front() == '/' || rest.front() == '?' || rest.front() == '#';
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    size_t slash = path.find('/');
    std::string_view segment = path.substr(0, slash);
    if (!segment.empty()) out.push_back(segment);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

// The value of query parameter `name` (not decoded); "" when absent.
std::string_view QueryParameter(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

ChannelRefParse Found(ChannelRefKind kind, std::string_view value) {
  ChannelRefParse result;
  result.ref.kind = kind;
  result.ref.value = std::string(value);
  return result;
}

ChannelRefParse Failed(std::string message) {
  ChannelRefParse result;
  result.error = std::move(message);
  return result;
}

bool IsReservedPath(std::string_view segment) {
  static constexpr std::string_view kReserved[] = {
      "watch", "shorts", "playlist", "feed", "results", "embed", "live", "v", "redirect", "s"};
  for (std::string_view reserved : kReserved) {
    if (segment == reserved) return true;
  }
  return false;
}

ChannelRefParse FromPath(std::string_view rest, std::string_view url) {
  std::string_view path = rest.substr(0, rest.find_first_of("?#"));
  std::string_view query;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    query = query.substr(0, query.find('#'));
  }
  std::vector<std::string_view> segments = Segments(path);
  std::string where = "\"" + std::string(url) + "\"";
  if (segments.empty()) return Failed(where + " names no channel");
  std::string_view first = segments[0];
  std::string_view second = segments.size() > 1 ? segments[1] : std::string_view();
  if (first.front() == '@' && IsName(first.substr(1))) {
    return Found(ChannelRefKind::kHandle, first);
  }
  if (first == "channel") {
    if (IsChannelId(second)) return Found(ChannelRefKind::kChannelId, second);
    return Failed(where + ": /channel/ must be followed by a UC… channel id");
  }
  if ((first == "c" || first == "user") && IsName(second)) {
    return Found(first == "c" ? ChannelRefKind::kCustomUrl : ChannelRefKind::kUser, second);
  }
  if (first == "feeds") {
    std::string_view id = QueryParameter(query, "channel_id");
    if (IsChannelId(id)) return Found(ChannelRefKind::kChannelId, id);
    std::string_view user = QueryParameter(query, "user");
    if (IsName(user)) return Found(ChannelRefKind::kUser, user);
    return Failed(where + ": a feed URL needs channel_id=UC… or user=name");
  }
  if (first == "watch" || first == "shorts" || first == "playlist") {
    return Failed(where + " is a video or playlist, not a channel");
  }
  if (segments.size() <= 2 && !IsReservedPath(first) && IsName(first)) {
    return Found(ChannelRefKind::kCustomUrl, first);
  }
  return Failed("cannot tell the channel from " + where +
                ": expected /@handle, /channel/UC…, /c/name or /user/name");
}

}  // namespace

bool IsChannelId(std::string_view text) {
  if (text.size() != 24 || text.substr(0, 2) != "UC") return false;
  for (char c : text.substr(2)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

ChannelRefParse ParseChannelRef(std::string_view registered, std::string_view base_url) {
  std::string_view text = Trim(registered);
  if (text.empty()) return Failed("the account has no registered channel");
  if (IsChannelId(text)) return Found(ChannelRefKind::kChannelId, text);
  if (text.front() == '@' && IsName(text.substr(1))) return Found(ChannelRefKind::kHandle, text);
  if (text.find('/') == std::string_view::npos && text.find('.') == std::string_view::npos &&
      IsName(text)) {
    return Found(ChannelRefKind::kHandle, "@" + std::string(text));
  }
  std::string url(text);
  if (url.find("://") == std::string::npos) url = "https://" + url;
  if (!plugin::IsHttpUrl(url)) {
    return Failed("\"" + std::string(text) + "\" is neither a channel id, a handle nor a URL");
  }
  std::string_view rest;
  if (!StripBase(url, base_url, rest)) {
    std::string host = plugin::UrlHost(url);
    if (!IsYoutubeHost(host)) {
      return Failed("\"" + std::string(text) + "\" is not on youtube.com");
    }
    size_t scheme_end = url.find("://") + 3;
    size_t path_start = url.find_first_of("/?#", scheme_end);
    rest = path_start == std::string::npos ? std::string_view()
                                           : std::string_view(url).substr(path_start);
  }
  return FromPath(rest, text);
}

std::string ChannelPageUrl(const ChannelRef& ref) {
  std::string url(kYoutubeOrigin);
  switch (ref.kind) {
    case ChannelRefKind::kChannelId:
      return url + "/channel/" + ref.value;
    case ChannelRefKind::kHandle:
      return url + "/" + ref.value;
    case ChannelRefKind::kCustomUrl:
      return url + "/c/" + ref.value;
    case ChannelRefKind::kUser:
      return url + "/user/" + ref.value;
  }
  return url;
}

std::string FeedUrl(std::string_view channel_id) {
  return std::string(kYoutubeOrigin) + "/feeds/videos.xml?channel_id=" + std::string(channel_id);
}

std::string ChannelIdInUrl(std::string_view url) {
  // An id ends where the path segment or query parameter ends.
  auto id_after = [url](std::string_view marker) -> std::string {
    size_t at = url.find(marker);
    if (at == std::string_view::npos) return "";
    std::string_view rest = url.substr(at + marker.size());
    std::string_view id = rest.substr(0, rest.find_first_of("/?&#"));
    return IsChannelId(id) ? std::string(id) : "";
  };
  std::string id = id_after("/channel/");
  return id.empty() ? id_after("channel_id=") : id;
}

}  // namespace postwatch::youtube
