#include "telegram_routes.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

#include "base/time_format.h"
#include "web_feeds.h"

namespace postwatch::sim {
namespace {

constexpr std::string_view kNamePrefix = "acct_";

SimResponse Html(unsigned status, std::string body) {
  return TextResponse(status, "text/html; charset=utf-8", std::move(body));
}

std::string DateTime(int64_t ms) {
  std::string text = FormatRfc3339(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
  if (!text.empty() && text.back() == 'Z') text.replace(text.size() - 1, 1, "+00:00");
  return text;
}

std::optional<uint64_t> ParseNumber(std::string_view digits) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  return value;
}

class TelegramService : public PlatformService {
 public:
  TelegramService(const PlatformContext& context, std::set<uint32_t> preview_disabled)
      : context_(context),
        served_(context.served != nullptr ? context.served : &unused_log_),
        preview_disabled_(std::move(preview_disabled)) {}

  std::string_view name() const override { return "telegram"; }
  std::string_view prefix() const override { return kTelegramPrefix; }
  std::string Registered(uint32_t account) const override {
    return context_.base_url + "/telegram/s/" + TelegramChannelName(account);
  }
  std::string PostId(uint32_t account, uint64_t index) const override {
    (void)account;
    return std::to_string(TelegramMessageId(index));
  }

  SimResponse Handle(const SimRequest& request) const override {
    if (request.method != "GET" && request.method != "HEAD") {
      SimResponse response = Html(405, "<!DOCTYPE html><title>405</title>");
      response.headers.emplace_back("Allow", "GET, HEAD");
      return response;
    }
    std::string_view path = request.path().substr(kTelegramPrefix.size());
    const bool preview = path.substr(0, 2) == "s/";
    if (preview) path.remove_prefix(2);
    std::optional<uint32_t> account = AccountOfName(path);
    if (!account) return Html(404, "<!DOCTYPE html><title>Not Found</title>");
    if (!preview) return LandingPage(*account);
    if (preview_disabled_.count(*account) > 0) {
      SimResponse response;
      response.status = 302;
      response.headers.emplace_back(
          "Location", context_.base_url + "/telegram/" + TelegramChannelName(*account));
      return response;
    }
    std::optional<uint64_t> before;
    std::string_view query = request.query();
    constexpr std::string_view kBefore = "before=";
    if (query.substr(0, kBefore.size()) == kBefore)
      before = ParseNumber(query.substr(kBefore.size()));
    return PreviewPage(*account, before, request.method == "GET");
  }

 private:
  std::optional<uint32_t> AccountOfName(std::string_view name) const {
    if (name.substr(0, kNamePrefix.size()) != kNamePrefix) return std::nullopt;
    std::optional<uint32_t> account =
        context_.world->ParseSlug("acct-" + std::string(name.substr(kNamePrefix.size())));
    if (!account || context_.PlatformOf(*account) != "telegram") return std::nullopt;
    return account;
  }

  SimResponse LandingPage(uint32_t account) const {
    const std::string name = TelegramChannelName(account);
    const std::string title = EscapeXml(World::DisplayName(account));
    return Html(200,
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Telegram: Contact @" +
                    name +
                    "</title></head>\n<body><div class=\"tgme_page_wrap\"><div class=\"tgme_page\">"
                    "<div class=\"tgme_page_title\"><span dir=\"auto\">" +
                    title +
                    "</span></div><div class=\"tgme_page_action\"><a "
                    "class=\"tgme_action_button_new\" href=\"tg://resolve?domain=" +
                    name + "\">View in Telegram</a></div></div></div></body></html>\n");
  }

  std::string Message(const Post& post) const {
    const std::string name = TelegramChannelName(post.account);
    const std::string id = std::to_string(TelegramMessageId(post.index));
    std::string text = EscapeXml(post.title);
    for (size_t j = 0; j < post.links.size(); ++j) {
      const std::string href = EscapeXml(post.links[j].url);
      const bool url_as_text = (post.index + j) % 2 == 0;
      text += "<br/>" + std::string(j == 0 ? "\xF0\x9F\x91\x89 " : "") + "<a href=\"" + href +
              "\" target=\"_blank\" rel=\"noopener\">" + (url_as_text ? href : "read more") +
              "</a>";
    }
    text += "<br/><a href=\"?q=%23" + name + "\">#" + name + "</a>";
    std::string preview;
    if (post.index % 3 == 0 && !post.links.empty()) {
      preview = "<a class=\"tgme_widget_message_link_preview\" href=\"" +
                EscapeXml(post.links[0].url) +
                "\"><div class=\"link_preview_site_name accent_color\" dir=\"auto\">Preview</div>"
                "<div class=\"link_preview_title\" dir=\"auto\">" +
                EscapeXml(post.title) + "</div></a>";
    }
    const std::string time = DateTime(post.published_ms);
    return "<div class=\"tgme_widget_message_wrap js-widget_message_wrap\"><div "
           "class=\"tgme_widget_message text_not_supported_wrap js-widget_message\" "
           "data-post=\"" +
           name + "/" + id +
           "\" data-view=\"sim\">\n<div class=\"tgme_widget_message_bubble\">\n<div "
           "class=\"tgme_widget_message_author accent_color\"><a "
           "class=\"tgme_widget_message_owner_name\" href=\"https://t.me/" +
           name + "\"><span dir=\"auto\">" + EscapeXml(World::DisplayName(post.account)) +
           "</span></a></div>\n<div class=\"tgme_widget_message_text js-message_text\" "
           "dir=\"auto\">" +
           text + "</div>\n" + preview +
           "<div class=\"tgme_widget_message_footer compact js-message_footer\"><div "
           "class=\"tgme_widget_message_info short js-message_info\"><span "
           "class=\"tgme_widget_message_views\">" +
           std::to_string(post.index * 37 % 5000) +
           "</span><span class=\"copyonly\"> views</span><span "
           "class=\"tgme_widget_message_meta\"><a class=\"tgme_widget_message_date\" "
           "href=\"https://t.me/" +
           name + "/" + id + "\"><time datetime=\"" + time + "\" class=\"time\">" +
           time.substr(11, 5) + "</time></a></span></div></div>\n</div>\n</div></div>\n";
  }

  SimResponse PreviewPage(uint32_t account, std::optional<uint64_t> before, bool get) const {
    if (get) served_->CountRequest(account);
    const uint64_t count = context_.world->PublishedCount(account, context_.clock());
    // Indexes k with id 2k+5 < before: k < (before - 5) / 2, rounded up.
    uint64_t upper = count;
    if (before) upper = std::min(count, *before > 5 ? (*before - 4) / 2 : 0);
    const uint64_t lower = upper > kTelegramPageMessages ? upper - kTelegramPageMessages : 0;
    const std::string name = TelegramChannelName(account);
    const std::string title = EscapeXml(World::DisplayName(account));
    std::string body =
        "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>" + title +
        " \xE2\x80\x93 Telegram</title></head>\n<body class=\"widget_frame_base "
        "tgme_webpage_body\">\n<main class=\"tgme_main\" data-url=\"/" +
        name +
        "\"><div class=\"tgme_container\">\n<section class=\"tgme_right_column\"><div "
        "class=\"tgme_channel_info\"><div class=\"tgme_channel_info_header\"><div "
        "class=\"tgme_channel_info_header_title\"><span dir=\"auto\">" +
        title +
        "</span></div><div class=\"tgme_channel_info_header_username\"><a href=\"https://t.me/" +
        name + "\">@" + name +
        "</a></div></div></div></section>\n<section class=\"tgme_channel_history "
        "js-message_history\">\n";
    if (lower > 0) {
      const std::string oldest = std::to_string(TelegramMessageId(lower));
      body += "<div class=\"tgme_widget_message_centered js-messages_more_wrap\"><a href=\"/s/" +
              name + "?before=" + oldest +
              "\" class=\"tme_messages_more js-messages_more\" data-before=\"" + oldest +
              "\"></a></div>\n";
    }
    for (uint64_t k = lower; k < upper; ++k) body += Message(context_.world->MakePost(account, k));
    body += "</section>\n</div></main>\n</body>\n</html>\n";
    if (get && upper > lower) served_->Record(account, lower, upper - 1);
    return Html(200, std::move(body));
  }

  PlatformContext context_;
  ServedLog unused_log_{0};
  ServedLog* served_;
  std::set<uint32_t> preview_disabled_;
};

}  // namespace

std::unique_ptr<PlatformService> MakeTelegramService(const PlatformContext& context,
                                                     std::set<uint32_t> preview_disabled) {
  return std::make_unique<TelegramService>(context, std::move(preview_disabled));
}

std::string TelegramChannelName(uint32_t account) {
  return std::string(kNamePrefix) + std::to_string(account);
}

int64_t TelegramMessageId(uint64_t index) { return static_cast<int64_t>(2 * index + 5); }

}  // namespace postwatch::sim
