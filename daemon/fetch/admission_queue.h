// AdmissionQueue: decides which waiting request may start next, under a limit on running
// requests overall and per host.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace postwatch {

// Requests for one host start in the order they were pushed; hosts take turns, so one busy
// host does not starve the others. Not thread-safe: one thread owns it.
template <typename T>
class AdmissionQueue {
 public:
  // Limits below 1 are treated as 1.
  AdmissionQueue(int max_running, int max_running_per_host)
      : max_running_(static_cast<size_t>(std::max(1, max_running))),
        max_per_host_(static_cast<size_t>(std::max(1, max_running_per_host))) {}

  // Queues `item` for `host`.
  void Push(const std::string& host, T item) {
    HostState& state = hosts_[host];
    state.waiting.push_back(std::move(item));
    ++waiting_;
    MarkReadyIfRunnable(host, state);
  }

  // The next item allowed to start, with its host, now counted as running; nullopt when
  // nothing may start. Every item returned must later be passed to Finish.
  std::optional<std::pair<std::string, T>> PopRunnable() {
    if (running_ >= max_running_ || ready_.empty()) return std::nullopt;
    std::string host = std::move(ready_.front());
    ready_.pop_front();
    HostState& state = hosts_[host];
    state.in_ready = false;
    T item = std::move(state.waiting.front());
    state.waiting.pop_front();
    --waiting_;
    ++state.running;
    ++running_;
    MarkReadyIfRunnable(host, state);
    return std::make_pair(std::move(host), std::move(item));
  }

  // A running item for `host` finished, making room for another.
  void Finish(const std::string& host) {
    auto it = hosts_.find(host);
    if (it == hosts_.end() || it->second.running == 0) return;
    --it->second.running;
    --running_;
    if (it->second.running == 0 && it->second.waiting.empty()) {
      hosts_.erase(it);
      return;
    }
    MarkReadyIfRunnable(host, it->second);
  }

  // Removes and returns every waiting item (hosts in no particular order, each host's items
  // in FIFO order). Running counts are unchanged.
  std::vector<T> DrainWaiting() {
    std::vector<T> items;
    for (auto& [host, state] : hosts_) {
      for (T& item : state.waiting) items.push_back(std::move(item));
      state.waiting.clear();
      state.in_ready = false;
    }
    ready_.clear();
    waiting_ = 0;
    return items;
  }

  size_t waiting() const { return waiting_; }
  size_t running() const { return running_; }

 private:
  struct HostState {
    std::deque<T> waiting;
    size_t running = 0;
    bool in_ready = false;  // listed in ready_
  };

  void MarkReadyIfRunnable(const std::string& host, HostState& state) {
    if (!state.in_ready && !state.waiting.empty() && state.running < max_per_host_) {
      state.in_ready = true;
      ready_.push_back(host);
    }
  }

  const size_t max_running_;
  const size_t max_per_host_;
  std::unordered_map<std::string, HostState> hosts_;
  std::deque<std::string> ready_;  // hosts with a waiting item and room to run it
  size_t waiting_ = 0;
  size_t running_ = 0;
};

}  // namespace postwatch
