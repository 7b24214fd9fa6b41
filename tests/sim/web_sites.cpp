#include "web_sites.h"

#include <string>

#include "sim_router.h"
#include "web_feeds.h"
#include "web_routes.h"
#include "web_wordpress.h"

namespace postwatch::sim {

namespace {

SimResponse Html(std::string body) {
  return TextResponse(200, "text/html; charset=utf-8", std::move(body));
}

class WebSiteService : public PlatformService {
 public:
  explicit WebSiteService(const PlatformContext& context)
      : context_(context),
        site_base_(context.base_url + std::string(kWebSitePrefix.substr(0, 5))),
        feeds_(*context.world, context.served != nullptr ? *context.served : unused_log_,
               context.clock, site_base_) {}

  std::string_view name() const override { return "web"; }
  std::string_view prefix() const override { return kWebSitePrefix; }
  std::string Registered(uint32_t account) const override { return SiteUrl(account) + "/"; }
  std::string PostId(uint32_t account, uint64_t index) const override {
    if (WebSiteKindOf(*context_.world, account) == SiteKind::kWordPress) {
      return WordPressGuid(WordPressSite{SiteUrl(account)}, index);
    }
    return World::PostId(account, index);
  }
  SimResponse Handle(const SimRequest& request) const override;

 private:
  std::string SiteUrl(uint32_t account) const { return site_base_ + "/" + World::Slug(account); }
  SimResponse HomePage(uint32_t account) const;
  SimResponse WordPressHomePage(uint32_t account) const;
  SimResponse WordPressApi(const SimRequest& request, uint32_t account,
                           std::string_view route) const;

  PlatformContext context_;
  std::string site_base_;  // base_url + "/site"
  ServedLog unused_log_{0};
  WebFeedService feeds_;
};

SimResponse WebSiteService::Handle(const SimRequest& request) const {
  if (request.method != "GET" && request.method != "HEAD") {
    SimResponse response = JsonError(405, "method not allowed");
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }
  std::string_view path = request.path().substr(kWebSitePrefix.size());
  const size_t slash = path.find('/');
  if (slash == std::string_view::npos) return JsonError(404, "no such resource");
  const auto account = context_.world->ParseSlug(path.substr(0, slash));
  if (!account || context_.PlatformOf(*account) != kWebSitePlatform) {
    return JsonError(404, "no such site");
  }
  const std::string_view rest = path.substr(slash);
  const bool wordpress = WebSiteKindOf(*context_.world, *account) == SiteKind::kWordPress;
  if (rest == "/") return wordpress ? WordPressHomePage(*account) : HomePage(*account);
  constexpr std::string_view kWpJson = "/wp-json/";
  if (wordpress && rest.substr(0, kWpJson.size()) == kWpJson) {
    return WordPressApi(request, *account, rest.substr(kWpJson.size()));
  }
  constexpr std::string_view kPosts = "/posts/";
  if ((rest == "/feed" && !wordpress) || rest.substr(0, kPosts.size()) == kPosts) {
    // The web platform's routes, under /site: same feed, same ETag, same served log.
    SimRequest inner = request;
    const std::string target(request.target.substr(kWebSitePrefix.size() - 1));
    inner.target = target;
    return feeds_.Handle(inner);
  }
  return JsonError(404, "no such resource");
}

SimResponse WebSiteService::HomePage(uint32_t account) const {
  const std::string name = World::DisplayName(account);
  std::string type(FeedContentType(context_.world->FormatOf(account)));
  type = type.substr(0, type.find(';'));
  // Relative hrefs resolve against <base href>, the site's directory: "feed" is
  // /site/acct-<i>/feed. The comments feed comes first, as some themes print it.
  return Html("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
              EscapeXml(name) + "</title>\n<base href=\"" + SiteUrl(account) +
              "/\">\n<link rel=\"stylesheet\" href=\"style.css\">\n"
              "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"" +
              EscapeXml(name) + " &raquo; Comments Feed\" href=\"comments/feed/\">\n" +
              "<link REL=\"Alternate Feed\" TYPE=\"" + type + "; charset=utf-8\" title=\"" +
              EscapeXml(name) + "\" href=\"feed\">\n" +
              "<link rel=\"alternate\" type=\"text/html\" hreflang=\"fr\" href=\"fr/\">\n"
              "</head>\n<body>\n<h1>" +
              EscapeXml(name) + "</h1>\n</body>\n</html>\n");
}

SimResponse WebSiteService::WordPressHomePage(uint32_t account) const {
  const std::string name = EscapeXml(World::DisplayName(account));
  const std::string site = SiteUrl(account);
  return Html("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"UTF-8\">\n<title>" +
              name + " &#8211; Just another WordPress site</title>\n" +
              "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"" + name +
              " &raquo; Comments Feed\" href=\"" + site + "/comments/feed/\" />\n" +
              "<link rel=\"https://api.w.org/\" href=\"" + site + "/wp-json/\" />\n" +
              "<link rel=\"alternate\" type=\"application/json\" href=\"" + site +
              "/wp-json/wp/v2/pages/2\" />\n" +
              "<meta name=\"generator\" content=\"WordPress 6.4.3\" />\n" +
              "</head>\n<body class=\"home blog\">\n<h1>" + name + "</h1>\n</body>\n</html>\n");
}

SimResponse WebSiteService::WordPressApi(const SimRequest& request, uint32_t account,
                                         std::string_view route) const {
  const WordPressSite site{SiteUrl(account)};
  if (route.empty()) return RenderWordPressApiRoot(site, World::DisplayName(account));
  if (route != "wp/v2/posts") {
    return WordPressError(404, "rest_no_route",
                          "No route was found matching the URL and request method.");
  }
  WordPressPageParse parse = ParseWordPressPageQuery(request.query());
  if (!parse.ok) return parse.error;
  const bool get = request.method == "GET";
  ServedLog* served = context_.served;
  if (get && served != nullptr && parse.request.page == 1) served->CountRequest(account);
  const uint64_t published = context_.world->PublishedCount(account, context_.clock());
  const WordPressPageRange range = WordPressPageOf(published, parse.request);
  if (range.past_the_end) {
    return WordPressError(
        400, "rest_post_invalid_page_number",
        "The page number requested is larger than the number of pages available.");
  }
  SimResponse response =
      RenderWordPressPage(*context_.world, account, site, published, parse.request, range);
  if (get && served != nullptr && !range.empty) served->Record(account, range.oldest, range.newest);
  return response;
}

}  // namespace

SiteKind WebSiteKindOf(const World& world, uint32_t account) {
  // SplitMix64 of (seed, account): deterministic and well mixed even for accounts that are
  // all congruent modulo the number of platforms.
  uint64_t z = world.config().seed * 0x9E3779B97F4A7C15ULL + account + 0x632BE59BD9B4E019ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return (z & 1) != 0 ? SiteKind::kWordPress : SiteKind::kHomePage;
}

std::unique_ptr<PlatformService> MakeWebSiteService(const PlatformContext& context) {
  return std::make_unique<WebSiteService>(context);
}

}  // namespace postwatch::sim
