// A test host for owner-authorised plugins (ABI 1.1): records what ProtocolHost records plus
// emitted credentials and authorisation URLs, passes the account's credential and the
// operator's app credential, and runs a call's follow-up requests against a responder the
// way postwatchd does, copying an emitted credential and account id into the account for
// later calls (the host's job).
#pragma once

#include <cstdint>
#include <functional>
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
class OwnerHost : public ProtocolHost {
 public:
  OwnerHost();
  // Hides ProtocolHost::host(): the table whose ABI 1.1 callbacks record too.
  const pw_host* host() const { return &owner_host_; }

  std::vector<RecordedCredential> credentials;
  std::vector<std::string> authorize_urls;

 private:
  pw_host owner_host_;
};

// The account as the host passes it to an owner-authorised plugin.
struct OwnerAccount {
  std::string registered;
  std::string id;
  std::string cursor;
  std::string ref_json = "{}";
  std::string credential;      // pw_account.credential
  std::string app_credential;  // pw_account.app_credential
};

// One step of the owner's grant (pw_grant).
struct GrantStep {
  std::string redirect_uri;
  std::string state;
  std::string code_challenge;
  std::string code_verifier;
  std::string code;
};

// Answers one request.
using OwnerResponder = std::function<TestResponse(const RecordedRequest& request)>;

// What RunCall saw.
struct CallRun {
  pw_status final_status = PW_OK;
  std::vector<RecordedRequest> requests;  // every request answered, in order
};

// One plugin instance: init() in the constructor, destroy() in the destructor.
class OwnerPlugin {
 public:
  OwnerPlugin(const pw_plugin* plugin, std::string_view config_json);
  ~OwnerPlugin();
  OwnerPlugin(const OwnerPlugin&) = delete;
  OwnerPlugin& operator=(const OwnerPlugin&) = delete;

  pw_status init_status() const { return init_status_; }
  const std::vector<std::string>& init_errors() const { return init_host_.errors; }

  pw_status Plan(OwnerHost& host, const OwnerAccount& account) const;
  pw_status Resolve(OwnerHost& host, const OwnerAccount& account) const;
  pw_status Refresh(OwnerHost& host, const OwnerAccount& account) const;
  pw_status Authorize(OwnerHost& host, const OwnerAccount& account, const GrantStep& grant) const;
  pw_status Parse(OwnerHost& host, const OwnerAccount& account, const TestResponse& response) const;

  // Runs `start` (one of the calls above, bound to `host` and `*account`), then answers
  // each emitted request (first in, first out) with the responder and passes the answer to
  // parse with the request's tag, until parse returns PW_DONE or an error, no request is
  // left, or `max_requests` were made. Emitted account ids, credentials and cursors are
  // copied into *account as the host would store them (the cursor only when the call ends
  // with PW_DONE).
  CallRun Run(OwnerHost& host, OwnerAccount* account, const std::function<pw_status()>& start,
              const OwnerResponder& responder, int max_requests = 10) const;

 private:
  const pw_plugin* plugin_;
  void* state_ = nullptr;
  RecordingHost init_host_;
  pw_status init_status_;
};

}  // namespace postwatch::testing
