// Shaping short plain-text fields (titles, post text) for the host.
#pragma once

#include <string>
#include <string_view>

namespace postwatch::plugin {

// Replaces every run of ASCII whitespace with one space and trims both ends.
std::string CollapseWhitespace(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` bytes that does not split a UTF-8
// sequence; appends "…" (U+2026, within the limit) when it cut something off.
std::string TruncateUtf8(std::string_view text, size_t max_bytes);

}  // namespace postwatch::plugin
