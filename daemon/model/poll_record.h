// PollRecord: everything one finished poll writes, committed by the store in one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/account.h"
#include "model/post.h"

namespace postwatch {

struct StoredPost {
  Post post;
  std::vector<PostLink> links;
};

struct PollRecord {
  int64_t account_id = 0;
  std::string plugin;  // for metrics labels after the commit
  std::string group;
  int64_t started_ms = 0;
  int64_t finished_ms = 0;
  bool success = false;
  bool not_modified = false;   // a 304: nothing but scheduling state changes
  std::string failure_reason;  // metric label: timeout, network, http_4xx, ... ; empty on success
  int http_status = 0;
  std::vector<StoredPost> posts;  // posts seen in this poll (the store drops known ones)

  // New account state. Unset optionals leave the stored value unchanged.
  std::optional<std::string> cursor;
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  std::optional<std::string> canonical_id;
  AccountStatus status = AccountStatus::kActive;
  int32_t consecutive_failures = 0;
  int64_t next_due_ms = 0;
  std::string last_error;
};

// What the store reports after committing a PollRecord: only what was new.
struct CommitResult {
  int64_t account_id = 0;
  std::string plugin;
  std::string group;
  int new_posts = 0;
  int new_links = 0;
  std::vector<std::string> flagged_lists;  // one entry per new post-link hit, by list name
  std::vector<int64_t> new_published_at;   // published_at of each new post
};

}  // namespace postwatch
