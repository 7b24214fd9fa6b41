// Shared shaping of feed item fields into FeedItem values.
#pragma once

#include <string>
#include <string_view>

namespace postwatch::web {

// The longest post text the plugin reports, in bytes.
inline constexpr size_t kMaxPostTextBytes = 300;

// Plain, short post text from a title or excerpt: tags removed when `is_html` (or when it
// plainly contains markup), whitespace collapsed, cut to kMaxPostTextBytes.
std::string ShortText(std::string_view text, bool is_html);

}  // namespace postwatch::web
