#include "web/poll_steps.h"

#include <charconv>
#include <optional>
#include <string>

#include "support/http_fields.h"
#include "web/feed_document.h"
#include "web/feed_posts.h"
#include "web/feed_xml.h"
#include "web/site_page.h"
#include "web/wordpress_api.h"
#include "web/wordpress_posts.h"

namespace postwatch::web {
namespace {

using plugin::Emitter;
using plugin::View;

constexpr const char* kAccept =
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";
constexpr size_t kMaxAccountIdBytes = 1024;  // what the host keeps of an account id

std::string HttpCharset(const pw_response& response) {
  std::optional<std::string_view> type = plugin::FindHeader(response, "Content-Type");
  return type ? CharsetParameter(*type) : "";
}

// Maps a non-2xx final status to the typed error the host acts on. The host handles 304,
// 429 and 5xx itself; they are mapped anyway so that `plugins replay` gives sane answers.
pw_status StatusError(const Emitter& emit, int status, std::string_view url) {
  std::string where = " from " + std::string(url);
  std::string code = "HTTP " + std::to_string(status);
  if (status == 404 || status == 410) {
    return emit.Error(PW_E_GONE, code + where + ": the feed no longer exists");
  }
  if (status == 401 || status == 403) {
    return emit.Error(PW_E_AUTH, code + where + ": the feed is not public");
  }
  if (status == 429) return emit.Error(PW_E_RATELIMITED, code + where);
  return emit.Error(PW_E_PARSE, code + where + ": expected a feed");
}

pw_status DocumentError(const Emitter& emit, const FeedDocument& document, std::string_view url) {
  pw_status code = document.kind == FeedDocumentKind::kUnreadable ? PW_E_PARSE : PW_E_LAYOUT;
  return emit.Error(code, document.message + " (" + std::string(url) + ")");
}

plugin::RequestFields FeedRequest(const WebConfig& config, std::string_view url,
                                  std::string_view tag) {
  plugin::RequestFields request;
  request.url = FetchUrl(config, url);
  request.headers.emplace_back("Accept", kAccept);
  request.tag = std::string(tag);
  return request;
}

plugin::RequestFields WordPressRequest(const WebConfig& config, std::string_view endpoint,
                                       int page) {
  plugin::RequestFields request;
  request.url = FetchUrl(config, WordPressPageUrl(endpoint, page, config.wordpress_per_page));
  request.headers.emplace_back("Accept", "application/json");
  request.tag = std::string(kWordPressTagPrefix) + std::to_string(page);
  return request;
}

// What an HTML page leads to: the WordPress posts collection when the page names its REST
// API (it serves full content and pages back in time), else the best advertised feed.
struct Discovery {
  AccountSource source;
  std::string error;  // "" when found
};

Discovery Discover(const pw_response& response) {
  std::string_view url = View(response.url);
  SitePage page = ReadSitePage(plugin::Body(response), url, HttpCharset(response));
  Discovery found;
  if (!page.wordpress_api.empty()) {
    found.source.kind = SourceKind::kWordPress;
    found.source.url = WordPressPostsEndpoint(page.wordpress_api);
    if (found.source.url.empty()) found.source.url = WordPressSiteEndpoint(page.wordpress_api);
  } else {
    found.source.kind = SourceKind::kFeed;
    found.source.url = ChooseFeed(page);
  }
  if (found.source.url.empty()) {
    found.error =
        "the response is an HTML page that advertises no RSS, Atom or JSON feed "
        "(no <link rel=\"alternate\" type=\"application/rss+xml\"> or similar) (" +
        std::string(url) + "); register the site's feed URL or set ref.feed_url";
  } else if (found.source.url.size() > kMaxAccountIdBytes) {
    found.error = "the feed the page at " + std::string(url) +
                  " advertises has a URL longer "
                  "than " +
                  std::to_string(kMaxAccountIdBytes) + " bytes";
  }
  return found;
}

}  // namespace

plugin::RequestFields FirstRequest(const WebConfig& config, const AccountSource& source) {
  if (source.kind == SourceKind::kWordPress) return WordPressRequest(config, source.url, 1);
  return FeedRequest(config, source.url, kFeedTag);
}

pw_status ParseResolveStep(const WebConfig& /*config*/, const Emitter& emit,
                           const pw_response& response) {
  std::string_view url = View(response.url);
  if (!plugin::IsSuccess(response.status)) return StatusError(emit, response.status, url);
  FeedDocument document = ReadFeedDocument(plugin::Body(response), url, HttpCharset(response));
  if (document.kind == FeedDocumentKind::kFeed) {
    if (url.size() > kMaxAccountIdBytes) {
      return emit.Error(PW_E_CONFIG, "the feed URL is longer than " +
                                         std::to_string(kMaxAccountIdBytes) + " bytes");
    }
    emit.AccountId(url);
    return PW_DONE;
  }
  if (document.kind != FeedDocumentKind::kHtmlPage) return DocumentError(emit, document, url);
  Discovery found = Discover(response);
  if (!found.error.empty()) return emit.Error(PW_E_LAYOUT, found.error);
  emit.AccountId(found.source.url);
  emit.Log(PW_LOG_INFO,
           "the page " + std::string(url) + " advertises " +
               (found.source.kind == SourceKind::kWordPress ? "a WordPress API, " : "the feed ") +
               found.source.url);
  return PW_DONE;
}

pw_status ParseFeedStep(const WebConfig& config, const Emitter& emit, const pw_response& response,
                        bool discover) {
  std::string_view url = View(response.url);
  if (!plugin::IsSuccess(response.status)) return StatusError(emit, response.status, url);
  FeedDocument document = ReadFeedDocument(plugin::Body(response), url, HttpCharset(response));
  if (document.kind == FeedDocumentKind::kHtmlPage) {
    if (!discover) {
      return emit.Error(PW_E_LAYOUT,
                        document.message + " (" + std::string(url) +
                            (plugin::Tag(response) == kDiscoveredTag
                                 ? "), and it is where another page's feed link pointed"
                                 : "); register the site's feed URL or set ref.feed_url"));
    }
    Discovery found = Discover(response);
    if (!found.error.empty()) return emit.Error(PW_E_LAYOUT, found.error);
    // The feed becomes the account's canonical id, so the next poll goes straight to it.
    emit.AccountId(found.source.url);
    if (found.source.kind == SourceKind::kWordPress) {
      emit.Request(WordPressRequest(config, found.source.url, 1));
    } else {
      emit.Request(FeedRequest(config, found.source.url, kDiscoveredTag));
    }
    return PW_OK;
  }
  if (document.kind != FeedDocumentKind::kFeed) return DocumentError(emit, document, url);
  FeedPosts posts = BuildFeedPosts(document.feed, static_cast<size_t>(config.max_items));
  for (const plugin::PostFields& post : posts.posts) emit.Post(post);
  if (!posts.cursor.empty()) emit.Cursor(posts.cursor);
  emit.Log(PW_LOG_DEBUG, document.feed.format + " feed with " +
                             std::to_string(document.feed.items.size()) + " items, " +
                             std::to_string(posts.posts.size()) + " posts emitted");
  return PW_DONE;
}

pw_status ParseWordPressStep(const WebConfig& config, const Emitter& emit, std::string_view cursor,
                             const pw_response& response, int page, bool fall_back_to_feed) {
  std::string_view url = View(response.url);
  WordPressPage read =
      ReadWordPressPage(response.status, plugin::Body(response), url, ParseWordPressCursor(cursor));
  if (read.status == PW_DONE) return PW_DONE;  // past the last page: nothing more
  if (read.status == PW_E_LAYOUT || read.status == PW_E_AUTH) {
    std::string feed = WordPressFeedUrl(url);
    if (page == 1 && fall_back_to_feed && !feed.empty()) {
      emit.Log(PW_LOG_WARNING, read.message + "; reading the site's feed " + feed + " instead");
      emit.AccountId(feed);
      emit.Request(FeedRequest(config, feed, kDiscoveredTag));
      return PW_OK;
    }
  }
  if (read.status != PW_OK) return emit.Error(read.status, read.message);
  for (const plugin::PostFields& post : read.posts) emit.Post(post);
  if (page == 1 && read.newest) emit.Cursor(FormatWordPressCursor(*read.newest));
  int per_page = config.wordpress_per_page;
  // X-WP-TotalPages says how many pages there are; without it, a full page may have a next.
  bool more_pages = read.listed >= static_cast<size_t>(per_page);
  if (std::optional<std::string_view> total = plugin::FindHeader(response, "X-WP-TotalPages")) {
    int64_t pages = 0;
    auto [end, ec] = std::from_chars(total->data(), total->data() + total->size(), pages);
    if (ec == std::errc() && end == total->data() + total->size()) more_pages = page < pages;
  }
  bool more = !read.reached_cursor && more_pages &&
              static_cast<int64_t>(page) * per_page < config.max_items;
  if (!more) return PW_DONE;
  std::string endpoint = WordPressPostsEndpoint(url);
  if (endpoint.empty()) return PW_DONE;
  emit.Request(WordPressRequest(config, endpoint, page + 1));
  return PW_OK;
}

}  // namespace postwatch::web
