#include "store/write_failure.h"

#include <sqlite3.h>

#include <string>

namespace postwatch {
namespace {

bool Mentions(const std::string& message, int sqlite_code) {
  return message.find(sqlite3_errstr(sqlite_code)) != std::string::npos;
}

}  // namespace

std::string_view WriteFailureName(WriteFailure failure) {
  switch (failure) {
    case WriteFailure::kFull:
      return kWriteFailureNames[0];
    case WriteFailure::kIo:
      return kWriteFailureNames[1];
    case WriteFailure::kBusy:
      return kWriteFailureNames[2];
    case WriteFailure::kRefused:
      return kWriteFailureNames[3];
    case WriteFailure::kOther:
      break;
  }
  return kWriteFailureNames[4];
}

WriteFailure ClassifyWriteFailure(const Status& status) {
  if (status.ok()) return WriteFailure::kOther;
  if (status.code() == Status::Code::kInvalidArgument) return WriteFailure::kRefused;
  const std::string& message = status.message();
  if (Mentions(message, SQLITE_FULL)) return WriteFailure::kFull;
  if (Mentions(message, SQLITE_IOERR)) return WriteFailure::kIo;
  if (Mentions(message, SQLITE_BUSY) || Mentions(message, SQLITE_LOCKED)) {
    return WriteFailure::kBusy;
  }
  return WriteFailure::kOther;
}

}  // namespace postwatch
