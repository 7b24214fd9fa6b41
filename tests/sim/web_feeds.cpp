#include "web_feeds.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "base/time_format.h"
#include "http_date.h"

namespace postwatch::sim {

namespace {

int64_t Seconds(int64_t ms) { return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000); }

std::string Cdata(std::string_view text) {
  std::string out = "<![CDATA[";
  size_t start = 0;
  for (size_t pos; (pos = text.find("]]>", start)) != std::string_view::npos; start = pos + 2) {
    out.append(text.substr(start, pos + 2 - start));
    out += "]]><![CDATA[";
  }
  out.append(text.substr(start));
  out += "]]>";
  return out;
}

std::string FeedUrl(const FeedContext& context) {
  return context.base_url + "/" + context.slug + "/feed";
}

std::string HomeUrl(const FeedContext& context) {
  return context.base_url + "/" + context.slug + "/";
}

void Element(std::string& out, std::string_view indent, std::string_view name,
             std::string_view text) {
  out.append(indent).append("<").append(name).append(">");
  out += EscapeXml(text);
  out.append("</").append(name).append(">\n");
}

}  // namespace

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
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
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string_view FeedContentType(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss:
      return "application/rss+xml; charset=utf-8";
    case FeedFormat::kAtom:
      return "application/atom+xml; charset=utf-8";
    case FeedFormat::kJson:
      return "application/feed+json; charset=utf-8";
  }
  return "application/octet-stream";
}

std::string RenderFeed(FeedFormat format, const FeedContext& context,
                       const std::vector<Post>& posts) {
  switch (format) {
    case FeedFormat::kRss:
      return RenderRss(context, posts);
    case FeedFormat::kAtom:
      return RenderAtom(context, posts);
    case FeedFormat::kJson:
      return RenderJsonFeed(context, posts);
  }
  return {};
}

std::string RenderRss(const FeedContext& context, const std::vector<Post>& posts) {
  std::string out;
  out.reserve(1024 + posts.size() * 1024);
  out +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
      "xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n";
  Element(out, "  ", "title", context.display_name);
  Element(out, "  ", "link", HomeUrl(context));
  Element(out, "  ", "description", "Posts of " + context.display_name + " (postwatch-sim)");
  out += "  <atom:link href=\"" + EscapeXml(FeedUrl(context)) +
         "\" rel=\"self\" type=\"application/rss+xml\"/>\n";
  Element(out, "  ", "lastBuildDate", FormatRfc822(Seconds(context.updated_ms)));
  Element(out, "  ", "generator", "postwatch-sim");
  for (const Post& post : posts) {
    out += "  <item>\n";
    Element(out, "    ", "title", post.title);
    Element(out, "    ", "link", context.base_url + post.path);
    out += "    <guid isPermaLink=\"false\">" + EscapeXml(post.id) + "</guid>\n";
    Element(out, "    ", "pubDate", FormatRfc822(Seconds(post.published_ms)));
    if (context.rss_content_encoded) {
      Element(out, "    ", "description", post.title);
      out += "    <content:encoded>" + Cdata(post.content_html) + "</content:encoded>\n";
    } else {
      Element(out, "    ", "description", post.content_html);
    }
    out += "  </item>\n";
  }
  out += "</channel>\n</rss>\n";
  return out;
}

std::string RenderAtom(const FeedContext& context, const std::vector<Post>& posts) {
  std::string out;
  out.reserve(1024 + posts.size() * 1024);
  out +=
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  Element(out, "  ", "title", context.display_name);
  Element(out, "  ", "id", "urn:postwatch-sim:" + context.slug);
  Element(out, "  ", "updated", FormatRfc3339(Seconds(context.updated_ms)));
  out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" +
         EscapeXml(FeedUrl(context)) + "\"/>\n";
  out += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + EscapeXml(HomeUrl(context)) +
         "\"/>\n";
  out += "  <author><name>" + EscapeXml(context.display_name) + "</name></author>\n";
  for (const Post& post : posts) {
    const std::string published = FormatRfc3339(Seconds(post.published_ms));
    out += "  <entry>\n";
    Element(out, "    ", "title", post.title);
    Element(out, "    ", "id", post.id);
    out += "    <link rel=\"alternate\" type=\"text/html\" href=\"" +
           EscapeXml(context.base_url + post.path) + "\"/>\n";
    Element(out, "    ", "published", published);
    Element(out, "    ", "updated", published);
    out += "    <content type=\"html\">" + EscapeXml(post.content_html) + "</content>\n";
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

std::string RenderJsonFeed(const FeedContext& context, const std::vector<Post>& posts) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("version");
  w.String("https://jsonfeed.org/version/1.1");
  w.Key("title");
  w.String(context.display_name.c_str());
  w.Key("home_page_url");
  w.String(HomeUrl(context).c_str());
  w.Key("feed_url");
  w.String(FeedUrl(context).c_str());
  w.Key("authors");
  w.StartArray();
  w.StartObject();
  w.Key("name");
  w.String(context.display_name.c_str());
  w.EndObject();
  w.EndArray();
  w.Key("items");
  w.StartArray();
  for (const Post& post : posts) {
    w.StartObject();
    w.Key("id");
    w.String(post.id.c_str());
    w.Key("url");
    w.String((context.base_url + post.path).c_str());
    w.Key("title");
    w.String(post.title.c_str());
    w.Key("content_html");
    w.String(post.content_html.c_str());
    w.Key("date_published");
    w.String(FormatRfc3339(Seconds(post.published_ms)).c_str());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace postwatch::sim
