// A test host for owner-authorised plugins: ProtocolHost plus the ABI 1.1 callbacks
// (emit_credential, emit_authorize_url), and a driver that passes the account's credential
// and app credential to every call, including refresh_credentials and authorize.
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

// Records everything ProtocolHost records, plus credentials and authorisation URLs. Not
// copyable or movable.
class OAuthHost : public ProtocolHost {
 public:
  OAuthHost();
  const pw_host* host() const { return &oauth_host_; }

  std::vector<RecordedCredential> credentials;
  std::vector<std::string> authorize_urls;

 private:
  pw_host oauth_host_;
};

// The account as the host passes it, with its stored credential.
struct OAuthAccount {
  std::string registered;
  std::string id;
  std::string cursor;
  std::string credential;
  std::string app_credential;
};

struct OAuthGrant {
  std::string redirect_uri;
  std::string state;
  std::string code_challenge;
  std::string code_verifier;
  std::string code;
};

// One plugin instance driven with OAuth accounts: init() in the constructor, destroy() in
// the destructor.
class OAuthPlugin {
 public:
  OAuthPlugin(const pw_plugin* plugin, std::string_view config_json);
  ~OAuthPlugin();
  OAuthPlugin(const OAuthPlugin&) = delete;
  OAuthPlugin& operator=(const OAuthPlugin&) = delete;

  pw_status init_status() const { return init_status_; }
  const std::vector<std::string>& init_errors() const { return init_host_.errors; }

  pw_status Plan(OAuthHost& host, const OAuthAccount& account) const;
  pw_status Resolve(OAuthHost& host, const OAuthAccount& account) const;
  pw_status Refresh(OAuthHost& host, const OAuthAccount& account) const;
  pw_status Authorize(OAuthHost& host, const OAuthAccount& account, const OAuthGrant& grant) const;
  pw_status Parse(OAuthHost& host, const OAuthAccount& account, const TestResponse& response) const;

  // Runs requests already planned into `host` (from index `first`) as the poller does: each
  // answer goes to parse, first in first out, until PW_DONE, an error, no request left, or
  // `max_requests`. Returns the last status and the requests answered.
  PollRun Drive(OAuthHost& host, const OAuthAccount& account, const Responder& responder,
                size_t first, int max_requests = 10) const;
  // plan() then Drive().
  PollRun RunPoll(OAuthHost& host, const OAuthAccount& account, const Responder& responder,
                  int max_requests = 10) const;

 private:
  const pw_plugin* plugin_;
  void* state_ = nullptr;
  RecordingHost init_host_;
  pw_status init_status_;
};

}  // namespace postwatch::testing
