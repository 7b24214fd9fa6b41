// DueQueue: the accounts waiting for their next poll, ordered by due time.
//
// Thread-safe. An account is either in the queue (waiting) or out of it (being polled);
// Schedule() puts it back with its next due time. Removal is lazy: stale heap entries are
// skipped when they surface, so Schedule and Remove are O(log n) and O(1).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <queue>
#include <unordered_map>
#include <vector>

namespace postwatch {

class DueQueue {
 public:
  // Adds or moves `account_id` to be due at `due_ms` (Unix ms).
  void Schedule(int64_t account_id, int64_t due_ms);
  // Forgets the account; a poll in flight for it is not affected.
  void Remove(int64_t account_id);
  // Removes and returns up to `max` accounts due at or before `now_ms`, earliest first.
  std::vector<int64_t> PopDue(int64_t now_ms, size_t max);
  // Due time of the earliest waiting account, or -1 when none waits.
  int64_t NextDueMs();
  // Blocks until an account may be due (the earliest due time, capped at `max_wait_ms`) or
  // Wake() is called. Returns early when woken.
  void WaitForWork(int64_t now_ms, int64_t max_wait_ms);
  // Blocks until Wake() is called or `max_wait_ms` passes, whatever is due: for a caller that
  // cannot take more work until something finishes.
  void WaitForWake(int64_t max_wait_ms);
  void Wake();
  size_t size();

 private:
  struct Entry {
    int64_t due_ms;
    int64_t account_id;
    uint64_t generation;
    bool operator>(const Entry& o) const { return due_ms > o.due_ms; }
  };
  void DropStaleTopLocked();

  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;                                                        // guarded by mu_
  uint64_t next_generation_ = 1;                                              // guarded by mu_
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap_;  // guarded by mu_
  std::unordered_map<int64_t, uint64_t> live_;  // account -> generation; guarded by mu_
};

}  // namespace postwatch
