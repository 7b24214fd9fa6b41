// Which posts the simulator has served, per account, so that end-to-end tests can compare
// what a client stored with what it was actually given.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

namespace postwatch::sim {

// Thread-safe: one mutex per account, so concurrent feeds of different accounts do not
// contend. Stores index ranges, not posts: a feed serves a contiguous range of indexes.
class ServedLog {
 public:
  explicit ServedLog(uint32_t accounts);
  ServedLog(const ServedLog&) = delete;
  ServedLog& operator=(const ServedLog&) = delete;

  uint32_t account_count() const { return static_cast<uint32_t>(accounts_.size()); }

  // Records that posts first..last (inclusive) of an account were in a 200 body.
  // Preconditions: account < account_count(), first <= last.
  void Record(uint32_t account, uint64_t first, uint64_t last);

  // Every index served at least once, ascending. Empty for an unknown account.
  std::vector<uint64_t> ServedIndexes(uint32_t account) const;

  // Forgets everything.
  void Clear();

  // Counts a feed request of `account` (200 or 304), for tests that wait until every
  // account has been polled. Thread-safe.
  void CountRequest(uint32_t account);
  uint64_t Requests(uint32_t account) const;

 private:
  struct AccountLog {
    mutable std::mutex mu;
    std::map<uint64_t, uint64_t> ranges;  // first -> last, disjoint, non-adjacent; guarded by mu
    uint64_t requests = 0;                // guarded by mu
  };
  std::vector<AccountLog> accounts_;
};

}  // namespace postwatch::sim
