// WriteFailure: why a store write failed, as a short, bounded metric label.
#pragma once

#include <array>
#include <string_view>

#include "base/status.h"

namespace postwatch {

enum class WriteFailure {
  kFull,     // SQLITE_FULL: the disk (or the database's size limit) is full
  kIo,       // SQLITE_IOERR*: the operating system refused a read or write
  kBusy,     // SQLITE_BUSY / SQLITE_LOCKED: another connection held the lock too long
  kRefused,  // the database refused the data itself (constraint, type, size)
  kOther,    // anything else (corruption, read-only file, out of memory, ...)
};

// Every label WriteFailureName() can return, for initialising metric series at 0.
inline constexpr std::array<std::string_view, 5> kWriteFailureNames = {"full", "io", "busy",
                                                                       "refused", "other"};

// "full", "io", "busy", "refused" or "other".
std::string_view WriteFailureName(WriteFailure failure);

// Classifies a failed store Status (built by SqliteStatus(), possibly with context added).
// The SQLite result code is recognised by its sqlite3_errstr() text, which SqliteStatus()
// always puts in the message; an OK status is kOther. Thread-safe.
WriteFailure ClassifyWriteFailure(const Status& status);

}  // namespace postwatch
