// ShortenerResolver: how the link pipeline learns where a shortened link leads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postwatch {

// Expansion of short links (bit.ly, t.co, ...) needs the network; the pipeline never waits
// for it. An implementation (the fetch engine with its cache) answers from what it already
// knows and queues the rest. Implementations must be thread-safe: the pipeline calls them
// from several worker threads.
class ShortenerResolver {
 public:
  virtual ~ShortenerResolver() = default;

  // The hops a short link (normalised) is known to redirect through, the last being the
  // final URL (empty when the shortener answered without a redirect); nullopt when not known
  // (yet). Must not block on the network.
  virtual std::optional<std::vector<std::string>> Cached(std::string_view short_url) const = 0;

  // Asks for `short_url` to be expanded in the background. Must not block.
  virtual void RequestExpansion(std::string_view short_url) const = 0;
};

// The built-in shortener domains (bit.ly, t.co, tinyurl.com, goo.gl, ow.ly, is.gd, buff.ly,
// rebrand.ly, cutt.ly, shorturl.at, ...).
const std::vector<std::string>& DefaultShortenerDomains();

}  // namespace postwatch
