#include "scheduler/due_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace postwatch {
namespace {

TEST(DueQueueTest, PopsOnlyDueAccountsEarliestFirst) {
  DueQueue q;
  q.Schedule(1, 300);
  q.Schedule(2, 100);
  q.Schedule(3, 200);
  q.Schedule(4, 1000);
  EXPECT_EQ(q.PopDue(250, 10), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(q.NextDueMs(), 300);
  EXPECT_EQ(q.size(), 2u);
}

TEST(DueQueueTest, RescheduleReplacesTheEarlierDueTime) {
  DueQueue q;
  q.Schedule(7, 100);
  q.Schedule(7, 500);
  EXPECT_TRUE(q.PopDue(200, 10).empty());
  EXPECT_EQ(q.PopDue(600, 10), (std::vector<int64_t>{7}));
  EXPECT_TRUE(q.PopDue(600, 10).empty());  // popped once only
}

TEST(DueQueueTest, RemovedAccountIsNeverPopped) {
  DueQueue q;
  q.Schedule(1, 100);
  q.Schedule(2, 100);
  q.Remove(1);
  EXPECT_EQ(q.PopDue(1000, 10), (std::vector<int64_t>{2}));
  EXPECT_EQ(q.NextDueMs(), -1);
}

TEST(DueQueueTest, PopRespectsTheMaximum) {
  DueQueue q;
  for (int i = 0; i < 100; ++i) q.Schedule(i, i);
  EXPECT_EQ(q.PopDue(1000, 30).size(), 30u);
  EXPECT_EQ(q.size(), 70u);
}

TEST(DueQueueTest, ManyReschedulesKeepTheHeapBounded) {
  DueQueue q;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < 100; ++i) q.Schedule(i, round * 1000 + i);
  }
  EXPECT_EQ(q.size(), 100u);
  EXPECT_EQ(q.PopDue(1'000'000, 1000).size(), 100u);
}

}  // namespace
}  // namespace postwatch

namespace postwatch {
namespace {

TEST(DueQueueTest, WaitForWakeReturnsWhenWokenEvenWithOverdueWork) {
  DueQueue queue;
  queue.Schedule(1, 0);  // overdue: WaitForWork would not block at all
  std::thread waker([&queue] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    queue.Wake();
  });
  const auto start = std::chrono::steady_clock::now();
  queue.WaitForWake(60'000);
  waker.join();
  // Woken, not timed out: far less than the minute it was allowed to wait.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_EQ(queue.PopDue(1, 10), std::vector<int64_t>{1});
}

}  // namespace
}  // namespace postwatch
