#include "served_log.h"

#include <algorithm>
#include <iterator>

namespace postwatch::sim {

ServedLog::ServedLog(uint32_t accounts) : accounts_(accounts) {}

void ServedLog::Record(uint32_t account, uint64_t first, uint64_t last) {
  if (account >= accounts_.size() || first > last) return;
  AccountLog& log = accounts_[account];
  std::lock_guard<std::mutex> lock(log.mu);
  auto& ranges = log.ranges;
  // Merge with every range that overlaps or touches [first, last].
  auto it = ranges.upper_bound(first);
  if (it != ranges.begin()) {
    auto prev = std::prev(it);
    if (prev->second + 1 >= first) it = prev;
  }
  while (it != ranges.end() && it->first <= last + 1) {
    first = std::min(first, it->first);
    last = std::max(last, it->second);
    it = ranges.erase(it);
  }
  ranges.emplace(first, last);
}

std::vector<uint64_t> ServedLog::ServedIndexes(uint32_t account) const {
  std::vector<uint64_t> indexes;
  if (account >= accounts_.size()) return indexes;
  const AccountLog& log = accounts_[account];
  std::lock_guard<std::mutex> lock(log.mu);
  for (const auto& [first, last] : log.ranges) {
    for (uint64_t k = first; k <= last; ++k) indexes.push_back(k);
  }
  return indexes;
}

void ServedLog::Clear() {
  for (AccountLog& log : accounts_) {
    std::lock_guard<std::mutex> lock(log.mu);
    log.ranges.clear();
  }
}

void ServedLog::CountRequest(uint32_t account) {
  if (account >= accounts_.size()) return;
  std::lock_guard<std::mutex> lock(accounts_[account].mu);
  ++accounts_[account].requests;
}

uint64_t ServedLog::Requests(uint32_t account) const {
  if (account >= accounts_.size()) return 0;
  std::lock_guard<std::mutex> lock(accounts_[account].mu);
  return accounts_[account].requests;
}

}  // namespace postwatch::sim
