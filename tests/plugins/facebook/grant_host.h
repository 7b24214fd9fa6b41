// A test host for plugins that read with an owner-granted credential (ABI 1.1): records
// what ProtocolHost records plus emitted credentials and authorisation URLs, passes the
// account's credential and the operator's app credential, and runs whole polls and grant
// flows against a responder the way postwatchd does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "postwatch/plugin_api.h"
#include "protocol_host.h"

namespace postwatch::testing {

struct RecordedCredential {
  std::string secret;
  int64_t expires_at = 0;
  int64_t refresh_expires_at = 0;
};

// ProtocolHost with emit_credential and emit_authorize_url recorded. Not copyable or movable.
class GrantHost : public ProtocolHost {
 public:
  GrantHost();
  // Hides ProtocolHost::host(): the table whose credential callbacks record.
  const pw_host* host() const { return &grant_host_; }

  std::vector<RecordedCredential> credentials;
  std::optional<std::string> authorize_url;

 private:
  pw_host grant_host_;
};

// The account as the poller passes it, with its secrets.
struct GrantAccount {
  std::string registered;
  std::string id;  // canonical id; "" before resolution
  std::string cursor;
  std::string ref_json = "{}";
  std::string credential;      // pw_account.credential
  std::string app_credential;  // pw_account.app_credential
};

// One step of the owner's grant, as the host's callback passes it.
struct TestGrant {
  std::string redirect_uri;
  std::string state;
  std::string code_challenge;
  std::string code_verifier;
  std::string code;
};

// One plugin instance: init() in the constructor, destroy() in the destructor.
class GrantPlugin {
 public:
  GrantPlugin(const pw_plugin* plugin, std::string_view config_json);
  ~GrantPlugin();
  GrantPlugin(const GrantPlugin&) = delete;
  GrantPlugin& operator=(const GrantPlugin&) = delete;

  pw_status init_status() const { return init_status_; }
  const std::vector<std::string>& init_errors() const { return init_host_.errors; }

  pw_status Plan(GrantHost& host, const GrantAccount& account) const;
  pw_status Resolve(GrantHost& host, const GrantAccount& account) const;
  pw_status Parse(GrantHost& host, const GrantAccount& account, const TestResponse& response) const;
  pw_status Authorize(GrantHost& host, const GrantAccount& account, const TestGrant& grant) const;

  // Runs a poll as the poller does (see ProtocolPlugin::RunPoll): plan, then every emitted
  // request answered by the responder and parsed, until PW_DONE, an error, no request left,
  // or `max_requests`. An emitted account id becomes the account's id for later calls.
  PollRun RunPoll(GrantHost& host, GrantAccount account, const Responder& responder,
                  int max_requests = 10) const;
  // Runs the token step of a grant: authorize() with `grant` (which carries the code), then
  // its requests answered and parsed the same way.
  PollRun RunGrant(GrantHost& host, GrantAccount account, const TestGrant& grant,
                   const Responder& responder, int max_requests = 10) const;

 private:
  // Answers the requests emitted since `seen` until the flow ends.
  PollRun Drain(GrantHost& host, GrantAccount account, pw_status first, size_t seen,
                const Responder& responder, int max_requests) const;

  const pw_plugin* plugin_;
  void* state_ = nullptr;
  RecordingHost init_host_;
  pw_status init_status_;
};

}  // namespace postwatch::testing
