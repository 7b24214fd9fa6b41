#include "web_wordpress.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>

#include "base/time_format.h"

namespace postwatch::sim {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

int64_t Seconds(int64_t ms) { return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000); }

void Put(JsonWriter& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void PutRendered(JsonWriter& w, const char* key, std::string_view value) {
  w.Key(key);
  w.StartObject();
  Put(w, "rendered", value);
  w.EndObject();
}

// WordPress escapes titles with numeric references where it can (&#038; for &).
std::string RenderTitle(std::string_view title) {
  std::string out;
  for (char c : title) {
    switch (c) {
      case '&':
        out += "&#038;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#039;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// WordPress's date_gmt: RFC 3339 without the zone.
std::string DateGmt(int64_t ms) {
  std::string text = FormatRfc3339(Seconds(ms));
  if (!text.empty() && text.back() == 'Z') text.pop_back();
  return text;
}

bool ParseInt(std::string_view text, int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

uint64_t WordPressPostNumber(uint64_t index) { return 2 * index + 5; }

SimResponse WordPressError(unsigned status, std::string_view code, std::string_view message) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  Put(w, "code", code);
  Put(w, "message", message);
  w.Key("data");
  w.StartObject();
  w.Key("status");
  w.Uint(status);
  w.EndObject();
  w.EndObject();
  return TextResponse(status, "application/json; charset=UTF-8",
                      std::string(buffer.GetString(), buffer.GetSize()));
}

WordPressPageParse ParseWordPressPageQuery(std::string_view query) {
  WordPressPageParse parse;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view param = query.substr(0, amp);
    const size_t eq = param.find('=');
    const std::string_view key = param.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? "" : param.substr(eq + 1);
    int64_t number = 0;
    if (key == "page") {
      if (!ParseInt(value, number) || number < 1) {
        parse.ok = false;
        parse.error = WordPressError(400, "rest_invalid_param", "Invalid parameter(s): page");
        return parse;
      }
      parse.request.page = number;
    } else if (key == "per_page") {
      if (!ParseInt(value, number) || number < 1 || number > 100) {
        parse.ok = false;
        parse.error = WordPressError(400, "rest_invalid_param", "Invalid parameter(s): per_page");
        return parse;
      }
      parse.request.per_page = number;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return parse;
}

WordPressPageRange WordPressPageOf(uint64_t published, const WordPressPageRequest& request) {
  WordPressPageRange range;
  const uint64_t per_page = static_cast<uint64_t>(request.per_page);
  const uint64_t page = static_cast<uint64_t>(request.page);
  range.total_pages = (published + per_page - 1) / per_page;
  if (page > range.total_pages) {
    range.past_the_end = page > 1;
    return range;
  }
  const uint64_t skip = (page - 1) * per_page;  // newer posts on earlier pages
  range.empty = false;
  range.newest = published - 1 - skip;
  range.oldest = published - std::min(published, skip + per_page);
  return range;
}

std::string WordPressGuid(const WordPressSite& site, uint64_t index) {
  return site.site_url + "/?p=" + std::to_string(WordPressPostNumber(index));
}

SimResponse RenderWordPressPage(const World& world, uint32_t account, const WordPressSite& site,
                                uint64_t published, const WordPressPageRequest& request,
                                const WordPressPageRange& range) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartArray();
  for (uint64_t n = 0; !range.empty && n <= range.newest - range.oldest; ++n) {
    const Post post = world.MakePost(account, range.newest - n);
    w.StartObject();
    w.Key("id");
    w.Uint64(WordPressPostNumber(post.index));
    Put(w, "date_gmt", DateGmt(post.published_ms));
    PutRendered(w, "guid", WordPressGuid(site, post.index));
    Put(w, "link", site.site_url + "/posts/" + std::to_string(post.index));
    PutRendered(w, "title", RenderTitle(post.title));
    w.Key("content");
    w.StartObject();
    Put(w, "rendered", post.content_html);
    w.Key("protected");
    w.Bool(false);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  SimResponse response = TextResponse(200, "application/json; charset=UTF-8",
                                      std::string(buffer.GetString(), buffer.GetSize()));
  response.headers.emplace_back("X-WP-Total", std::to_string(published));
  response.headers.emplace_back("X-WP-TotalPages", std::to_string(range.total_pages));
  if (static_cast<uint64_t>(request.page) < range.total_pages) {
    response.headers.emplace_back(
        "Link", "<" + site.site_url +
                    "/wp-json/wp/v2/posts?page=" + std::to_string(request.page + 1) +
                    "&per_page=" + std::to_string(request.per_page) + ">; rel=\"next\"");
  }
  return response;
}

SimResponse RenderWordPressApiRoot(const WordPressSite& site, std::string_view name) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  Put(w, "name", name);
  Put(w, "url", site.site_url);
  Put(w, "home", site.site_url);
  w.Key("namespaces");
  w.StartArray();
  w.String("oembed/1.0");
  w.String("wp/v2");
  w.EndArray();
  w.EndObject();
  return TextResponse(200, "application/json; charset=UTF-8",
                      std::string(buffer.GetString(), buffer.GetSize()));
}

}  // namespace postwatch::sim
