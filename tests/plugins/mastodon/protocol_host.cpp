#include "protocol_host.h"

#include <deque>

namespace postwatch::testing {
namespace {

pw_str Str(std::string_view text) { return pw_str{text.data(), text.size()}; }

std::string Copy(pw_str text) {
  return text.ptr == nullptr ? std::string() : std::string(text.ptr, text.len);
}

// The base class's callbacks cast ctx to RecordingHost*; ours cast it back down.
ProtocolHost* Self(void* ctx) {
  return static_cast<ProtocolHost*>(static_cast<RecordingHost*>(ctx));
}

struct AccountView {
  explicit AccountView(const TestAccount& account) : v{} {
    v.struct_size = sizeof(pw_account);
    v.id = Str(account.id);
    v.registered = Str(account.registered);
    v.ref_json = Str(account.ref_json);
  }
  pw_account v;
};

}  // namespace

ProtocolHost::ProtocolHost() : protocol_host_(*RecordingHost::host()) {
  protocol_host_.emit_account_id = [](void* ctx, pw_str id) { Self(ctx)->account_id = Copy(id); };
  protocol_host_.emit_rate_limit = [](void* ctx, const pw_rate_limit* hint) {
    Self(ctx)->rate_limits.push_back({hint->remaining, hint->limit, hint->reset_at});
  };
}

ProtocolPlugin::ProtocolPlugin(const pw_plugin* plugin, std::string_view config_json)
    : plugin_(plugin) {
  init_status_ = plugin_->init(init_host_.host(), Str(config_json), &state_);
}

ProtocolPlugin::~ProtocolPlugin() {
  if (init_status_ == PW_OK) plugin_->destroy(state_);
}

pw_status ProtocolPlugin::Plan(ProtocolHost& host, const TestAccount& account) const {
  AccountView view(account);
  return plugin_->plan(state_, host.host(), &view.v, Str(account.cursor));
}

pw_status ProtocolPlugin::Resolve(ProtocolHost& host, const TestAccount& account) const {
  AccountView view(account);
  return plugin_->resolve(state_, host.host(), &view.v);
}

pw_status ProtocolPlugin::Parse(ProtocolHost& host, const TestAccount& account,
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

PollRun ProtocolPlugin::RunPoll(ProtocolHost& host, TestAccount account, const Responder& responder,
                                int max_requests) const {
  PollRun run;
  size_t seen = host.requests.size();
  run.final_status = Plan(host, account);
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
    run.final_status = Parse(host, account, response);
    if (host.account_id) account.id = *host.account_id;
    if (run.final_status < 0 || run.final_status == PW_DONE) return run;
    pending.insert(pending.end(), host.requests.begin() + static_cast<long>(seen),
                   host.requests.end());
  }
  return run;
}

}  // namespace postwatch::testing
