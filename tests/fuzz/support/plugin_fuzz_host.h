// The host side of a plugin's parse() fuzzer: a pw_host whose callbacks read every byte the
// plugin emits (so that the sanitizers see a bad pointer or length), and a driver that parses
// one input as the answer to each step of the plugin's protocol.
//
//   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
//     static const ParseTarget target{MastodonPlugin(), InitPlugin(MastodonPlugin(), "{}"),
//                                     "https://social.example/api/v1/..."};
//     pw_account account = MakeAccount("@alice@social.example", "social.example/1");
//     ParseAsEachStep(target, account, Input(data, size), {{"lookup"}, {"statuses", 200}});
//     return 0;
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "postwatch/plugin_api.h"

namespace postwatch::fuzz {

// What the callbacks read, so that the reads are not optimised away.
inline size_t g_sink = 0;

inline void Touch(pw_str text) {
  for (size_t i = 0; i < text.len; ++i) g_sink += static_cast<unsigned char>(text.ptr[i]);
}

inline pw_str Str(std::string_view text) { return pw_str{text.data(), text.size()}; }

inline std::string_view Input(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// A full ABI 1.1 host whose every callback touches what it is given.
inline const pw_host& TouchingHost() {
  static const pw_host host = [] {
    pw_host h{};
    h.struct_size = sizeof(pw_host);
    h.emit_post = [](void*, const pw_post* post) {
      Touch(post->id);
      Touch(post->url);
      Touch(post->text);
      Touch(post->shared_url);
      for (size_t i = 0; i < post->link_count; ++i) Touch(post->links[i]);
      g_sink += static_cast<size_t>(post->published_at) + post->kind;
    };
    h.emit_request = [](void*, const pw_request* request) {
      Touch(request->method);
      Touch(request->url);
      Touch(request->tag);
      Touch(request->body);
      for (size_t i = 0; i < request->header_count; ++i) {
        Touch(request->headers[i].name);
        Touch(request->headers[i].value);
      }
    };
    h.emit_cursor = [](void*, pw_str cursor) { Touch(cursor); };
    h.emit_account_id = [](void*, pw_str id) { Touch(id); };
    h.emit_rate_limit = [](void*, const pw_rate_limit* hint) {
      g_sink += static_cast<size_t>(hint->remaining + hint->limit + hint->reset_at);
    };
    h.set_error = [](void*, pw_str message) { Touch(message); };
    h.log = [](void*, int, pw_str message) { Touch(message); };
    h.emit_credential = [](void*, const pw_credential* credential) {
      Touch(credential->secret);
      g_sink += static_cast<size_t>(credential->expires_at + credential->refresh_expires_at);
    };
    h.emit_authorize_url = [](void*, pw_str url) { Touch(url); };
    return h;
  }();
  return host;
}

// The state of `plugin` after init() with `config_json` (which must be valid for it).
inline void* InitPlugin(const pw_plugin* plugin, std::string_view config_json) {
  void* state = nullptr;
  plugin->init(&TouchingHost(), Str(config_json), &state);
  return state;
}

// An account as the host passes it; the strings must outlive the account.
inline pw_account MakeAccount(std::string_view registered, std::string_view id = {},
                              std::string_view credential = {},
                              std::string_view app_credential = {}) {
  pw_account account{};
  account.struct_size = sizeof(pw_account);
  account.registered = Str(registered);
  account.id = Str(id);
  account.ref_json = Str("{}");
  account.credential = Str(credential);
  account.app_credential = Str(app_credential);
  return account;
}

// The plugin under test and what its responses look like unless a step says otherwise.
struct ParseTarget {
  const pw_plugin* plugin;
  void* state;
  const char* url;                     // the URL that answered
  const pw_header* headers = nullptr;  // response headers
  size_t header_count = 0;
};

// One answer the input is parsed as. Unset fields take the target's.
struct ParseStep {
  const char* tag;
  int status = 200;
  const char* cursor = "";
  const char* url = nullptr;
  const pw_header* headers = nullptr;
  size_t header_count = 0;
  void* state = nullptr;
};

// Calls parse() once per step with `body` as the response body.
inline void ParseAsEachStep(const ParseTarget& target, const pw_account& account,
                            std::string_view body, std::initializer_list<ParseStep> steps) {
  for (const ParseStep& step : steps) {
    pw_response response{};
    response.struct_size = sizeof(pw_response);
    response.status = step.status;
    response.url = Str(step.url != nullptr ? step.url : target.url);
    response.headers = step.headers != nullptr ? step.headers : target.headers;
    response.header_count = step.headers != nullptr ? step.header_count : target.header_count;
    response.body = Str(body);
    response.tag = Str(step.tag);
    target.plugin->parse(step.state != nullptr ? step.state : target.state, &TouchingHost(),
                         &account, Str(step.cursor), &response);
  }
}

}  // namespace postwatch::fuzz
