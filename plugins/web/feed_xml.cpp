#include "web/feed_xml.h"

#include <libxml/encoding.h>
#include <libxml/parser.h>

#include <cctype>
#include <climits>
#include <cstring>

namespace postwatch::web {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
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

bool StartsWith(std::string_view bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() && bytes.substr(0, prefix.size()) == prefix;
}

bool HasByteOrderMark(std::string_view bytes) {
  return StartsWith(bytes, "\xEF\xBB\xBF") || StartsWith(bytes, "\xFF\xFE") ||
         StartsWith(bytes, "\xFE\xFF");
}

// WHATWG Encoding labels that servers send for feeds, mapped to the name libxml2 (through
// iconv) decodes them with. Unknown labels are passed on as they are.
std::string CanonicalLabel(std::string_view label) {
  std::string lower = Lower(Trim(label));
  if (lower == "iso-8859-1" || lower == "iso8859-1" || lower == "latin1" || lower == "l1" ||
      lower == "us-ascii" || lower == "ascii" || lower == "cp1252" || lower == "windows-1252" ||
      lower == "x-cp1252" || lower == "iso_8859-1" || lower == "cp819") {
    return "windows-1252";
  }
  if (lower == "utf8" || lower == "unicode-1-1-utf-8") return "utf-8";
  return lower;
}

}  // namespace

std::string CharsetParameter(std::string_view content_type) {
  size_t semicolon = content_type.find(';');
  while (semicolon != std::string_view::npos) {
    std::string_view rest = content_type.substr(semicolon + 1);
    size_t next = rest.find(';');
    std::string_view param = Trim(rest.substr(0, next));
    size_t equals = param.find('=');
    if (equals != std::string_view::npos && Lower(Trim(param.substr(0, equals))) == "charset") {
      std::string_view value = Trim(param.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(Trim(value));
    }
    semicolon = next == std::string_view::npos ? next : semicolon + 1 + next;
  }
  return "";
}

bool LooksLikeUtf16(std::string_view bytes) {
  return StartsWith(bytes, "\xFF\xFE") || StartsWith(bytes, "\xFE\xFF") ||
         StartsWith(bytes, std::string_view("<\0?\0", 4)) ||
         StartsWith(bytes, std::string_view("\0<\0?", 4));
}

std::string XmlEncodingFor(std::string_view bytes, std::string_view http_charset) {
  if (HasByteOrderMark(bytes)) return "";
  std::string label = CanonicalLabel(http_charset);
  if (label.empty()) return "";
  // "utf-16" without a BOM says nothing about byte order; let libxml2 sniff "<?".
  if (label == "utf-16" && LooksLikeUtf16(bytes)) return "";
  xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(label.c_str());
  if (handler == nullptr) return "";
  xmlCharEncCloseFunc(handler);
  return label;
}

plugin::XmlDocPtr ReadFeedXml(std::string_view bytes, std::string_view url,
                              std::string_view http_charset) {
  std::string encoding = XmlEncodingFor(bytes, http_charset);
  if (StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (!LooksLikeUtf16(bytes)) {
    // Real feeds have blank lines before the XML declaration; libxml2 refuses them.
    size_t first = bytes.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return nullptr;
    if (bytes[first] == '<') bytes.remove_prefix(first);
  }
  if (bytes.empty() || bytes.size() > static_cast<size_t>(INT_MAX)) return nullptr;
  std::string url_z(url);
  plugin::XmlDocPtr doc(xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()),
                                      url_z.empty() ? nullptr : url_z.c_str(),
                                      encoding.empty() ? nullptr : encoding.c_str(),
                                      XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                                          XML_PARSE_NOWARNING | XML_PARSE_COMPACT));
  if (doc != nullptr && xmlDocGetRootElement(doc.get()) == nullptr) return nullptr;
  return doc;
}

}  // namespace postwatch::web
