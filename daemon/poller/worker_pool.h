// WorkerPool: a fixed set of threads running queued tasks (plugin parsing and the link
// pipeline). The queue is unbounded, but the poller bounds the number of polls in flight,
// and so the number of queued tasks.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace postwatch {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();  // Runs the tasks already queued, then joins.
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Thread-safe. Tasks posted after shutdown began are dropped.
  void Post(std::function<void()> task);

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace postwatch
