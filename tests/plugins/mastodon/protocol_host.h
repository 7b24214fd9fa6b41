// A test host for plugins whose polls take several steps (lookup, then pages): records what
// RecordingHost records plus account ids and rate-limit hints, passes an account's canonical
// id and cursor to plan/parse, and can run a whole poll against a responder, the way
// postwatchd's poller does. Shared by the mastodon and bluesky plugin tests.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "postwatch/plugin_api.h"
#include "recording_host.h"

namespace postwatch::testing {

struct RecordedRateLimit {
  int64_t remaining = 0;
  int64_t limit = 0;
  int64_t reset_at = 0;
};

// RecordingHost with emit_account_id and emit_rate_limit recorded. Not copyable or movable.
class ProtocolHost : public RecordingHost {
 public:
  ProtocolHost();
  // Hides RecordingHost::host(): the table whose account-id and rate-limit callbacks record.
  const pw_host* host() const { return &protocol_host_; }

  std::optional<std::string> account_id;
  std::vector<RecordedRateLimit> rate_limits;

 private:
  pw_host protocol_host_;
};

// The account as the poller passes it.
struct TestAccount {
  std::string registered;
  std::string id;  // canonical id; "" before resolution
  std::string cursor;
  std::string ref_json = "{}";
};

struct TestResponse {
  int status = 200;
  std::string url;
  std::string tag;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Answers one request of a poll.
using Responder = std::function<TestResponse(const RecordedRequest& request)>;

// What RunPoll saw.
struct PollRun {
  pw_status final_status = PW_OK;         // PW_DONE, or the error or the status when the cap hit
  std::vector<RecordedRequest> requests;  // every request answered, in order
};

// One plugin instance: init() in the constructor, destroy() in the destructor.
class ProtocolPlugin {
 public:
  ProtocolPlugin(const pw_plugin* plugin, std::string_view config_json);
  ~ProtocolPlugin();
  ProtocolPlugin(const ProtocolPlugin&) = delete;
  ProtocolPlugin& operator=(const ProtocolPlugin&) = delete;

  pw_status init_status() const { return init_status_; }
  const std::vector<std::string>& init_errors() const { return init_host_.errors; }

  pw_status Plan(ProtocolHost& host, const TestAccount& account) const;
  pw_status Resolve(ProtocolHost& host, const TestAccount& account) const;
  pw_status Parse(ProtocolHost& host, const TestAccount& account,
                  const TestResponse& response) const;

  // Runs a poll as the poller does: plan, then for each emitted request (first in, first
  // out) the responder's answer goes to parse with the request's tag, until parse returns
  // PW_DONE or an error, no request is left, or `max_requests` were made. An account id
  // emitted mid-poll is passed as the account's id to later parse calls. Everything emitted
  // is recorded in `host`.
  PollRun RunPoll(ProtocolHost& host, TestAccount account, const Responder& responder,
                  int max_requests = 10) const;

 private:
  const pw_plugin* plugin_;
  void* state_ = nullptr;
  RecordingHost init_host_;
  pw_status init_status_;
};

}  // namespace postwatch::testing
