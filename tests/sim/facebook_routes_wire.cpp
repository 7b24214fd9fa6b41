#include "facebook_routes_wire.h"

#include <algorithm>
#include <cctype>

#include "base/time_format.h"
#include "facebook_routes.h"

namespace postwatch::sim {
namespace {

void Str(FacebookJsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

std::string JsonText(const rapidjson::StringBuffer& buffer) {
  return std::string(buffer.GetString(), buffer.GetSize());
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

std::string FbGraphTime(int64_t ms) {
  std::string text = FormatRfc3339(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
  if (!text.empty() && text.back() == 'Z') text.replace(text.size() - 1, 1, "+0000");
  return text;
}

uint64_t FbFnv1a64(std::string_view text) {
  uint64_t hash = 1469598103934665603ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string FbPercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string FbBase64(std::string_view data) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const uint32_t n = (static_cast<unsigned char>(data[i]) << 16) |
                       (static_cast<unsigned char>(data[i + 1]) << 8) |
                       static_cast<unsigned char>(data[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kBase64[(n >> shift) & 63];
  }
  if (data.size() - i == 1) {
    const uint32_t n = static_cast<unsigned char>(data[i]) << 16;
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += "==";
  } else if (data.size() - i == 2) {
    const uint32_t n = (static_cast<unsigned char>(data[i]) << 16) |
                       (static_cast<unsigned char>(data[i + 1]) << 8);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<std::string> FbUnbase64(std::string_view text) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == '=') break;
    const char* at = std::find(kBase64, kBase64 + 64, c);
    if (at == kBase64 + 64) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(at - kBase64);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return out;
}

// A Graph API error envelope.
SimResponse FbGraphError(unsigned status, int64_t code, int64_t subcode, std::string_view type,
                         std::string_view message) {
  rapidjson::StringBuffer buffer;
  FacebookJsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Key("message");
  Str(w, message);
  w.Key("type");
  Str(w, type);
  w.Key("code");
  w.Int64(code);
  if (subcode != 0) {
    w.Key("error_subcode");
    w.Int64(subcode);
  }
  w.Key("fbtrace_id");
  Str(w, "Sim" + FbBase64(std::to_string(FbFnv1a64(message) % 1000000007)).substr(0, 8));
  w.EndObject();
  w.EndObject();
  SimResponse response = TextResponse(status, "application/json; charset=UTF-8", JsonText(buffer));
  if (type == "OAuthException") {
    response.headers.emplace_back("WWW-Authenticate",
                                  "OAuth \"Facebook Platform\" "
                                  "\"invalid_token\" \"" +
                                      std::string(message.substr(0, 80)) + "\"");
  }
  return response;
}

SimResponse FbHtml(unsigned status, std::string_view title) {
  return TextResponse(status, "text/html; charset=utf-8",
                      "<!DOCTYPE html><html><head><title>" + std::string(title) +
                          "</title></head><body><h1>" + std::string(title) +
                          "</h1></body></html>\n");
}

SimResponse FbRedirect(std::string location) {
  SimResponse response = TextResponse(302, "text/html; charset=utf-8", "");
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

void WriteFacebookPost(FacebookJsonWriter& w, const Post& post, std::string_view www) {
  const uint64_t number = kFacebookPostNumberBase + post.index;
  w.StartObject();
  w.Key("created_time");
  Str(w, FbGraphTime(post.published_ms));
  std::string message = post.title;
  if (!post.links.empty()) message += "\n\nRead more: " + post.links[0].url;
  w.Key("message");
  Str(w, message);
  w.Key("permalink_url");
  Str(w,
      std::string(www) + "/" + FacebookUsername(post.account) + "/posts/" + std::to_string(number));
  const bool photo = post.index % 5 == 4;
  if (post.links.size() >= 2 || photo) {
    w.Key("attachments");
    w.StartObject();
    w.Key("data");
    w.StartArray();
    if (post.links.size() >= 2) {
      const std::string shim = FacebookShim(post.links[1].url);
      w.StartObject();
      w.Key("title");
      Str(w, post.title);
      w.Key("type");
      Str(w, "share");
      w.Key("unshimmed_url");
      Str(w, post.links[1].url);
      w.Key("url");
      Str(w, shim);
      w.Key("target");
      w.StartObject();
      w.Key("url");
      Str(w, shim);
      w.EndObject();
      w.EndObject();
    }
    if (post.links.size() >= 3) {
      w.StartObject();
      w.Key("title");
      Str(w, "More links");
      w.Key("type");
      Str(w, "album");
      w.Key("url");
      Str(w, "https://www.facebook.com/media/set/?set=a." + std::to_string(number));
      w.Key("subattachments");
      w.StartObject();
      w.Key("data");
      w.StartArray();
      for (size_t j = 2; j < post.links.size(); ++j) {
        const std::string shim = FacebookShim(post.links[j].url);
        w.StartObject();
        w.Key("type");
        Str(w, "share");
        w.Key("url");
        Str(w, shim);
        w.Key("target");
        w.StartObject();
        w.Key("url");
        Str(w, shim);
        w.EndObject();
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
      w.EndObject();
    }
    if (photo) {
      const std::string photo_url =
          "https://www.facebook.com/photo.php?fbid=" + std::to_string(number + 1);
      w.StartObject();
      w.Key("type");
      Str(w, "photo");
      w.Key("url");
      Str(w, photo_url);
      w.Key("target");
      w.StartObject();
      w.Key("id");
      Str(w, std::to_string(number + 1));
      w.Key("url");
      Str(w, photo_url);
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.Key("id");
  Str(w, FacebookPostId(post.account, post.index));
  w.EndObject();
}

}  // namespace postwatch::sim
