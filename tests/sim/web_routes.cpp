#include "web_routes.h"

#include <charconv>
#include <utility>

#include "http_date.h"
#include "sim_router.h"
#include "web_feeds.h"

namespace postwatch::sim {

namespace {

int64_t FloorSeconds(int64_t ms) { return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view StripWeak(std::string_view tag) {
  return tag.substr(0, 2) == "W/" ? tag.substr(2) : tag;
}

SimResponse Html(std::string body) {
  return TextResponse(200, "text/html; charset=utf-8", std::move(body));
}

}  // namespace

bool IfNoneMatchMatches(std::string_view header, std::string_view etag) {
  header = Trim(header);
  if (header == "*") return true;
  etag = StripWeak(etag);
  while (!header.empty()) {
    const size_t comma = header.find(',');
    const std::string_view tag = Trim(header.substr(0, comma));
    if (!tag.empty() && StripWeak(tag) == etag) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

WebFeedService::WebFeedService(const World& world, ServedLog& served, Clock clock,
                               std::string base_url)
    : world_(world), served_(served), clock_(std::move(clock)), base_url_(std::move(base_url)) {}

SimResponse WebFeedService::Handle(const SimRequest& request) const {
  if (request.method != "GET" && request.method != "HEAD") {
    SimResponse response = JsonError(405, "method not allowed");
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }
  std::string_view path = request.path();
  path.remove_prefix(1);
  const size_t slash = path.find('/');
  if (slash == std::string_view::npos) return JsonError(404, "no such resource");
  const auto account = world_.ParseSlug(path.substr(0, slash));
  if (!account) return JsonError(404, "no such account");
  const std::string_view rest = path.substr(slash);
  if (rest == "/feed") return Feed(request, *account);
  if (rest == "/") return HomePage(*account);
  constexpr std::string_view kPosts = "/posts/";
  if (rest.substr(0, kPosts.size()) == kPosts) {
    return PostPage(*account, rest.substr(kPosts.size()));
  }
  return JsonError(404, "no such resource");
}

SimResponse WebFeedService::Feed(const SimRequest& request, uint32_t account) const {
  if (request.method == "GET") served_.CountRequest(account);
  const int64_t now_ms = clock_();
  const uint64_t count = world_.PublishedCount(account, now_ms);
  const uint64_t shown = std::min<uint64_t>(count, world_.config().feed_items);
  // The feed body depends only on the newest post and how many are shown, so the ETag and
  // Last-Modified are known before rendering and a 304 costs no rendering.
  const std::string etag =
      "\"" + (count == 0 ? World::Slug(account) + "-empty" : World::PostId(account, count - 1)) +
      "-n" + std::to_string(shown) + "\"";
  const int64_t updated_ms =
      count == 0 ? world_.config().start_time_ms : world_.PublishedMs(account, count - 1);
  const std::string last_modified = FormatHttpDate(FloorSeconds(updated_ms));

  bool not_modified = false;
  if (!request.if_none_match.empty()) {
    not_modified = IfNoneMatchMatches(request.if_none_match, etag);
  } else if (!request.if_modified_since.empty()) {
    const auto since = ParseHttpDate(Trim(request.if_modified_since));
    not_modified = since && FloorSeconds(updated_ms) <= *since;
  }

  SimResponse response;
  const FeedFormat format = world_.FormatOf(account);
  response.headers.emplace_back("ETag", etag);
  response.headers.emplace_back("Last-Modified", last_modified);
  response.headers.emplace_back("Cache-Control", "no-cache");
  if (not_modified) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.content_type = std::string(FeedContentType(format));

  FeedContext context;
  context.base_url = base_url_;
  context.slug = World::Slug(account);
  context.display_name = World::DisplayName(account);
  context.updated_ms = updated_ms;
  context.rss_content_encoded = (account / 3) % 2 == 1;
  // Render from the same count used for the ETag, even if the clock moved meanwhile.
  std::vector<Post> posts;
  posts.reserve(shown);
  for (uint64_t n = 0; n < shown; ++n) posts.push_back(world_.MakePost(account, count - 1 - n));
  response.body = RenderFeed(format, context, posts);
  if (request.method == "GET" && shown > 0) served_.Record(account, count - shown, count - 1);
  return response;
}

SimResponse WebFeedService::HomePage(uint32_t account) const {
  const std::string name = World::DisplayName(account);
  const FeedFormat format = world_.FormatOf(account);
  std::string type(FeedContentType(format));
  type = type.substr(0, type.find(';'));
  return Html("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + name +
              "</title>\n<link rel=\"alternate\" type=\"" + type + "\" title=\"" + name +
              "\" href=\"/" + World::Slug(account) + "/feed\">\n</head><body><h1>" + name +
              "</h1></body></html>\n");
}

SimResponse WebFeedService::PostPage(uint32_t account, std::string_view index_text) const {
  uint64_t index = 0;
  auto [end, ec] = std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
  if (ec != std::errc() || end != index_text.data() + index_text.size() ||
      index >= world_.PublishedCount(account, clock_())) {
    return JsonError(404, "no such post");
  }
  const Post post = world_.MakePost(account, index);
  return Html("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" +
              EscapeXml(post.title) + "</title></head><body><article><h1>" + EscapeXml(post.title) +
              "</h1>\n" + post.content_html + "</article></body></html>\n");
}

}  // namespace postwatch::sim
