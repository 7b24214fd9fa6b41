#include "links/flag_matcher.h"

#include <algorithm>
#include <cstring>

#include "links/url_normalizer.h"

namespace postwatch {
namespace {

// A fast multiply-mix hash of short strings (host names), 8 bytes at a time.
uint64_t Hash(std::string_view s) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  uint64_t h = 0x243F6A8885A308D3ULL ^ (s.size() * kMul);
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    h = (h ^ word) * kMul;
    h ^= h >> 29;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  h = (h ^ tail) * kMul;
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  h ^= h >> 32;
  return h;
}
uint32_t Tag(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }
uint16_t Tag16(uint64_t hash) { return static_cast<uint16_t>(hash >> 48); }
// The filter bit uses hash bits that neither the slot index nor the tag depend on alone.
size_t FilterBit(uint64_t hash, size_t mask) {
  return static_cast<size_t>((hash >> 40) ^ (hash >> 7)) & mask;
}

// A power of two at least twice `count`, so that tables stay at most half full.
size_t TableSize(size_t count) {
  size_t size = 16;
  while (size < count * 2) size <<= 1;
  return size;
}

// The part of a normalised URL that URL entries are compared on: all after "://". Normalised
// URLs are http or https, so no search is needed.
std::string_view AfterScheme(std::string_view url) {
  if (url.size() > 8 && url.substr(0, 8) == "https://") return url.substr(8);
  if (url.size() > 7 && url.substr(0, 7) == "http://") return url.substr(7);
  return std::string_view();
}

std::string_view AuthorityOf(std::string_view key) { return key.substr(0, key.find('/')); }

bool AtBoundary(std::string_view prefix, std::string_view key) {
  if (prefix.size() == key.size()) return true;
  const char last = prefix.back();
  if (last == '/' || last == '?' || last == '&' || last == '=') return true;
  const char next = key[prefix.size()];
  return next == '/' || next == '?' || next == '&';
}

}  // namespace

std::shared_ptr<const FlagMatcher> FlagMatcher::Build(const FlagLists& lists) {
  std::shared_ptr<FlagMatcher> matcher(new FlagMatcher());
  matcher->lists_ = lists;
  size_t domains = 0;
  uint32_t global = 0;
  for (const auto& list : lists.lists()) {
    matcher->list_starts_.push_back(global);
    for (size_t i = 0; i < list->size(); ++i) {
      if (list->kind(i) == FlagEntryKind::kDomain) ++domains;
    }
    global += static_cast<uint32_t>(list->size());
  }
  matcher->domain_slots_.resize(TableSize(domains));
  matcher->domain_mask_ = matcher->domain_slots_.size() - 1;
  // 8 bits per entry: about one absent suffix in eight reaches the table.
  matcher->domain_filter_.resize(matcher->domain_slots_.size() * 4 / 64);
  matcher->filter_mask_ = matcher->domain_filter_.size() * 64 - 1;
  std::vector<uint32_t> url_entries;
  global = 0;
  for (const auto& list : lists.lists()) {
    for (size_t i = 0; i < list->size(); ++i, ++global) {
      if (list->kind(i) == FlagEntryKind::kDomain) {
        matcher->AddDomain(global, list->value(i));
      } else {
        url_entries.push_back(global);
      }
    }
  }
  matcher->BuildUrlIndex(std::move(url_entries));
  return matcher;
}

std::pair<const FlagList*, size_t> FlagMatcher::Locate(uint32_t global) const {
  const auto it = std::upper_bound(list_starts_.begin(), list_starts_.end(), global);
  const auto list_index = static_cast<size_t>(it - list_starts_.begin()) - 1;
  return {lists_.lists()[list_index].get(), global - list_starts_[list_index]};
}

const FlagList& FlagMatcher::ListOf(uint32_t global) const { return *Locate(global).first; }

void FlagMatcher::AddDomain(uint32_t global, std::string_view domain) {
  const uint64_t hash = Hash(domain);
  const uint16_t tag = Tag16(hash);
  const auto [list, index] = Locate(global);
  size_t slot = hash & domain_mask_;
  while (domain_slots_[slot].entry != 0) {
    const DomainSlot& existing = domain_slots_[slot];
    if (existing.tag == tag && existing.length == domain.size() &&
        &ListOf(existing.entry - 1) == list &&
        list->values().substr(existing.offset, existing.length) == domain) {
      return;  // repeated
    }
    slot = (slot + 1) & domain_mask_;
  }
  // Values are at most UINT16_MAX bytes long (FlagList::Parse rejects longer ones).
  domain_slots_[slot] =
      DomainSlot{tag, static_cast<uint16_t>(domain.size()), global + 1, list->value_offset(index)};
  const size_t bit = FilterBit(hash, filter_mask_);
  domain_filter_[bit / 64] |= uint64_t{1} << (bit % 64);
  ++domain_entries_;
}

void FlagMatcher::BuildUrlIndex(const std::vector<uint32_t>& url_entries) {
  struct Pending {
    std::string_view value;
    std::string_view key;
    const FlagList* list;
    FlagEntryKind kind;
    uint32_t global;
  };
  std::vector<Pending> pending;
  pending.reserve(url_entries.size());
  for (const uint32_t global : url_entries) {
    const auto [list, index] = Locate(global);
    const std::string_view value = list->value(index);
    pending.push_back(Pending{value, AfterScheme(value), list, list->kind(index), global});
  }
  std::sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
    return a.key != b.key ? a.key < b.key : a.global < b.global;
  });
  // Drop an entry repeated within one list; copy the others' values in sorted order, so
  // that a group's entries are read from a few adjacent cache lines.
  size_t bytes = 0;
  for (const Pending& rule : pending) bytes += rule.value.size();
  url_values_.reserve(bytes);
  url_rules_.reserve(pending.size());
  for (size_t i = 0; i < pending.size(); ++i) {
    const Pending& rule = pending[i];
    if (i > 0 && pending[i - 1].key == rule.key && pending[i - 1].list == rule.list) continue;
    url_rules_.push_back(UrlRule{
        static_cast<uint32_t>(url_values_.size()), static_cast<uint16_t>(rule.value.size()),
        static_cast<uint16_t>(rule.value.size() - rule.key.size()), rule.kind, rule.global});
    url_values_ += rule.value;
  }
  url_values_.shrink_to_fit();
  url_rules_.shrink_to_fit();
  size_t groups = 0;
  for (size_t i = 0; i < url_rules_.size(); ++i) {
    if (i == 0 || AuthorityOf(RuleKey(url_rules_[i])) != AuthorityOf(RuleKey(url_rules_[i - 1]))) {
      ++groups;
    }
  }
  group_slots_.resize(TableSize(groups));
  group_mask_ = group_slots_.size() - 1;
  size_t begin = 0;
  while (begin < url_rules_.size()) {
    const std::string_view authority = AuthorityOf(RuleKey(url_rules_[begin]));
    size_t end = begin + 1;
    while (end < url_rules_.size() && AuthorityOf(RuleKey(url_rules_[end])) == authority) ++end;
    const uint64_t hash = Hash(authority);
    size_t slot = hash & group_mask_;
    while (group_slots_[slot].end != 0) slot = (slot + 1) & group_mask_;
    group_slots_[slot] =
        GroupSlot{Tag(hash), static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
    begin = end;
  }
}

void FlagMatcher::AddHit(const FlagList& list, std::string_view rule, std::string_view url,
                         std::vector<FlagHit>& out) const {
  out.push_back(FlagHit{list.name(), std::string(rule), std::string(url)});
}

void FlagMatcher::Match(std::string_view normalized_url, std::vector<FlagHit>& out) const {
  const std::string_view key = AfterScheme(normalized_url);
  const size_t slash = key.find('/');
  if (key.empty() || slash == std::string_view::npos || slash == 0) return;
  const std::string_view authority = key.substr(0, slash);
  std::string_view host = authority;
  const size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.back() != ']') host = authority.substr(0, colon);
  if (host.empty()) return;
  if (!url_rules_.empty()) __builtin_prefetch(&group_slots_[Hash(authority) & group_mask_]);
  if (domain_entries_ > 0) MatchDomain(host, normalized_url, out);
  if (!url_rules_.empty()) MatchUrl(key, authority, normalized_url, out);
}

void FlagMatcher::MatchDomain(std::string_view host, std::string_view url,
                              std::vector<FlagHit>& out) const {
  // The host and its parent domains with at least two labels ("a.b.example", "b.example"),
  // or only the host for an IP address. Canonical hosts that end in a digit are IPv4.
  constexpr size_t kMaxSuffixes = 16;
  // Left uninitialised on purpose: only the first `count` are written and read.
  size_t starts[kMaxSuffixes];
  uint64_t hashes[kMaxSuffixes];
  size_t count = 0;
  const bool ip = host.front() == '[' || (host.back() >= '0' && host.back() <= '9');
  size_t start = 0;
  while (count < kMaxSuffixes) {
    starts[count++] = start;
    if (ip) break;
    const size_t dot = host.find('.', start);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
    if (host.find('.', start) == std::string_view::npos) break;  // entries have 2+ labels
  }
  // Hash every suffix, keep those the filter lets through, and prefetch their slots first so
  // that their cache misses overlap.
  size_t kept = 0;
  for (size_t k = 0; k < count; ++k) {
    const uint64_t hash = Hash(host.substr(starts[k]));
    const size_t bit = FilterBit(hash, filter_mask_);
    if ((domain_filter_[bit / 64] >> (bit % 64) & 1) == 0) continue;
    __builtin_prefetch(&domain_slots_[hash & domain_mask_]);
    starts[kept] = starts[k];
    hashes[kept++] = hash;
  }
  for (size_t k = 0; k < kept; ++k) {
    const std::string_view suffix = host.substr(starts[k]);
    const uint16_t tag = Tag16(hashes[k]);
    for (size_t slot = hashes[k] & domain_mask_; domain_slots_[slot].entry != 0;
         slot = (slot + 1) & domain_mask_) {
      const DomainSlot& candidate = domain_slots_[slot];
      if (candidate.tag != tag || candidate.length != suffix.size()) continue;
      const FlagList& list = ListOf(candidate.entry - 1);
      const std::string_view value(list.values().data() + candidate.offset, candidate.length);
      if (value == suffix) AddHit(list, value, url, out);
    }
  }
}

void FlagMatcher::MatchUrl(std::string_view key, std::string_view authority, std::string_view url,
                           std::vector<FlagHit>& out) const {
  const uint64_t hash = Hash(authority);
  const uint32_t tag = Tag(hash);
  const GroupSlot* group = nullptr;
  for (size_t slot = hash & group_mask_; group_slots_[slot].end != 0;
       slot = (slot + 1) & group_mask_) {
    const GroupSlot& candidate = group_slots_[slot];
    if (candidate.tag == tag && AuthorityOf(RuleKey(url_rules_[candidate.begin])) == authority) {
      group = &candidate;
      break;
    }
  }
  if (group == nullptr) return;
  const auto begin = url_rules_.begin() + group->begin;
  const auto end = url_rules_.begin() + group->end;
  // Find every entry that is a prefix of `key`: the greatest entry <= hi is either a prefix
  // of key (report it and look for shorter ones) or shares only lcp characters with key, in
  // which case no entry longer than lcp can be a prefix.
  std::string_view hi = key;
  while (hi.size() > authority.size()) {
    auto it = std::upper_bound(begin, end, hi, [this](std::string_view value, const UrlRule& rule) {
      return value < RuleKey(rule);
    });
    if (it == begin) break;
    --it;
    const std::string_view candidate = RuleKey(*it);
    if (key.substr(0, candidate.size()) == candidate) {
      for (auto same = it;; --same) {
        if (RuleKey(*same) != candidate) break;
        const bool exact = same->kind == FlagEntryKind::kExactUrl;
        if (exact ? candidate.size() == key.size() : AtBoundary(candidate, key)) {
          AddHit(ListOf(same->global), RuleValue(*same), url, out);
        }
        if (same == begin) break;
      }
      hi = candidate.substr(0, candidate.size() - 1);
    } else {
      size_t common = 0;
      while (common < candidate.size() && common < key.size() && candidate[common] == key[common]) {
        ++common;
      }
      hi = key.substr(0, common);
    }
  }
}

size_t FlagMatcher::MemoryBytes() const {
  return domain_slots_.capacity() * sizeof(DomainSlot) +
         domain_filter_.capacity() * sizeof(uint64_t) + url_rules_.capacity() * sizeof(UrlRule) +
         url_values_.capacity() + group_slots_.capacity() * sizeof(GroupSlot) +
         list_starts_.capacity() * sizeof(uint32_t);
}

}  // namespace postwatch
