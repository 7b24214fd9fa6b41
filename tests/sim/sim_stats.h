// Request and response counters of the simulator, read by GET /_sim/stats.
#pragma once

#include <atomic>
#include <cstdint>

namespace postwatch::sim {

struct SimStatsSnapshot {
  uint64_t requests = 0;
  uint64_t responses_200 = 0;
  uint64_t responses_304 = 0;
  uint64_t responses_404 = 0;
  uint64_t responses_other = 0;
  uint64_t connections = 0;
};

// Lock-free counters. Thread-safe. Requests to the /_sim/ control endpoints are not counted,
// so the request and response numbers match what a client under test asked for;
// connections counts every accepted connection, control ones included.
class SimStats {
 public:
  void CountConnection() { connections_.fetch_add(1, std::memory_order_relaxed); }
  void CountRequest() { requests_.fetch_add(1, std::memory_order_relaxed); }
  void CountResponse(unsigned status) {
    auto& counter = status == 200   ? responses_200_
                    : status == 304 ? responses_304_
                    : status == 404 ? responses_404_
                                    : responses_other_;
    counter.fetch_add(1, std::memory_order_relaxed);
  }

  // The counters; each is read atomically, the set is not one atomic snapshot.
  SimStatsSnapshot Snapshot() const {
    SimStatsSnapshot s;
    s.requests = requests_.load(std::memory_order_relaxed);
    s.responses_200 = responses_200_.load(std::memory_order_relaxed);
    s.responses_304 = responses_304_.load(std::memory_order_relaxed);
    s.responses_404 = responses_404_.load(std::memory_order_relaxed);
    s.responses_other = responses_other_.load(std::memory_order_relaxed);
    s.connections = connections_.load(std::memory_order_relaxed);
    return s;
  }

  void Reset() {
    for (auto* counter : {&requests_, &responses_200_, &responses_304_, &responses_404_,
                          &responses_other_, &connections_}) {
      counter->store(0, std::memory_order_relaxed);
    }
  }

 private:
  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> responses_200_{0};
  std::atomic<uint64_t> responses_304_{0};
  std::atomic<uint64_t> responses_404_{0};
  std::atomic<uint64_t> responses_other_{0};
  std::atomic<uint64_t> connections_{0};
};

}  // namespace postwatch::sim
