// A pw_host for tests: records everything a plugin emits during calls, and drives a
// pw_plugin through its function table the way postwatchd does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "postwatch/plugin_api.h"

namespace postwatch::testing {

struct RecordedPost {
  std::string id;
  std::string url;
  int64_t published_at = 0;
  uint32_t kind = 0;
  std::string text;
  std::vector<std::string> links;
  std::string shared_url;
};

struct RecordedRequest {
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string tag;
};

// Copies every emitted value, as the real host does. Not copyable or movable: the pw_host
// it exposes points back at it.
class RecordingHost {
 public:
  RecordingHost();
  RecordingHost(const RecordingHost&) = delete;
  RecordingHost& operator=(const RecordingHost&) = delete;

  const pw_host* host() const { return &host_; }

  std::vector<RecordedPost> posts;
  std::vector<RecordedRequest> requests;
  std::optional<std::string> cursor;
  std::vector<std::string> errors;
  std::vector<std::pair<int, std::string>> logs;

 private:
  pw_host host_;
};

// One loaded plugin instance: init() in the constructor, destroy() in the destructor.
class PluginInstance {
 public:
  // `plugin` is borrowed. init_status() tells whether init succeeded.
  PluginInstance(const pw_plugin* plugin, std::string_view config_json);
  ~PluginInstance();
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  pw_status init_status() const { return init_status_; }
  const std::vector<std::string>& init_errors() const { return init_host_.errors; }

  pw_status Plan(RecordingHost& host, std::string_view registered, std::string_view ref_json = "{}",
                 std::string_view cursor = "") const;
  pw_status Parse(RecordingHost& host, int status, std::string_view body,
                  std::string_view url = "https://feeds.example.org/feed",
                  std::string_view tag = "feed",
                  const std::vector<std::pair<std::string, std::string>>& headers = {}) const;

 private:
  const pw_plugin* plugin_;
  void* state_ = nullptr;
  RecordingHost init_host_;
  pw_status init_status_;
};

// Reads a whole file; fails the calling test (ADD_FAILURE) and returns "" when unreadable.
std::string ReadFileOrFail(const std::string& path);

}  // namespace postwatch::testing
