#include "owner_host.h"

#include <deque>

namespace postwatch::testing {
namespace {

pw_str Str(std::string_view text) { return pw_str{text.data(), text.size()}; }

std::string Copy(pw_str text) {
  return text.ptr == nullptr ? std::string() : std::string(text.ptr, text.len);
}

// Every callback's ctx is the RecordingHost base; ours cast it back down.
OwnerHost* Self(void* ctx) { return static_cast<OwnerHost*>(static_cast<RecordingHost*>(ctx)); }

struct AccountView {
  explicit AccountView(const OwnerAccount& account) : v{} {
    v.struct_size = sizeof(pw_account);
    v.id = Str(account.id);
    v.registered = Str(account.registered);
    v.ref_json = Str(account.ref_json);
    v.credential = Str(account.credential);
    v.app_credential = Str(account.app_credential);
  }
  pw_account v;
};

}  // namespace

OwnerHost::OwnerHost() : owner_host_(*ProtocolHost::host()) {
  owner_host_.struct_size = sizeof(pw_host);
  owner_host_.emit_credential = [](void* ctx, const pw_credential* credential) {
    Self(ctx)->credentials.push_back(
        {Copy(credential->secret), credential->expires_at, credential->refresh_expires_at});
  };
  owner_host_.emit_authorize_url = [](void* ctx, pw_str url) {
    Self(ctx)->authorize_urls.push_back(Copy(url));
  };
}

OwnerPlugin::OwnerPlugin(const pw_plugin* plugin, std::string_view config_json) : plugin_(plugin) {
  init_status_ = plugin_->init(init_host_.host(), Str(config_json), &state_);
}

OwnerPlugin::~OwnerPlugin() {
  if (init_status_ == PW_OK) plugin_->destroy(state_);
}

pw_status OwnerPlugin::Plan(OwnerHost& host, const OwnerAccount& account) const {
  AccountView view(account);
  return plugin_->plan(state_, host.host(), &view.v, Str(account.cursor));
}

pw_status OwnerPlugin::Resolve(OwnerHost& host, const OwnerAccount& account) const {
  AccountView view(account);
  return plugin_->resolve(state_, host.host(), &view.v);
}

pw_status OwnerPlugin::Refresh(OwnerHost& host, const OwnerAccount& account) const {
  AccountView view(account);
  return plugin_->refresh_credentials(state_, host.host(), &view.v);
}

pw_status OwnerPlugin::Authorize(OwnerHost& host, const OwnerAccount& account,
                                 const GrantStep& grant) const {
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

pw_status OwnerPlugin::Parse(OwnerHost& host, const OwnerAccount& account,
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

CallRun OwnerPlugin::Run(OwnerHost& host, OwnerAccount* account,
                         const std::function<pw_status()>& start, const OwnerResponder& responder,
                         int max_requests) const {
  CallRun run;
  size_t seen = host.requests.size();
  size_t credentials_seen = host.credentials.size();
  run.final_status = start();
  if (run.final_status < 0) return run;
  std::deque<RecordedRequest> pending(host.requests.begin() + static_cast<long>(seen),
                                      host.requests.end());
  while (!pending.empty() && static_cast<int>(run.requests.size()) < max_requests) {
    RecordedRequest request = pending.front();
    pending.pop_front();
    run.requests.push_back(request);
    TestResponse response = responder(request);
    response.tag = request.tag;
    if (response.url.empty()) response.url = request.url;
    seen = host.requests.size();
    run.final_status = Parse(host, *account, response);
    if (host.account_id) account->id = *host.account_id;
    if (host.credentials.size() > credentials_seen) {
      account->credential = host.credentials.back().secret;
      credentials_seen = host.credentials.size();
    }
    if (run.final_status < 0) return run;
    if (run.final_status == PW_DONE) break;
    pending.insert(pending.end(), host.requests.begin() + static_cast<long>(seen),
                   host.requests.end());
  }
  if (run.final_status == PW_DONE && host.cursor) account->cursor = *host.cursor;
  return run;
}

}  // namespace postwatch::testing
