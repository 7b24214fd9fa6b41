// FlagMatcher: checks a normalised URL against every flag list at once.
//
// Domain entries sit in one open-addressing hash table; a URL's host and each of its
// parent domains (cut at label boundaries) is looked up, so "bad.example" matches
// "www.bad.example" but not "notbad.example". A slot holds the entry's length and the place
// of its text, so a hit is confirmed with one read of the text and no read of the list's
// entry table. URL prefix and exact entries are copied into the matcher, grouped by
// host[:port] and sorted inside a group, so that one group's entries are adjacent in
// memory; the prefixes of the URL are found by binary search. The cost of a check depends
// on the URL, not on the size of the lists.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "links/flag_lists.h"
#include "links/huge_page_allocator.h"
#include "model/post.h"

namespace postwatch {

class FlagMatcher {
 public:
  // Indexes every entry of `lists`. The matcher keeps the lists alive (shared). A list that
  // repeats an entry yields one hit for it.
  static std::shared_ptr<const FlagMatcher> Build(const FlagLists& lists);

  // Appends one FlagHit per matching entry of every list to `out` (list name, the entry as
  // stored, `normalized_url`). `normalized_url` must be a NormalizeUrl result; anything else
  // matches nothing. Thread-safe: the matcher is immutable.
  //
  // URL prefix entries match at a boundary: "bad.example/news" matches ".../news",
  // ".../news/1" and ".../news?id=1" but not ".../newsletter"; a prefix that ends in '/',
  // '?', '&' or '=' matches any continuation. The scheme is ignored for URL entries.
  void Match(std::string_view normalized_url, std::vector<FlagHit>& out) const;

  size_t domain_entries() const { return domain_entries_; }
  size_t url_entries() const { return url_rules_.size(); }
  // Bytes of the index itself (not counting the lists).
  size_t MemoryBytes() const;
  const FlagLists& lists() const { return lists_; }

 private:
  struct DomainSlot {
    uint16_t tag = 0;     // high bits of the hash
    uint16_t length = 0;  // length of the entry's value
    uint32_t entry = 0;   // global entry index + 1; 0 when empty
    uint32_t offset = 0;  // where the value starts in its list's values()
  };
  struct GroupSlot {
    uint32_t tag = 0;
    uint32_t begin = 0;  // range in url_rules_
    uint32_t end = 0;    // 0 when empty (a group is never empty)
  };
  struct UrlRule {
    uint32_t offset;     // the entry's value in url_values_
    uint16_t length;     // its length
    uint16_t key_start;  // where the part after "://" starts in the value
    FlagEntryKind kind;  // kUrlPrefix or kExactUrl
    uint32_t global;     // global entry index
  };

  FlagMatcher() = default;
  void AddDomain(uint32_t global, std::string_view domain);
  void BuildUrlIndex(const std::vector<uint32_t>& url_entries);
  void MatchDomain(std::string_view host, std::string_view url, std::vector<FlagHit>& out) const;
  void MatchUrl(std::string_view key, std::string_view authority, std::string_view url,
                std::vector<FlagHit>& out) const;
  // The list holding global entry `global`, and the entry's index in it.
  std::pair<const FlagList*, size_t> Locate(uint32_t global) const;
  // The list holding global entry `global`.
  const FlagList& ListOf(uint32_t global) const;
  std::string_view RuleValue(const UrlRule& rule) const {
    return std::string_view(url_values_).substr(rule.offset, rule.length);
  }
  std::string_view RuleKey(const UrlRule& rule) const {
    return std::string_view(url_values_)
        .substr(rule.offset + rule.key_start, rule.length - rule.key_start);
  }
  void AddHit(const FlagList& list, std::string_view rule, std::string_view url,
              std::vector<FlagHit>& out) const;

  FlagLists lists_;
  std::vector<uint32_t> list_starts_;  // global index of each list's first entry
  std::vector<DomainSlot, HugePageAllocator<DomainSlot>> domain_slots_;
  // One bit per 8 table slots' worth of entries, set for every domain's hash: most host
  // suffixes are absent, and this small (cache-resident) filter answers them without a
  // miss in the large table.
  std::vector<uint64_t> domain_filter_;
  size_t filter_mask_ = 0;  // bit index mask
  size_t domain_mask_ = 0;
  size_t domain_entries_ = 0;
  std::string url_values_;          // URL entries' values, in url_rules_ order
  std::vector<UrlRule> url_rules_;  // grouped by authority, sorted by key
  std::vector<GroupSlot> group_slots_;
  size_t group_mask_ = 0;
};

}  // namespace postwatch
