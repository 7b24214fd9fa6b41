#include "scheduler/due_queue.h"

#include <chrono>

namespace postwatch {

void DueQueue::Schedule(int64_t account_id, int64_t due_ms) {
  bool earliest;
  {
    std::lock_guard<std::mutex> lock(mu_);
    uint64_t gen = next_generation_++;
    live_[account_id] = gen;
    DropStaleTopLocked();
    earliest = heap_.empty() || due_ms < heap_.top().due_ms;
    heap_.push(Entry{due_ms, account_id, gen});
    // Compact when lazy deletions have let the heap grow far beyond the live set.
    if (heap_.size() > 2 * live_.size() + 1024) {
      std::vector<Entry> keep;
      keep.reserve(live_.size());
      while (!heap_.empty()) {
        const Entry& e = heap_.top();
        auto it = live_.find(e.account_id);
        if (it != live_.end() && it->second == e.generation) keep.push_back(e);
        heap_.pop();
      }
      heap_ = decltype(heap_)(std::greater<Entry>(), std::move(keep));
    }
  }
  if (earliest) cv_.notify_all();
}

void DueQueue::Remove(int64_t account_id) {
  std::lock_guard<std::mutex> lock(mu_);
  live_.erase(account_id);
}

void DueQueue::DropStaleTopLocked() {
  while (!heap_.empty()) {
    const Entry& e = heap_.top();
    auto it = live_.find(e.account_id);
    if (it != live_.end() && it->second == e.generation) return;
    heap_.pop();
  }
}

std::vector<int64_t> DueQueue::PopDue(int64_t now_ms, size_t max) {
  std::vector<int64_t> out;
  std::lock_guard<std::mutex> lock(mu_);
  while (out.size() < max) {
    DropStaleTopLocked();
    if (heap_.empty() || heap_.top().due_ms > now_ms) break;
    out.push_back(heap_.top().account_id);
    live_.erase(heap_.top().account_id);
    heap_.pop();
  }
  return out;
}

int64_t DueQueue::NextDueMs() {
  std::lock_guard<std::mutex> lock(mu_);
  DropStaleTopLocked();
  return heap_.empty() ? -1 : heap_.top().due_ms;
}

void DueQueue::WaitForWork(int64_t now_ms, int64_t max_wait_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  DropStaleTopLocked();
  int64_t wait = max_wait_ms;
  if (!heap_.empty()) wait = std::min(wait, std::max<int64_t>(0, heap_.top().due_ms - now_ms));
  if (wait > 0 && !woken_) {
    cv_.wait_for(lock, std::chrono::milliseconds(wait), [this] { return woken_; });
  }
  woken_ = false;
}

void DueQueue::WaitForWake(int64_t max_wait_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!woken_) {
    cv_.wait_for(lock, std::chrono::milliseconds(max_wait_ms), [this] { return woken_; });
  }
  woken_ = false;
}

void DueQueue::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

size_t DueQueue::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return live_.size();
}

}  // namespace postwatch
