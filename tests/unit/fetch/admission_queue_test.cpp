#include "fetch/admission_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace postwatch {
namespace {

// Pops every item that may start now, as "host/item".
std::vector<std::string> PopAll(AdmissionQueue<int>& queue) {
  std::vector<std::string> started;
  while (auto next = queue.PopRunnable()) {
    started.push_back(next->first + "/" + std::to_string(next->second));
  }
  return started;
}

TEST(AdmissionQueueTest, PerHostLimitHoldsBackLaterRequestsInOrder) {
  AdmissionQueue<int> queue(10, 2);
  for (int i = 1; i <= 4; ++i) queue.Push("a.example", i);

  EXPECT_EQ(PopAll(queue), (std::vector<std::string>{"a.example/1", "a.example/2"}));
  EXPECT_EQ(queue.running(), 2u);
  EXPECT_EQ(queue.waiting(), 2u);

  queue.Finish("a.example");
  EXPECT_EQ(PopAll(queue), (std::vector<std::string>{"a.example/3"}));
  queue.Finish("a.example");
  queue.Finish("a.example");
  EXPECT_EQ(PopAll(queue), (std::vector<std::string>{"a.example/4"}));
  EXPECT_EQ(queue.waiting(), 0u);
}

TEST(AdmissionQueueTest, BusyHostDoesNotBlockOtherHosts) {
  AdmissionQueue<int> queue(10, 1);
  queue.Push("a", 1);
  queue.Push("a", 2);
  queue.Push("a", 3);
  queue.Push("b", 4);

  EXPECT_EQ(PopAll(queue), (std::vector<std::string>{"a/1", "b/4"}));
}

TEST(AdmissionQueueTest, TotalLimitAppliesAcrossHostsAndHostsTakeTurns) {
  AdmissionQueue<int> queue(2, 5);
  queue.Push("a", 1);
  queue.Push("a", 2);
  queue.Push("a", 3);
  queue.Push("b", 4);
  queue.Push("b", 5);

  EXPECT_EQ(PopAll(queue), (std::vector<std::string>{"a/1", "b/4"}));
  queue.Finish("a");
  EXPECT_EQ(PopAll(queue), (std::vector<std::string>{"a/2"}));
  queue.Finish("b");
  EXPECT_EQ(PopAll(queue), (std::vector<std::string>{"b/5"}));
  EXPECT_EQ(queue.running(), 2u);
}

TEST(AdmissionQueueTest, DrainReturnsEveryWaitingItem) {
  AdmissionQueue<int> queue(1, 1);
  queue.Push("a", 1);
  queue.Push("a", 2);
  queue.Push("b", 3);
  ASSERT_EQ(PopAll(queue).size(), 1u);

  std::vector<int> drained = queue.DrainWaiting();
  std::sort(drained.begin(), drained.end());
  EXPECT_EQ(drained, (std::vector<int>{2, 3}));
  EXPECT_EQ(queue.waiting(), 0u);
  queue.Finish("a");
  EXPECT_TRUE(PopAll(queue).empty());
}

TEST(AdmissionQueueTest, LimitsBelowOneStillAdmitOne) {
  AdmissionQueue<int> queue(0, 0);
  queue.Push("a", 1);
  queue.Push("a", 2);
  EXPECT_EQ(PopAll(queue), (std::vector<std::string>{"a/1"}));
}

}  // namespace
}  // namespace postwatch
