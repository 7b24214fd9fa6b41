// The opt-in per-account series, written by hand in the Prometheus text format (0.0.4).
//
// prometheus-cpp keeps a map of label sets per family and needs seconds and gigabytes at a
// million series, so per-account gauges bypass it: the poller hands Metrics a snapshot, and
// this writer appends it to the /metrics text after prometheus-cpp's families.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postwatch {

inline constexpr char kAccountLastSuccessMetric[] =
    "postwatch_account_last_success_timestamp_seconds";

// One account's entry: its plugin, the account label (what was registered: a URL or a
// handle) and its last successful poll, Unix ms (0: never).
struct AccountSuccess {
  std::string plugin;
  std::string account;
  int64_t last_success_ms = 0;
};

// Appends `value` to `out` escaped as a label value: backslash, double quote and newline.
void AppendEscapedLabelValue(std::string_view value, std::string& out);

// Appends the HELP and TYPE lines and one sample per entry of `accounts`, in the given order:
//   postwatch_account_last_success_timestamp_seconds{plugin="web",account="..."} 1.7e9
// A never-successful account is written with value 0.
void AppendAccountLastSuccess(const std::vector<AccountSuccess>& accounts, std::string& out);

}  // namespace postwatch
