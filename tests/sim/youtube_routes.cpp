#include "youtube_routes.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

#include "base/time_format.h"
#include "web_feeds.h"

namespace postwatch::sim {
namespace {

constexpr std::string_view kChannelIdPrefix = "UCSimAcct";
constexpr std::string_view kYoutube = "https://www.youtube.com";

// "2024-05-20T09:30:00+00:00", the way YouTube's feeds write times.
std::string FeedTime(int64_t ms) {
  std::string text = FormatRfc3339(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
  if (!text.empty() && text.back() == 'Z') text.replace(text.size() - 1, 1, "+00:00");
  return text;
}

SimResponse Html(unsigned status, std::string body) {
  return TextResponse(status, "text/html; charset=utf-8", std::move(body));
}

SimResponse NotFoundPage(std::string_view target) {
  return Html(404,
              "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n"
              "  <title>Error 404 (Not Found)!!1</title>\n"
              "  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>\n"
              "  <p><b>404.</b> <ins>That\xE2\x80\x99s an error.</ins>\n"
              "  <p>The requested URL <code>" +
                  EscapeXml(target) +
                  "</code> was not found on this server.  <ins>That\xE2\x80\x99s all we "
                  "know.</ins>\n");
}

class YoutubeService : public PlatformService {
 public:
  explicit YoutubeService(const PlatformContext& context)
      : context_(context), served_(context.served != nullptr ? context.served : &unused_log_) {}

  std::string_view name() const override { return "youtube"; }
  std::string_view prefix() const override { return kYoutubePrefix; }
  std::string Registered(uint32_t account) const override {
    return context_.base_url + "/youtube/@" + World::Slug(account);
  }
  std::string PostId(uint32_t account, uint64_t index) const override {
    return YoutubeVideoId(account, index);
  }

  SimResponse Handle(const SimRequest& request) const override {
    if (request.method != "GET" && request.method != "HEAD") {
      SimResponse response = Html(405, "<!DOCTYPE html><title>405</title>");
      response.headers.emplace_back("Allow", "GET, HEAD");
      return response;
    }
    std::string_view path = request.path().substr(kYoutubePrefix.size());
    if (path == "feeds/videos.xml") {
      std::optional<uint32_t> account =
          AccountOfChannelId(QueryValue(request.query(), "channel_id"));
      if (!account) return NotFoundPage(request.target);
      return Feed(*account, request.method == "GET");
    }
    std::string_view first = path.substr(0, path.find('/'));
    std::optional<uint32_t> account;
    if (!first.empty() && first.front() == '@') {
      account = OwnAccount(context_.world->ParseSlug(first.substr(1)));
    } else if (first == "channel" && path.size() > first.size()) {
      const std::string_view rest = path.substr(first.size() + 1);
      account = AccountOfChannelId(rest.substr(0, rest.find('/')));
    }
    if (!account) return NotFoundPage(request.target);
    return ChannelPage(*account);
  }

 private:
  static std::string_view QueryValue(std::string_view query, std::string_view key) {
    while (!query.empty()) {
      const size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      const size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == key) return pair.substr(eq + 1);
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
    return {};
  }

  // The account when it exists and is on YouTube.
  std::optional<uint32_t> OwnAccount(std::optional<uint32_t> account) const {
    if (!account || context_.PlatformOf(*account) != "youtube") return std::nullopt;
    return account;
  }

  std::optional<uint32_t> AccountOfChannelId(std::string_view id) const {
    if (id.size() != 24 || id.substr(0, kChannelIdPrefix.size()) != kChannelIdPrefix) {
      return std::nullopt;
    }
    const std::string_view digits = id.substr(kChannelIdPrefix.size());
    uint32_t value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() ||
        value >= context_.world->account_count()) {
      return std::nullopt;
    }
    return OwnAccount(value);
  }

  SimResponse ChannelPage(uint32_t account) const {
    const std::string id = YoutubeChannelId(account);
    const std::string name = EscapeXml(World::DisplayName(account));
    return Html(200, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                         name +
                         " - YouTube</title>\n<script nonce=\"sim\">var ytcfg={};</script>\n"
                         "<link rel=\"canonical\" href=\"" +
                         std::string(kYoutube) + "/channel/" + id +
                         "\">\n<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" "
                         "href=\"" +
                         std::string(kYoutube) + "/feeds/videos.xml?channel_id=" + id +
                         "\">\n<meta property=\"og:title\" content=\"" + name +
                         "\"></head><body><div id=\"content\"></div></body></html>\n");
  }

  std::string Entry(const Post& post, const std::string& channel_id) const {
    const std::string video = YoutubeVideoId(post.account, post.index);
    const bool is_short = post.index % 5 == 4;
    const std::string title = EscapeXml(post.title);
    const std::string published = FeedTime(post.published_ms);
    std::string description = title + " from " + World::DisplayName(post.account) + ".\n";
    if (is_short) description += "\n#shorts\n";
    for (size_t j = 0; j < post.links.size(); ++j) {
      description +=
          (j == 0 ? "\nSources &amp; more:\n" : "") + EscapeXml(post.links[j].url) + "\n";
    }
    const std::string channel_url = std::string(kYoutube) + "/channel/" + channel_id;
    return " <entry>\n  <id>yt:video:" + video + "</id>\n  <yt:videoId>" + video +
           "</yt:videoId>\n  <yt:channelId>" + channel_id + "</yt:channelId>\n  <title>" + title +
           "</title>\n  <link rel=\"alternate\" href=\"" + std::string(kYoutube) +
           (is_short ? "/shorts/" + video : "/watch?v=" + video) + "\"/>\n  <author>\n   <name>" +
           World::DisplayName(post.account) + "</name>\n   <uri>" + channel_url +
           "</uri>\n  </author>\n  <published>" + published + "</published>\n  <updated>" +
           published + "</updated>\n  <media:group>\n   <media:title>" + title +
           "</media:title>\n   <media:content url=\"" + std::string(kYoutube) + "/v/" + video +
           "?version=3\" type=\"application/x-shockwave-flash\" width=\"640\" height=\"390\"/>\n"
           "   <media:thumbnail url=\"https://i1.ytimg.com/vi/" +
           video + "/hqdefault.jpg\" width=\"480\" height=\"360\"/>\n   <media:description>" +
           description +
           "</media:description>\n   <media:community>\n    <media:starRating count=\"" +
           std::to_string(post.index * 7 % 100) +
           "\" average=\"5.00\" min=\"1\" max=\"5\"/>\n    <media:statistics views=\"" +
           std::to_string(post.index * 131 % 10000) +
           "\"/>\n   </media:community>\n  </media:group>\n </entry>\n";
  }

  SimResponse Feed(uint32_t account, bool get) const {
    if (get) served_->CountRequest(account);
    const uint64_t count = context_.world->PublishedCount(account, context_.clock());
    const uint64_t shown = std::min(count, kYoutubeFeedEntries);
    const std::string id = YoutubeChannelId(account);
    const std::string channel_url = std::string(kYoutube) + "/channel/" + id;
    const std::string name = EscapeXml(World::DisplayName(account));
    std::string body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed "
        "xmlns:yt=\"http://www.youtube.com/xml/schemas/2015\" "
        "xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns=\"http://www.w3.org/2005/Atom\">\n"
        " <link rel=\"self\" href=\"http://www.youtube.com/feeds/videos.xml?channel_id=" +
        id + "\"/>\n <id>yt:channel:" + id.substr(2) + "</id>\n <yt:channelId>" + id.substr(2) +
        "</yt:channelId>\n <title>" + name + "</title>\n <link rel=\"alternate\" href=\"" +
        channel_url + "\"/>\n <author>\n  <name>" + name + "</name>\n  <uri>" + channel_url +
        "</uri>\n </author>\n <published>" + FeedTime(context_.world->config().start_time_ms) +
        "</published>\n";
    for (uint64_t n = 0; n < shown; ++n) {
      body += Entry(context_.world->MakePost(account, count - 1 - n), id);
    }
    body += "</feed>\n";
    if (get && shown > 0) served_->Record(account, count - shown, count - 1);
    SimResponse response = TextResponse(200, "text/xml; charset=UTF-8", std::move(body));
    response.headers.emplace_back("Cache-Control", "public, max-age=900");
    return response;
  }

  PlatformContext context_;
  ServedLog unused_log_{0};
  ServedLog* served_;
};

}  // namespace

std::unique_ptr<PlatformService> MakeYoutubeService(const PlatformContext& context) {
  return std::make_unique<YoutubeService>(context);
}

std::string YoutubeChannelId(uint32_t account) {
  std::string digits = std::to_string(account);
  return std::string(kChannelIdPrefix) +
         std::string(15 - std::min<size_t>(15, digits.size()), '0') + digits;
}

std::string YoutubeVideoId(uint32_t account, uint64_t index) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const uint64_t value = (static_cast<uint64_t>(account) << 40) | (index & ((1ULL << 40) - 1));
  std::string id(11, 'A');
  for (int c = 0; c < 11; ++c) id[static_cast<size_t>(c)] = kAlphabet[(value >> (60 - 6 * c)) & 63];
  return id;
}

}  // namespace postwatch::sim
