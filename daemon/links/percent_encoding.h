// Percent-encoding helpers shared by the URL normaliser, the unwrapper and the list parser.
#pragma once

#include <string>
#include <string_view>

namespace postwatch {

// Which bytes a URL component must carry percent-encoded (the WHATWG sets for special
// schemes). Bytes outside ASCII and C0 controls are always encoded.
enum class UrlComponent { kPath, kQuery };

// Rewrites one URL component into a canonical percent-encoding: "%xx" escapes get upper-case
// hex, escapes of unreserved characters (ALPHA DIGIT - . _ ~) are decoded, a '%' that does not
// start a valid escape becomes "%25", and bytes the component may not carry raw (spaces,
// controls, non-ASCII, quotes, angle brackets, ...) are encoded. Never fails. Thread-safe.
std::string NormalizePercentEncoding(std::string_view text, UrlComponent component);

// Decodes every valid "%xx" escape; invalid escapes are left as they are. With
// plus_as_space, '+' decodes to a space (form encoding of query values). Thread-safe.
std::string PercentDecode(std::string_view text, bool plus_as_space = false);

}  // namespace postwatch
