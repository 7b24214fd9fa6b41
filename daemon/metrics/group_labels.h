// GroupLabels: maps organisational groups to the bounded values of the opt-in `group`
// metric label — the N largest groups by account count keep their name, every other group
// (and accounts without a group) becomes "other".
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

namespace postwatch {

inline constexpr char kOtherGroup[] = "other";

// A value type; not thread-safe (Metrics guards its copy with its own mutex).
class GroupLabels {
 public:
  GroupLabels() = default;
  // Ranks `accounts_per_group` by account count (ties by name) and keeps the first `top_n`
  // non-empty groups. A `top_n` of 0 keeps none: every group maps to "other".
  GroupLabels(const std::map<std::string, int64_t>& accounts_per_group, size_t top_n);

  // The label value of `group`: its own name when it is one of the top groups, else "other".
  const std::string& Label(const std::string& group) const;
  // Every value Label() can return: the top groups in rank order, then "other".
  const std::vector<std::string>& values() const { return values_; }

 private:
  std::unordered_set<std::string> top_;
  std::vector<std::string> values_{kOtherGroup};
  std::string other_ = kOtherGroup;
};

}  // namespace postwatch
