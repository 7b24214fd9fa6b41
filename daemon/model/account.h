// Account: one registered account of a member on one platform, and its polling state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace postwatch {

// What the registry (file or admin API) says about an account. An account is identified by
// (platform, registered); everything else may change and is updated on sync.
struct AccountSpec {
  std::string member_ref;  // the member's id in the organisation
  std::string display_name;
  std::string group;            // organisational unit path, "city/district/ward"
  std::string platform;         // the plugin that polls it: "web", "mastodon", ...
  std::string registered;       // what was registered: a URL or a handle
  std::string ref_json = "{}";  // platform-specific extras, validated by the plugin's schema
  int64_t interval_s = 0;       // poll interval; 0 means the plugin's or config's default
};

// The states of the postwatch_accounts metric.
enum class AccountStatus { kActive, kPaused, kBackoff, kFailing, kGone, kAuth };

inline std::string_view AccountStatusName(AccountStatus s) {
  switch (s) {
    case AccountStatus::kActive:
      return "active";
    case AccountStatus::kPaused:
      return "paused";
    case AccountStatus::kBackoff:
      return "backoff";
    case AccountStatus::kFailing:
      return "failing";
    case AccountStatus::kGone:
      return "gone";
    case AccountStatus::kAuth:
      return "auth";
  }
  return "active";
}

// An account as stored, with what polling needs to carry from one poll to the next.
struct Account {
  int64_t id = 0;  // store row id; stable for the life of the registration
  AccountSpec spec;
  std::string canonical_id;  // resolved platform id; empty until resolved
  AccountStatus status = AccountStatus::kActive;
  std::string cursor;  // the plugin's opaque cursor
  std::string etag;    // validators of the first request of a poll (conditional GET)
  std::string last_modified;
  int64_t next_due_ms = 0;  // Unix ms when the next poll is due
  int64_t last_poll_ms = 0;
  int64_t last_success_ms = 0;
  int32_t consecutive_failures = 0;
  std::string last_error;
  int64_t last_published_at = 0;  // newest post's published time, for posting intervals
};

}  // namespace postwatch
