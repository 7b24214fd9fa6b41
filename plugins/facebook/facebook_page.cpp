#include "facebook/facebook_page.h"

#include <array>
#include <cctype>
#include <vector>

namespace postwatch::facebook {
namespace {

constexpr std::string_view kPersonal = "personal profiles have no public read interface";

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

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && Lower(text.substr(0, prefix.size())) == prefix;
}

bool IsUsername(std::string_view text) {
  if (text.empty() || text.size() > 50 || text.front() == '.' || text.back() == '.') return false;
  bool has_letter = false;
  for (char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c))) has_letter = true;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.') return false;
  }
  return has_letter;
}

// The id at the end of "Example-Page-104512345678901"; "" when there is none.
std::string_view TrailingId(std::string_view segment) {
  size_t dash = segment.rfind('-');
  if (dash == std::string_view::npos) return {};
  std::string_view id = segment.substr(dash + 1);
  return id.size() >= 6 && IsPageId(id) ? id : std::string_view();
}

bool IsFacebookHost(std::string_view host) {
  static constexpr std::array<std::string_view, 8> kHosts = {
      "facebook.com",        "www.facebook.com",   "m.facebook.com", "web.facebook.com",
      "mbasic.facebook.com", "touch.facebook.com", "fb.com",         "www.fb.com"};
  for (std::string_view known : kHosts) {
    if (host == known) return true;
  }
  return false;
}

// Site paths that are not Pages.
bool IsReservedSegment(std::string_view segment) {
  static constexpr std::array<std::string_view, 26> kReserved = {
      "groups",        "events",      "watch",  "share",  "sharer.php", "sharer",  "story.php",
      "permalink.php", "photo.php",   "photo",  "photos", "video.php",  "login",   "login.php",
      "hashtag",       "marketplace", "gaming", "help",   "policies",   "privacy", "settings",
      "messages",      "friends",     "search", "l.php",  "dialog"};
  std::string lower = Lower(segment);
  for (std::string_view reserved : kReserved) {
    if (lower == reserved) return true;
  }
  return false;
}

PageRefParse Fail(std::string error) {
  PageRefParse result;
  result.code = PW_E_CONFIG;
  result.error = std::move(error);
  return result;
}

PageRefParse FromSegment(std::string_view segment, std::string_view registered) {
  PageRefParse result;
  if (IsPageId(segment)) {
    result.ref.id = std::string(segment);
  } else if (std::string_view id = TrailingId(segment); !id.empty()) {
    result.ref.id = std::string(id);
  } else if (IsUsername(segment)) {
    result.ref.username = Lower(segment);
  } else {
    return Fail("\"" + std::string(registered.substr(0, 200)) +
                "\" is not a Facebook Page URL, username or id");
  }
  return result;
}

}  // namespace

bool IsPageId(std::string_view text) {
  if (text.empty() || text.size() > 25) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsPostId(std::string_view text) {
  size_t underscore = text.find('_');
  if (underscore == std::string_view::npos) return IsPageId(text);
  return IsPageId(text.substr(0, underscore)) && IsPageId(text.substr(underscore + 1));
}

PageRefParse ParsePageRef(std::string_view registered) {
  std::string_view text = Trim(registered);
  if (text.empty()) return Fail("the registered Facebook Page is empty");
  if (text.front() == '@') return FromSegment(text.substr(1), registered);
  bool has_scheme = StartsWithNoCase(text, "https://") || StartsWithNoCase(text, "http://");
  if (!has_scheme && text.find('/') == std::string_view::npos &&
      text.find('.') == std::string_view::npos) {
    return FromSegment(text, registered);
  }
  if (has_scheme) text.remove_prefix(text.find("//") + 2);
  size_t host_end = text.find_first_of("/?#");
  std::string host = Lower(text.substr(0, host_end));
  if (!IsFacebookHost(host)) {
    return FromSegment(text, registered);  // a bare username with dots, or an error
  }
  std::string_view rest = host_end == std::string_view::npos ? "" : text.substr(host_end);
  std::string_view path = rest.substr(0, rest.find_first_of("?#"));
  std::vector<std::string_view> segments;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  if (segments.empty())
    return Fail("a Facebook URL without a Page name: " + std::string(registered));
  std::string first = Lower(segments[0]);
  if (first == "profile.php" || first == "people") {
    return Fail(std::string(kPersonal) + " (" + std::string(registered.substr(0, 200)) +
                "); a Page shown at profile.php?id= is registered by its numeric id");
  }
  if (first == "pages") {
    // /pages/<Name>/<id> or /pages/category/<Category>/<username>/
    if (segments.size() >= 3 && IsPageId(segments[2])) return FromSegment(segments[2], registered);
    if (segments.size() >= 4 && Lower(segments[1]) == "category") {
      return FromSegment(segments[3], registered);
    }
    return Fail("cannot find the Page in " + std::string(registered.substr(0, 200)));
  }
  if ((first == "pg" || first == "p") && segments.size() >= 2) {
    return FromSegment(segments[1], registered);
  }
  if (IsReservedSegment(first)) {
    return Fail("\"" + std::string(registered.substr(0, 200)) +
                "\" is not a Facebook Page (groups, events and single posts cannot be polled)");
  }
  return FromSegment(segments[0], registered);
}

}  // namespace postwatch::facebook
