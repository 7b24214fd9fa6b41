// StoreOptions: how the daemon opens and writes its SQLite database.
#pragma once

#include <cstddef>
#include <string>

namespace postwatch {

struct StoreOptions {
  std::string path;                // database file; created if missing (its directory must exist)
  bool synchronous_full = false;   // PRAGMA synchronous=FULL instead of NORMAL
  size_t queue_capacity = 1024;    // poll records waiting for the writer before Submit() blocks
  size_t batch_max_records = 256;  // records per write transaction
  int batch_max_delay_ms = 50;     // how long a batch may wait to fill
  // Backoff between retries of a failing batch (disk full, database locked).
  int retry_initial_ms = 100;
  int retry_max_ms = 30'000;
  int busy_timeout_ms = 5'000;  // how long to wait for another connection's lock
};

}  // namespace postwatch
