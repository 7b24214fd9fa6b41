// Reading application/x-www-form-urlencoded text: URL query strings and form bodies.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace postwatch::sim {

// Decodes %XX escapes and, when `plus_is_space`, '+' as a space. Malformed escapes are kept
// as they are.
std::string FormDecode(std::string_view text, bool plus_is_space = true);

// The decoded value of the first `key=value` pair in `encoded` ("a=1&b=2"); nullopt when
// the key is absent. A key without '=' has the value "".
std::optional<std::string> FormValue(std::string_view encoded, std::string_view key);

}  // namespace postwatch::sim
