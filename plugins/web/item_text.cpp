#include "web/item_text.h"

#include "support/html_links.h"
#include "support/plain_text.h"

namespace postwatch::web {

std::string ShortText(std::string_view text, bool is_html) {
  bool markup = is_html || (text.find('<') != std::string_view::npos &&
                            text.find('>') != std::string_view::npos);
  std::string plain = markup ? plugin::HtmlToText(text) : plugin::CollapseWhitespace(text);
  return plugin::TruncateUtf8(plain, kMaxPostTextBytes);
}

}  // namespace postwatch::web
