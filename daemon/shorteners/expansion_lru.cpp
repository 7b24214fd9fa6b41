#include "shorteners/expansion_lru.h"

#include <utility>

namespace postwatch {

std::optional<ShortenerExpansion> ExpansionLru::Get(std::string_view short_url) {
  auto it = index_.find(short_url);
  if (it == index_.end()) return std::nullopt;
  entries_.splice(entries_.begin(), entries_, it->second);
  return *it->second;
}

void ExpansionLru::Put(ShortenerExpansion expansion) {
  auto it = index_.find(expansion.short_url);
  if (it != index_.end()) {
    // The key view points into the entry's own string: drop the index entry first.
    auto entry = it->second;
    index_.erase(it);
    entries_.erase(entry);
  }
  entries_.push_front(std::move(expansion));
  index_.emplace(entries_.front().short_url, entries_.begin());
  if (index_.size() > capacity_) {
    index_.erase(entries_.back().short_url);
    entries_.pop_back();
  }
}

}  // namespace postwatch
