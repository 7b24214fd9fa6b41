#include "support/url_ref.h"

#include <libxml/uri.h>
#include <libxml/xmlmemory.h>

#include <memory>

namespace postwatch::plugin {
namespace {

struct XmlCharDeleter {
  void operator()(xmlChar* text) const noexcept { xmlFree(text); }
};

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

std::string_view TrimSpace(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// xmlBuildURI refuses raw spaces and a few other characters that real feeds contain.
std::string EscapeForUri(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const unsigned char u = static_cast<unsigned char>(c);
    // Non-ASCII bytes ("/café", an IDN host) are written as UTF-8 escapes, which libxml2's
    // xmlBuildURI accepts and it refuses raw; the host's normaliser decodes an escaped host
    // before IDNA, as WHATWG URL parsing does.
    if (u <= 0x20 || u == 0x7f || u >= 0x80 || c == '"' || c == '<' || c == '>' || c == '\\' ||
        c == '^' || c == '`' || c == '{' || c == '|' || c == '}') {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

bool IsHttpUrl(std::string_view url) { return !UrlHost(url).empty(); }

std::string ResolveHttpUrl(std::string_view base, std::string_view ref) {
  ref = TrimSpace(ref);
  if (ref.empty()) return "";
  std::string escaped_ref = EscapeForUri(ref);
  std::string escaped_base = EscapeForUri(TrimSpace(base));
  std::unique_ptr<xmlChar, XmlCharDeleter> built(xmlBuildURI(
      reinterpret_cast<const xmlChar*>(escaped_ref.c_str()),
      escaped_base.empty() ? nullptr : reinterpret_cast<const xmlChar*>(escaped_base.c_str())));
  if (built == nullptr) return "";
  std::string result(reinterpret_cast<const char*>(built.get()));
  return IsHttpUrl(result) ? result : "";
}

std::string UrlHost(std::string_view url) {
  size_t skip = 0;
  if (StartsWithNoCase(url, "http://")) {
    skip = 7;
  } else if (StartsWithNoCase(url, "https://")) {
    skip = 8;
  } else {
    return "";
  }
  std::string_view rest = url.substr(skip);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (!rest.empty() && rest.front() == '[') {
    rest = rest.substr(0, rest.find(']') + 1);
  } else {
    rest = rest.substr(0, rest.find(':'));
  }
  std::string host(rest);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

bool SameSite(std::string_view host_a, std::string_view host_b) {
  auto strip = [](std::string_view host) {
    std::string lower(host);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.rfind("www.", 0) == 0) lower.erase(0, 4);
    return lower;
  };
  if (host_a.empty() || host_b.empty()) return false;
  return strip(host_a) == strip(host_b);
}

std::string ReplaceOrigin(std::string_view url, std::string_view origin) {
  size_t scheme_end = url.find("://");
  if (origin.empty() || scheme_end == std::string_view::npos) return std::string(url);
  size_t path_start = url.find_first_of("/?#", scheme_end + 3);
  std::string_view tail = path_start == std::string_view::npos ? "" : url.substr(path_start);
  while (!origin.empty() && origin.back() == '/') origin.remove_suffix(1);
  std::string out(origin);
  if (tail.empty() || tail.front() != '/') out += '/';
  out += tail;
  return out;
}

}  // namespace postwatch::plugin
