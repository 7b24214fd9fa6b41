// The chain of a link: the URLs it passes through from as found to its final target, and
// matching every one of them. Shared by the link pipeline and shortener expansion.
#pragma once

#include <string>
#include <vector>

#include "links/flag_matcher.h"
#include "links/url_normalizer.h"
#include "model/post.h"

namespace postwatch {

// Appends the hops of a shortener expansion to `chain`, each unwrapped (up to
// `max_unwrap_depth` wrappers) and normalised, skipping URLs already in the chain. A hop
// that cannot be normalised is skipped. Thread-safe.
void AppendExpansionHops(const std::vector<std::string>& hops, const NormalizeOptions& options,
                         int max_unwrap_depth, std::vector<std::string>& chain);

// Matches every URL of `chain` (NormalizeUrl results) against `matcher` and appends each hit
// whose (list, rule) is not in `hits` yet, so one rule counts once however many URLs of the
// chain it matches. Thread-safe.
void MatchChain(const FlagMatcher& matcher, const std::vector<std::string>& chain,
                std::vector<FlagHit>& hits);

}  // namespace postwatch
