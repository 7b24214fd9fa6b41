#include "facebook/facebook_requests.h"

#include <algorithm>
#include <cmath>

#include "facebook/facebook_errors.h"
#include "facebook/facebook_page.h"
#include "support/feed_date.h"
#include "support/http_fields.h"
#include "support/oauth_credential.h"

namespace postwatch::facebook {

const char* const kPostsFields =
    "id,message,created_time,permalink_url,"
    "attachments%7Btype,url,unshimmed_url,target,title,subattachments%7D";

std::string PostsUrl(const FacebookConfig& config, std::string_view page_id,
                     std::string_view after) {
  std::string url = config.GraphRoot() + "/" + std::string(page_id) +
                    "/posts?fields=" + kPostsFields + "&limit=" + std::to_string(config.page_limit);
  if (!after.empty()) url += "&after=" + plugin::PercentEncodeComponent(after);
  return url;
}

std::string PageLookupUrl(const FacebookConfig& config, std::string_view node) {
  return config.GraphRoot() + "/" + plugin::PercentEncodeComponent(node) + "?fields=id,name";
}

plugin::RequestFields GraphGet(std::string url, std::string_view access_token,
                               std::string_view tag) {
  plugin::RequestFields request;
  request.url = std::move(url);
  request.headers.emplace_back("Authorization", "Bearer " + std::string(access_token));
  request.headers.emplace_back("Accept", "application/json");
  request.tag = std::string(tag);
  return request;
}

std::string PageIdInPostsUrl(std::string_view url) {
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  constexpr std::string_view kPosts = "/posts";
  if (path.size() <= kPosts.size() || path.substr(path.size() - kPosts.size()) != kPosts) {
    return "";
  }
  path.remove_suffix(kPosts.size());
  std::string_view id = path.substr(path.rfind('/') + 1);
  return IsPageId(id) ? std::string(id) : std::string();
}

std::optional<pw_rate_limit> UsageRateLimit(const pw_response& response, int64_t fallback_now) {
  std::optional<Usage> total;
  for (std::string_view name : {"X-App-Usage", "X-Page-Usage", "X-Business-Use-Case-Usage"}) {
    std::optional<std::string_view> value = plugin::FindHeader(response, name);
    if (!value) continue;
    std::optional<Usage> usage = ParseUsageHeader(*value);
    if (!usage) continue;
    if (!total) total = Usage{};
    total->max_percent = std::max(total->max_percent, usage->max_percent);
    total->regain_minutes = std::max(total->regain_minutes, usage->regain_minutes);
  }
  if (!total) return std::nullopt;
  pw_rate_limit hint{};
  hint.struct_size = sizeof(pw_rate_limit);
  const double percent = std::clamp(total->max_percent, 0.0, 100.0);
  hint.remaining = 100 - static_cast<int64_t>(std::ceil(percent));
  hint.limit = 100;
  if (total->regain_minutes > 0) {
    int64_t now = fallback_now;
    if (auto date = plugin::FindHeader(response, "Date")) {
      now = plugin::ParseRfc822Date(*date).value_or(fallback_now);
    }
    hint.reset_at = now + total->regain_minutes * 60;
  }
  return hint;
}

}  // namespace postwatch::facebook
