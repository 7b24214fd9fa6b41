// Failure reasons for the store's metrics and /healthz, from the Status a write returned.
#include "store/write_failure.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <vector>

#include "store/statement.h"

namespace postwatch {
namespace {

TEST(WriteFailureTest, SqliteResultCodesMapToTheirReason) {
  struct Case {
    int sqlite_code;
    std::string_view reason;
  };
  const std::vector<Case> cases = {
      {SQLITE_FULL, "full"},          {SQLITE_IOERR, "io"},
      {SQLITE_IOERR_WRITE, "io"},     {SQLITE_IOERR_FSYNC, "io"},
      {SQLITE_IOERR_SHMSIZE, "io"},   {SQLITE_BUSY, "busy"},
      {SQLITE_BUSY_SNAPSHOT, "busy"}, {SQLITE_LOCKED, "busy"},
      {SQLITE_CONSTRAINT, "refused"}, {SQLITE_CONSTRAINT_CHECK, "refused"},
      {SQLITE_TOOBIG, "refused"},     {SQLITE_CORRUPT, "other"},
      {SQLITE_READONLY, "other"},     {SQLITE_CANTOPEN, "other"},
  };
  for (const Case& c : cases) {
    const Status status = SqliteStatus(nullptr, c.sqlite_code, "commit");
    EXPECT_EQ(WriteFailureName(ClassifyWriteFailure(status)), c.reason)
        << c.sqlite_code << ": " << status.ToString();
  }
}

TEST(WriteFailureTest, ContextAddedByCallersKeepsTheReason) {
  const Status status =
      SqliteStatus(nullptr, SQLITE_FULL, "INSERT INTO posts").WithContext("account 7");

  EXPECT_EQ(ClassifyWriteFailure(status), WriteFailure::kFull);
}

TEST(WriteFailureTest, EveryReasonIsOneOfTheMetricLabels) {
  for (WriteFailure f : {WriteFailure::kFull, WriteFailure::kIo, WriteFailure::kBusy,
                         WriteFailure::kRefused, WriteFailure::kOther}) {
    const std::string_view name = WriteFailureName(f);
    EXPECT_NE(std::find(kWriteFailureNames.begin(), kWriteFailureNames.end(), name),
              kWriteFailureNames.end())
        << name;
  }
}

}  // namespace
}  // namespace postwatch
