#include "metrics/group_labels.h"

#include <algorithm>
#include <utility>

namespace postwatch {

GroupLabels::GroupLabels(const std::map<std::string, int64_t>& accounts_per_group, size_t top_n) {
  std::vector<std::pair<std::string, int64_t>> ranked;
  for (const auto& [group, count] : accounts_per_group) {
    // The empty group and a group literally named "other" both fold into "other".
    if (!group.empty() && group != kOtherGroup) ranked.emplace_back(group, count);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (ranked.size() > top_n) ranked.resize(top_n);
  values_.clear();
  for (auto& [group, count] : ranked) {
    top_.insert(group);
    values_.push_back(std::move(group));
  }
  values_.push_back(kOtherGroup);
}

const std::string& GroupLabels::Label(const std::string& group) const {
  auto it = top_.find(group);
  return it == top_.end() ? other_ : *it;
}

}  // namespace postwatch
