// ExpansionLru: the most recently used shortener expansions, in memory, in front of the
// shortener_cache table.
#pragma once

#include <cstddef>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/shortener_cache.h"

namespace postwatch {

// A bounded map from short URL to its expansion; inserting beyond `capacity` forgets the
// least recently used entry. Not thread-safe: the owner locks.
class ExpansionLru {
 public:
  explicit ExpansionLru(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // The entry of `short_url`, now the most recently used; nullopt when absent.
  std::optional<ShortenerExpansion> Get(std::string_view short_url);
  // Inserts or replaces the entry of `expansion.short_url`.
  void Put(ShortenerExpansion expansion);

  size_t size() const { return index_.size(); }

 private:
  size_t capacity_;
  std::list<ShortenerExpansion> entries_;  // most recently used first
  std::unordered_map<std::string_view, std::list<ShortenerExpansion>::iterator> index_;
};

}  // namespace postwatch
