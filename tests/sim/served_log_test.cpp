#include "served_log.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace postwatch::sim {
namespace {

TEST(ServedLogTest, MergesOverlappingAndAdjacentRanges) {
  ServedLog log(3);
  log.Record(1, 5, 9);
  log.Record(1, 0, 2);
  log.Record(1, 3, 4);
  log.Record(1, 8, 12);
  log.Record(1, 20, 20);
  std::vector<uint64_t> expected;
  for (uint64_t k = 0; k <= 12; ++k) expected.push_back(k);
  expected.push_back(20);
  EXPECT_EQ(log.ServedIndexes(1), expected);
  EXPECT_TRUE(log.ServedIndexes(0).empty());
  EXPECT_TRUE(log.ServedIndexes(7).empty());
}

TEST(ServedLogTest, ClearForgetsEverything) {
  ServedLog log(2);
  log.Record(0, 1, 3);
  log.Clear();
  EXPECT_TRUE(log.ServedIndexes(0).empty());
}

TEST(ServedLogTest, ConcurrentRecordsAreAllKept) {
  ServedLog log(1);
  std::vector<std::thread> threads;
  for (uint64_t t = 0; t < 4; ++t) {
    threads.emplace_back([&log, t] {
      for (uint64_t k = t; k < 4000; k += 4) log.Record(0, k, k);
    });
  }
  for (auto& thread : threads) thread.join();
  const auto indexes = log.ServedIndexes(0);
  ASSERT_EQ(indexes.size(), 4000u);
  EXPECT_EQ(indexes.front(), 0u);
  EXPECT_EQ(indexes.back(), 3999u);
}

}  // namespace
}  // namespace postwatch::sim
