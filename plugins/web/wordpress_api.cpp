#include "web/wordpress_api.h"

#include <charconv>

namespace postwatch::web {
namespace {

constexpr std::string_view kWpJson = "/wp-json/";
constexpr std::string_view kRestRoute = "rest_route=";
constexpr std::string_view kPostsRoute = "wp/v2/posts";

// `url` without its query and fragment.
std::string_view PathPart(std::string_view url) { return url.substr(0, url.find_first_of("?#")); }

std::string_view QueryPart(std::string_view url) {
  size_t question = url.find('?');
  if (question == std::string_view::npos) return {};
  std::string_view query = url.substr(question + 1);
  return query.substr(0, query.find('#'));
}

bool HasRestRoute(std::string_view url) {
  std::string_view query = QueryPart(url);
  size_t at = query.find(kRestRoute);
  return at != std::string_view::npos && (at == 0 || query[at - 1] == '&');
}

bool ParseInt(std::string_view text, int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

// The path with "/wp-json" completed to "/wp-json/" (the API root without its slash).
std::string ApiPath(std::string_view url) {
  std::string path(PathPart(url));
  constexpr std::string_view kRoot = "/wp-json";
  if (path.size() >= kRoot.size() &&
      path.compare(path.size() - kRoot.size(), kRoot.size(), kRoot) == 0) {
    path += '/';
  }
  return path;
}

bool IsWordPressApiUrl(std::string_view url) {
  return ApiPath(url).find(kWpJson) != std::string::npos || HasRestRoute(url);
}

std::string WordPressPostsEndpoint(std::string_view url) {
  std::string api_path = ApiPath(url);
  std::string_view path = api_path;
  if (size_t at = path.find(kWpJson); at != std::string_view::npos) {
    return std::string(path.substr(0, at + kWpJson.size())) + std::string(kPostsRoute);
  }
  if (HasRestRoute(url)) return std::string(path) + "?rest_route=/" + std::string(kPostsRoute);
  return "";
}

std::string WordPressSiteEndpoint(std::string_view site_url) {
  std::string base(PathPart(site_url));
  size_t scheme = base.find("://");
  size_t path_start = scheme == std::string::npos ? 0 : base.find('/', scheme + 3);
  if (path_start == std::string::npos) base += '/';
  if (base.back() != '/') base += '/';
  return base + "wp-json/" + std::string(kPostsRoute);
}

std::string WordPressFeedUrl(std::string_view endpoint) {
  std::string_view path = PathPart(endpoint);
  if (size_t at = path.find(kWpJson); at != std::string_view::npos) {
    return std::string(path.substr(0, at + 1)) + "feed/";
  }
  if (HasRestRoute(endpoint)) return std::string(path) + "?feed=rss2";
  return "";
}

std::string WordPressPageUrl(std::string_view endpoint, int page, int per_page) {
  std::string url(endpoint);
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += "page=" + std::to_string(page) + "&per_page=" + std::to_string(per_page) +
         "&_fields=id,guid,link,date_gmt,title,content";
  return url;
}

std::string FormatWordPressCursor(const WordPressCursor& cursor) {
  return "wp:" + std::to_string(cursor.published_at) + ":" + std::to_string(cursor.id);
}

std::optional<WordPressCursor> ParseWordPressCursor(std::string_view text) {
  if (text.substr(0, 3) != "wp:") return std::nullopt;
  text.remove_prefix(3);
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  WordPressCursor cursor;
  if (!ParseInt(text.substr(0, colon), cursor.published_at) ||
      !ParseInt(text.substr(colon + 1), cursor.id)) {
    return std::nullopt;
  }
  return cursor;
}

}  // namespace postwatch::web
