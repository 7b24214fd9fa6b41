// Finding URLs in plain text. Deliberately simple: the daemon's links pipeline has the full
// linkifier; plugins only need to catch the obvious http(s):// and www. forms.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace postwatch::plugin {

// Returns, in order of appearance, every "http://…", "https://…" (any case) and "www.…" URL in
// `text`. A URL ends at whitespace (including NBSP and ideographic spaces), a quote, '<', '>'
// or a control character; trailing sentence punctuation and unbalanced closing brackets are
// dropped. "www." forms get an "http://" prefix. Duplicates are kept. Thread-safe.
std::vector<std::string> ExtractTextUrls(std::string_view text);

}  // namespace postwatch::plugin
