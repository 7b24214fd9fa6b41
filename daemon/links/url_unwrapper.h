// Unwrapping of redirect wrappers without network: l.facebook.com/l.php?u=, google.com/url?q=,
// youtube.com/redirect?q=, t.umblr.com/redirect?z=, href.li/?, out.reddit.com, vk.com/away.php
// and others.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "links/url_normalizer.h"

namespace postwatch {

// How many wrappers inside each other UnwrapUrl follows.
inline constexpr int kDefaultUnwrapDepth = 5;

// When `normalized_url` (a NormalizeUrl result) is a known redirect wrapper, returns the
// target it carries, decoded but not normalised; nullopt otherwise. Thread-safe.
std::optional<std::string> UnwrapOnce(std::string_view normalized_url);

// Normalises `raw` and follows wrappers up to `max_depth` times. Returns the chain of
// normalised URLs: the first is `raw` itself, the last is the final target. A wrapper whose
// target cannot be normalised ends the chain (the wrapper is then the final URL); a target
// already in the chain ends it too. Fails only when `raw` itself cannot be normalised.
// Thread-safe.
Result<std::vector<std::string>> UnwrapUrl(std::string_view raw, const NormalizeOptions& options,
                                           int max_depth = kDefaultUnwrapDepth);

}  // namespace postwatch
