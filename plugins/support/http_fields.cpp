#include "support/http_fields.h"

#include <cctype>

#include "support/emitter.h"

namespace postwatch::plugin {
namespace {

std::string_view TrimSpace(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::optional<std::string_view> FindHeader(const pw_response& response, std::string_view name) {
  if (response.headers == nullptr) return std::nullopt;
  for (size_t i = 0; i < response.header_count; ++i) {
    if (EqualsNoCase(View(response.headers[i].name), name)) {
      return TrimSpace(View(response.headers[i].value));
    }
  }
  return std::nullopt;
}

std::string MediaType(const pw_response& response) {
  std::optional<std::string_view> value = FindHeader(response, "Content-Type");
  if (!value) return "";
  std::string type(TrimSpace(value->substr(0, value->find(';'))));
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

std::string_view Body(const pw_response& response) { return View(response.body); }

std::string_view Tag(const pw_response& response) { return View(response.tag); }

}  // namespace postwatch::plugin
