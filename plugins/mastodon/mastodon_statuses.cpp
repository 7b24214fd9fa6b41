#include "mastodon/mastodon_statuses.h"

#include <algorithm>
#include <cctype>

#include "mastodon/mastodon_account.h"
#include "mastodon/mastodon_content.h"
#include "support/feed_date.h"
#include "support/html_links.h"
#include "support/http_fields.h"
#include "support/json_fields.h"
#include "support/plain_text.h"
#include "support/url_ref.h"

namespace postwatch::mastodon {
namespace {

constexpr size_t kMaxTextBytes = 500;

std::string StringOr(const rapidjson::Value& object, std::string_view key) {
  std::optional<std::string_view> value = plugin::JsonString(object, key);
  return value ? std::string(*value) : std::string();
}

// status.url, else status.uri when it is an http(s) URL.
std::string StatusUrl(const rapidjson::Value& status) {
  std::string url = StringOr(status, "url");
  if (plugin::IsHttpUrl(url)) return url;
  url = StringOr(status, "uri");
  return plugin::IsHttpUrl(url) ? url : std::string();
}

void AddUnique(std::vector<std::string>& links, std::string link) {
  if (std::find(links.begin(), links.end(), link) == links.end()) {
    links.push_back(std::move(link));
  }
}

plugin::PostFields ReadStatus(const rapidjson::Value& status, std::string id) {
  plugin::PostFields post;
  post.id = std::move(id);
  const rapidjson::Value* reblog = plugin::JsonMember(status, "reblog");
  const bool is_reblog = reblog != nullptr && reblog->IsObject();
  // A reblog's own uri names the Announce activity, not a page; only its url is a page.
  post.url = is_reblog ? StringOr(status, "url") : StatusUrl(status);
  if (!plugin::IsHttpUrl(post.url)) post.url.clear();
  if (auto created = plugin::JsonString(status, "created_at")) {
    post.published_at = plugin::ParseIso8601Date(*created).value_or(0);
  }
  const rapidjson::Value& source = is_reblog ? *reblog : status;
  if (is_reblog) {
    post.kind = PW_POST_KIND_SHARE;
    post.shared_url = StatusUrl(*reblog);
    if (post.url.empty()) post.url = post.shared_url;
  } else if (plugin::JsonString(status, "in_reply_to_id")) {
    post.kind = PW_POST_KIND_REPLY;
  }
  std::string source_url = StatusUrl(source);
  std::string content = StringOr(source, "content");
  for (std::string& link : ContentLinks(content, source_url)) AddUnique(post.links, link);
  if (const rapidjson::Value* card = plugin::JsonMember(source, "card")) {
    std::string card_url = StringOr(*card, "url");
    if (plugin::IsHttpUrl(card_url)) AddUnique(post.links, card_url);
  }
  std::string text = plugin::CollapseWhitespace(StringOr(source, "spoiler_text"));
  std::string body = plugin::HtmlToText(content);
  if (!text.empty() && !body.empty()) text += " ";
  text += body;
  post.text = plugin::TruncateUtf8(text, kMaxTextBytes);
  return post;
}

StatusesParse Error(pw_status code, std::string message) {
  StatusesParse result;
  result.code = code;
  result.message = std::move(message);
  return result;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// The value of query parameter `name` in `url`; "" when absent.
std::string_view QueryParameter(std::string_view url, std::string_view name) {
  size_t question = url.find('?');
  if (question == std::string_view::npos) return {};
  std::string_view query = url.substr(question + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return pair.substr(equals + 1);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

// True when the parameters of one Link entry (`; rel="next"; type=…`) name rel "next".
bool IsNextRel(std::string_view params) {
  while (!params.empty()) {
    size_t semicolon = params.find(';');
    std::string_view param = Trim(params.substr(0, semicolon));
    size_t equals = param.find('=');
    if (equals != std::string_view::npos &&
        plugin::EqualsNoCase(Trim(param.substr(0, equals)), "rel")) {
      std::string_view value = Trim(param.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      // rel may list several relation types separated by spaces.
      size_t pos = 0;
      while (pos < value.size()) {
        size_t end = value.find(' ', pos);
        if (end == std::string_view::npos) end = value.size();
        if (plugin::EqualsNoCase(value.substr(pos, end - pos), "next")) return true;
        pos = end + 1;
      }
    }
    if (semicolon == std::string_view::npos) break;
    params.remove_prefix(semicolon + 1);
  }
  return false;
}

}  // namespace

StatusesParse ParseStatusesPage(std::string_view body, std::string_view cursor) {
  plugin::JsonParse json = plugin::ParseJson(body);
  if (!json.ok()) return Error(PW_E_PARSE, "the statuses page is not JSON: " + json.error);
  if (!json.doc.IsArray()) {
    return Error(PW_E_LAYOUT, "the statuses page is not a JSON array of statuses");
  }
  StatusesParse result;
  StatusesPage& page = result.page;
  size_t index = 0;
  for (const rapidjson::Value& status : json.doc.GetArray()) {
    std::optional<std::string_view> id = plugin::JsonString(status, "id");
    if (!id || !IsValidId(*id)) {
      return Error(PW_E_LAYOUT, "status " + std::to_string(index) + " of the page has no valid id");
    }
    ++index;
    if (page.newest_id.empty() || CompareIds(*id, page.newest_id) > 0) page.newest_id = *id;
    if (page.oldest_id.empty() || CompareIds(*id, page.oldest_id) < 0) page.oldest_id = *id;
    if (!cursor.empty() && CompareIds(*id, cursor) <= 0) {
      page.reached_cursor = true;
      continue;
    }
    page.posts.push_back(ReadStatus(status, std::string(*id)));
  }
  page.status_count = index;
  return result;
}

std::string NextMaxId(std::string_view link_header) {
  size_t pos = 0;
  while (pos < link_header.size()) {
    size_t open = link_header.find('<', pos);
    if (open == std::string_view::npos) break;
    size_t close = link_header.find('>', open);
    if (close == std::string_view::npos) break;
    std::string_view url = link_header.substr(open + 1, close - open - 1);
    size_t next_entry = link_header.find('<', close);
    std::string_view params = link_header.substr(close + 1, next_entry == std::string_view::npos
                                                                ? std::string_view::npos
                                                                : next_entry - close - 1);
    while (!params.empty() && (params.back() == ',' || params.back() == ' ')) {
      params.remove_suffix(1);
    }
    if (IsNextRel(params)) {
      std::string_view max_id = QueryParameter(url, "max_id");
      return IsValidId(max_id) ? std::string(max_id) : std::string();
    }
    pos = close + 1;
  }
  return "";
}

}  // namespace postwatch::mastodon
