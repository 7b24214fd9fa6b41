// Suggestions for misspelled names ("did you mean 'timeout_ms'?").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postwatch {

// Edit distance between `a` and `b` where an insertion, a deletion, a substitution or a swap
// of two adjacent characters each cost 1 (optimal string alignment distance).
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a likely misspelling: at
// most a third of its length away (at least 1, at most 3 edits), a prefix of it or it a
// prefix of the word (both at least 3 characters), or equal ignoring case.
// nullopt when none is.
std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates);

}  // namespace postwatch
