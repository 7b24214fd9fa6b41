// UTF-8 checks for what plugins emit: the host stores and shows plugin strings, so it
// refuses ids and URLs that are not valid UTF-8 and repairs post text.
#pragma once

#include <string>
#include <string_view>

namespace postwatch {

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or values past
// U+10FFFF).
bool IsValidUtf8(std::string_view s);

// True when `s` is valid UTF-8 without ASCII control characters (a usable id or URL).
bool IsCleanUtf8Token(std::string_view s);

// Returns `s` with every byte that does not start a well-formed sequence replaced by
// U+FFFD, so truncated or garbled text still stores and displays.
std::string RepairUtf8(std::string_view s);

}  // namespace postwatch
