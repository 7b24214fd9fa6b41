#include "bluesky/bluesky_actor.h"

#include <cctype>

#include "support/url_ref.h"

namespace postwatch::bluesky {
namespace {

constexpr std::string_view kAppViewOrigin = "https://public.api.bsky.app";

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

ActorParse Fail(std::string message) {
  ActorParse result;
  result.error = std::move(message);
  return result;
}

ActorParse FromIdentifier(std::string_view identifier, std::string_view registered) {
  ActorParse result;
  if (identifier.substr(0, 4) == "did:") {
    if (!IsDid(identifier)) {
      return Fail("\"" + std::string(registered) + "\" is not a valid DID");
    }
    result.actor.did = std::string(identifier);
    return result;
  }
  if (!identifier.empty() && identifier.front() == '@') identifier.remove_prefix(1);
  std::string handle = Lower(identifier);
  if (!IsHandle(handle)) {
    return Fail("\"" + std::string(registered) +
                "\" is neither a handle such as alice.bsky.social nor a DID");
  }
  result.actor.handle = std::move(handle);
  return result;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

ActorParse ParseActor(std::string_view registered) {
  std::string_view text = Trim(registered);
  if (text.empty()) return Fail("the account has no registered handle or DID");
  if (text.substr(0, 5) == "at://") {
    std::string_view rest = text.substr(5);
    return FromIdentifier(rest.substr(0, rest.find('/')), registered);
  }
  if (plugin::IsHttpUrl(text)) {
    std::string host = plugin::UrlHost(text);
    if (host != "bsky.app" && host != "www.bsky.app") {
      return Fail("\"" + std::string(registered) + "\" is not a bsky.app profile URL");
    }
    std::string_view path = text.substr(text.find("://") + 3);
    size_t slash = path.find('/');
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
    path = path.substr(0, path.find_first_of("?#"));
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    constexpr std::string_view kProfile = "/profile/";
    if (path.substr(0, kProfile.size()) != kProfile) {
      return Fail("\"" + std::string(registered) +
                  "\" is not a profile URL such as https://bsky.app/profile/alice.bsky.social");
    }
    std::string_view identifier = path.substr(kProfile.size());
    if (identifier.find('/') != std::string_view::npos) {
      return Fail("\"" + std::string(registered) + "\" is a post or sub-page, not a profile");
    }
    return FromIdentifier(PercentDecode(identifier), registered);
  }
  return FromIdentifier(text, registered);
}

bool IsDid(std::string_view text) {
  if (text.size() > 2048 || text.substr(0, 4) != "did:") return false;
  std::string_view rest = text.substr(4);
  size_t colon = rest.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon + 1 == rest.size()) return false;
  for (char c : rest.substr(0, colon)) {
    if (c < 'a' || c > 'z') return false;
  }
  for (char c : rest.substr(colon + 1)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != ':' &&
        c != '%' && c != '-') {
      return false;
    }
  }
  return rest.back() != ':';
}

bool IsHandle(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  size_t labels = 0;
  while (true) {
    size_t dot = text.find('.');
    std::string_view label = text.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    ++labels;
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  return labels >= 2;
}

std::string ResolveHandleUrl(const BlueskyConfig& config, std::string_view handle) {
  return plugin::ReplaceOrigin(
      std::string(kAppViewOrigin) +
          "/xrpc/com.atproto.identity.resolveHandle?handle=" + PercentEncode(handle),
      config.base_url);
}

std::string AuthorFeedUrl(const BlueskyConfig& config, std::string_view actor,
                          std::string_view cursor) {
  std::string url = std::string(kAppViewOrigin) +
                    "/xrpc/app.bsky.feed.getAuthorFeed?actor=" + PercentEncode(actor) +
                    "&filter=posts_no_replies&limit=" + std::to_string(config.page_limit);
  if (!cursor.empty()) url += "&cursor=" + PercentEncode(cursor);
  return plugin::ReplaceOrigin(url, config.base_url);
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    }
  }
  return out;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int high = HexValue(text[i + 1]);
      int low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string RecordKey(std::string_view at_uri) {
  if (at_uri.substr(0, 5) != "at://") return "";
  std::string_view rest = at_uri.substr(5);
  size_t first = rest.find('/');
  if (first == std::string_view::npos) return "";
  size_t last = rest.rfind('/');
  if (last == first || last + 1 == rest.size()) return "";
  return std::string(rest.substr(last + 1));
}

std::string PostWebUrl(std::string_view handle_or_did, std::string_view rkey) {
  return "https://bsky.app/profile/" + std::string(handle_or_did) + "/post/" + std::string(rkey);
}

}  // namespace postwatch::bluesky
