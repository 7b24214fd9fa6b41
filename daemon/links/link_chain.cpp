#include "links/link_chain.h"

#include <algorithm>

#include "links/url_unwrapper.h"

namespace postwatch {

void AppendExpansionHops(const std::vector<std::string>& hops, const NormalizeOptions& options,
                         int max_unwrap_depth, std::vector<std::string>& chain) {
  for (const std::string& hop : hops) {
    auto unwrapped = UnwrapUrl(hop, options, max_unwrap_depth);
    if (!unwrapped.ok()) continue;
    for (std::string& url : *unwrapped) {
      if (std::find(chain.begin(), chain.end(), url) == chain.end()) {
        chain.push_back(std::move(url));
      }
    }
  }
}

void MatchChain(const FlagMatcher& matcher, const std::vector<std::string>& chain,
                std::vector<FlagHit>& hits) {
  std::vector<FlagHit> found;
  for (const std::string& url : chain) matcher.Match(url, found);
  for (FlagHit& hit : found) {
    const bool seen = std::any_of(hits.begin(), hits.end(), [&](const FlagHit& other) {
      return other.list == hit.list && other.rule == hit.rule;
    });
    if (!seen) hits.push_back(std::move(hit));
  }
}

}  // namespace postwatch
