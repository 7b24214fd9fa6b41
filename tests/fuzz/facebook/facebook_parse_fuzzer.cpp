// libFuzzer target for the facebook plugin's parse(): every input is parsed as a lookup, a
// first and a later posts page (with a cursor and usage headers), an error answer, and each
// step of the grant. Seed corpus: tests/plugins/facebook/fixtures.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "facebook/facebook_plugin.h"
#include "postwatch/plugin_api.h"

namespace {

// Touches every byte the plugin emits, so that the sanitizers see a bad pointer or length.
size_t g_sink = 0;

void Touch(pw_str text) {
  for (size_t i = 0; i < text.len; ++i) g_sink += static_cast<unsigned char>(text.ptr[i]);
}

pw_host MakeHost() {
  pw_host host{};
  host.struct_size = sizeof(pw_host);
  host.emit_post = [](void*, const pw_post* post) {
    Touch(post->id);
    Touch(post->url);
    Touch(post->text);
    Touch(post->shared_url);
    for (size_t i = 0; i < post->link_count; ++i) Touch(post->links[i]);
  };
  host.emit_request = [](void*, const pw_request* request) {
    Touch(request->url);
    Touch(request->body);
    Touch(request->tag);
    for (size_t i = 0; i < request->header_count; ++i) Touch(request->headers[i].value);
  };
  host.emit_cursor = [](void*, pw_str cursor) { Touch(cursor); };
  host.emit_account_id = [](void*, pw_str id) { Touch(id); };
  host.emit_rate_limit = [](void*, const pw_rate_limit* hint) {
    g_sink += static_cast<size_t>(hint->remaining + hint->reset_at);
  };
  host.set_error = [](void*, pw_str message) { Touch(message); };
  host.log = [](void*, int, pw_str message) { Touch(message); };
  host.emit_credential = [](void*, const pw_credential* credential) { Touch(credential->secret); };
  host.emit_authorize_url = [](void*, pw_str url) { Touch(url); };
  return host;
}

pw_str Str(std::string_view text) { return pw_str{text.data(), text.size()}; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pw_plugin* plugin = postwatch::facebook::FacebookPlugin();
  static const pw_host host = MakeHost();
  static void* state = [] {
    void* s = nullptr;
    plugin->init(&host, Str("{}"), &s);
    return s;
  }();
  std::string_view body(reinterpret_cast<const char*>(data), size);
  pw_account account{};
  account.struct_size = sizeof(pw_account);
  account.registered = Str("https://www.facebook.com/examplepage");
  account.id = Str("104512345678901");
  account.ref_json = Str("{}");
  account.credential = Str("{\"access_token\":\"EAAGtoken\"}");
  account.app_credential = Str("{\"client_id\":\"1\",\"client_secret\":\"s\"}");
  // The body doubles as a usage header value, so that header parsing is fuzzed too.
  const pw_header headers[] = {{Str("Date"), Str("Mon, 12 Feb 2024 13:00:00 GMT")},
                               {Str("X-App-Usage"), Str(body)},
                               {Str("X-Business-Use-Case-Usage"), Str(body)}};
  struct Step {
    const char* tag;
    int status;
    const char* cursor;
  };
  const Step steps[] = {{"lookup", 200, ""},
                        {"posts", 200, ""},
                        {"posts:2", 200, "1707700000:104512345678901_7000000009"},
                        {"posts", 400, ""},
                        {"grant", 200, ""},
                        {"grant:long", 200, ""},
                        {"grant:page", 200, ""}};
  for (const Step& step : steps) {
    pw_response response{};
    response.struct_size = sizeof(pw_response);
    response.status = step.status;
    response.url = Str("https://graph.facebook.com/v19.0/104512345678901/posts?limit=25");
    response.headers = headers;
    response.header_count = 3;
    response.body = Str(body);
    response.tag = Str(step.tag);
    plugin->parse(state, &host, &account, Str(step.cursor), &response);
  }
  return 0;
}
