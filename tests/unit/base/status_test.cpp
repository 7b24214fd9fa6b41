#include "base/status.h"

#include <gtest/gtest.h>

namespace postwatch {
namespace {

TEST(StatusTest, OkStatusPrintsOk) {
  Status s = Status::Ok();
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, ContextIsPrefixedToTheMessage) {
  Status s = Status::IoError("disk full").WithContext("store");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_EQ(s.ToString(), "I/O error: store: disk full");
}

TEST(StatusTest, ResultHoldsValueOrStatus) {
  Result<int> good = 42;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  Result<int> bad = Status::NotFound("no such account");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "no such account");
}

}  // namespace
}  // namespace postwatch
