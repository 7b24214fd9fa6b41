#include "oauth_test_host.h"

#include <deque>

namespace postwatch::testing {
namespace {

pw_str Str(std::string_view text) { return pw_str{text.data(), text.size()}; }

std::string Copy(pw_str text) {
  return text.ptr == nullptr ? std::string() : std::string(text.ptr, text.len);
}

// The base classes' callbacks cast ctx to RecordingHost*; ours cast it back down.
OAuthHost* Self(void* ctx) { return static_cast<OAuthHost*>(static_cast<RecordingHost*>(ctx)); }

struct AccountView {
  explicit AccountView(const OAuthAccount& account) : v{} {
    v.struct_size = sizeof(pw_account);
    v.id = Str(account.id);
    v.registered = Str(account.registered);
    v.ref_json = Str("{}");
    v.credential = Str(account.credential);
    v.app_credential = Str(account.app_credential);
  }
  pw_account v;
};

}  // namespace

OAuthHost::OAuthHost() : oauth_host_(*ProtocolHost::host()) {
  oauth_host_.emit_credential = [](void* ctx, const pw_credential* credential) {
    Self(ctx)->credentials.push_back(
        {Copy(credential->secret), credential->expires_at, credential->refresh_expires_at});
  };
  oauth_host_.emit_authorize_url = [](void* ctx, pw_str url) {
    Self(ctx)->authorize_urls.push_back(Copy(url));
  };
}

OAuthPlugin::OAuthPlugin(const pw_plugin* plugin, std::string_view config_json) : plugin_(plugin) {
  init_status_ = plugin_->init(init_host_.host(), Str(config_json), &state_);
}

OAuthPlugin::~OAuthPlugin() {
  if (init_status_ == PW_OK) plugin_->destroy(state_);
}

pw_status OAuthPlugin::Plan(OAuthHost& host, const OAuthAccount& account) const {
  AccountView view(account);
  return plugin_->plan(state_, host.host(), &view.v, Str(account.cursor));
}

pw_status OAuthPlugin::Resolve(OAuthHost& host, const OAuthAccount& account) const {
  AccountView view(account);
  return plugin_->resolve(state_, host.host(), &view.v);
}

pw_status OAuthPlugin::Refresh(OAuthHost& host, const OAuthAccount& account) const {
  AccountView view(account);
  return plugin_->refresh_credentials(state_, host.host(), &view.v);
}

pw_status OAuthPlugin::Authorize(OAuthHost& host, const OAuthAccount& account,
                                 const OAuthGrant& grant) const {
  AccountView view(account);
  pw_grant wire{};
  wire.struct_size = sizeof(pw_grant);
  wire.redirect_uri = Str(grant.redirect_uri);
  wire.state = Str(grant.state);
  wire.code_challenge = Str(grant.code_challenge);
  wire.code_verifier = Str(grant.code_verifier);
  wire.code = Str(grant.code);
  return plugin_->authorize(state_, host.host(), &view.v, &wire);
}

pw_status OAuthPlugin::Parse(OAuthHost& host, const OAuthAccount& account,
                             const TestResponse& response) const {
  AccountView view(account);
  std::vector<pw_header> headers;
  for (const auto& [name, value] : response.headers) headers.push_back({Str(name), Str(value)});
  pw_response wire{};
  wire.struct_size = sizeof(pw_response);
  wire.status = response.status;
  wire.url = Str(response.url);
  wire.headers = headers.empty() ? nullptr : headers.data();
  wire.header_count = headers.size();
  wire.body = Str(response.body);
  wire.tag = Str(response.tag);
  return plugin_->parse(state_, host.host(), &view.v, Str(account.cursor), &wire);
}

PollRun OAuthPlugin::Drive(OAuthHost& host, const OAuthAccount& account, const Responder& responder,
                           size_t first, int max_requests) const {
  PollRun run;
  std::deque<RecordedRequest> pending(host.requests.begin() + static_cast<long>(first),
                                      host.requests.end());
  while (!pending.empty() && static_cast<int>(run.requests.size()) < max_requests) {
    RecordedRequest request = pending.front();
    pending.pop_front();
    run.requests.push_back(request);
    TestResponse response = responder(request);
    response.tag = request.tag;
    if (response.url.empty()) response.url = request.url;
    size_t seen = host.requests.size();
    run.final_status = Parse(host, account, response);
    if (run.final_status < 0 || run.final_status == PW_DONE) return run;
    pending.insert(pending.end(), host.requests.begin() + static_cast<long>(seen),
                   host.requests.end());
  }
  return run;
}

PollRun OAuthPlugin::RunPoll(OAuthHost& host, const OAuthAccount& account,
                             const Responder& responder, int max_requests) const {
  size_t first = host.requests.size();
  pw_status planned = Plan(host, account);
  if (planned < 0) {
    PollRun run;
    run.final_status = planned;
    return run;
  }
  return Drive(host, account, responder, first, max_requests);
}

}  // namespace postwatch::testing
