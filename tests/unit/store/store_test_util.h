// Helpers for the store tests: a temporary directory and a bounded wait.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "model/poll_record.h"
#include "store/sqlite_db.h"

namespace postwatch {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pw_store_test.XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Waits until `condition` holds. The limit only keeps a broken build from hanging: tests
// assert on the condition, never on how long it took.
inline bool WaitUntil(const std::function<bool()>& condition) {
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > limit) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

inline AccountSpec Spec(std::string platform, std::string registered,
                        std::string display_name = "") {
  AccountSpec spec;
  spec.platform = std::move(platform);
  spec.registered = std::move(registered);
  spec.display_name = std::move(display_name);
  spec.member_ref = "m-" + spec.registered;
  spec.group = "city/district";
  return spec;
}

// A post with one outbound link per entry of `links`; each link gets one flag hit on
// list `hit_list` unless that is empty.
inline StoredPost MakePost(std::string id, int64_t published_at,
                           const std::vector<std::string>& links = {},
                           const std::string& hit_list = "") {
  StoredPost stored;
  stored.post.id = std::move(id);
  stored.post.url = "https://example.org/p/" + stored.post.id;
  stored.post.published_at = published_at;
  stored.post.text = "text of " + stored.post.id;
  for (const std::string& url : links) {
    PostLink link;
    link.raw = url;
    link.normalized = url;
    link.host = "example.net";
    if (!hit_list.empty()) link.hits.push_back(FlagHit{hit_list, "example.net", url});
    stored.links.push_back(link);
  }
  return stored;
}

inline PollRecord SuccessRecord(int64_t account_id, std::vector<StoredPost> posts = {}) {
  PollRecord r;
  r.account_id = account_id;
  r.plugin = "web";
  r.group = "city/district";
  r.started_ms = 1'000;
  r.finished_ms = 2'000;
  r.success = true;
  r.http_status = 200;
  r.posts = std::move(posts);
  r.next_due_ms = 900'000;
  return r;
}

// Rows in `table` of the database at `path`, read through a separate connection.
inline int64_t CountRows(const std::string& path, const std::string& table) {
  SqliteOpenOptions options;
  options.read_only = true;
  Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(path, options);
  if (!db.ok()) {
    ADD_FAILURE() << db.status().ToString();
    return -1;
  }
  Result<int64_t> n = (*db)->QueryInt("SELECT count(*) FROM " + table);
  if (!n.ok()) ADD_FAILURE() << n.status().ToString();
  return n.ok() ? *n : -1;
}

}  // namespace postwatch
