// libFuzzer target for the zalo plugin's parse(): every input is parsed as a first and a later
// listing page (with and without a cursor), a taken page, an article detail, a token refresh
// and a code exchange answer, and an HTTP error. Seed corpus: tests/plugins/zalo/fixtures.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "postwatch/plugin_api.h"
#include "zalo/zalo_plugin.h"

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
    Touch(request->tag);
    Touch(request->body);
    for (size_t i = 0; i < request->header_count; ++i) Touch(request->headers[i].value);
  };
  host.emit_cursor = [](void*, pw_str cursor) { Touch(cursor); };
  host.emit_account_id = [](void*, pw_str id) { Touch(id); };
  host.emit_rate_limit = [](void*, const pw_rate_limit* hint) {
    g_sink += static_cast<size_t>(hint->reset_at);
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
  static const pw_plugin* plugin = postwatch::zalo::ZaloPlugin();
  static const pw_host host = MakeHost();
  static void* state = [] {
    void* s = nullptr;
    plugin->init(&host, Str(R"({"page_limit": 3})"), &s);
    return s;
  }();
  std::string_view body(reinterpret_cast<const char*>(data), size);
  pw_account account{};
  account.struct_size = sizeof(pw_account);
  account.registered = Str("https://zalo.me/4368496045530239617");
  account.id = Str("4368496045530239617");
  account.ref_json = Str("{}");
  account.credential = Str(R"({"access_token":"at","refresh_token":"rt","expires_at":1})");
  account.app_credential = Str(R"({"app_id":"1","secret_key":"s"})");
  struct Step {
    const char* tag;
    int status;
    const char* cursor;
  };
  const Step steps[] = {{"slice:0", 200, ""},
                        {"slice:3", 200, "1709280000000:a2e8d7c6b5a4"},
                        {"take:0", 200, "1709193600000:a1d7c6b5a493"},
                        {"detail:1709366400000:a3f9d8c7b6a5", 200, ""},
                        {"refresh", 200, ""},
                        {"grant", 200, ""},
                        {"slice:0", 502, ""}};
  for (const Step& step : steps) {
    pw_response response{};
    response.struct_size = sizeof(pw_response);
    response.status = step.status;
    response.url = Str("https://openapi.zalo.me/v2.0/article/getslice?offset=0&limit=3");
    response.body = Str(body);
    response.tag = Str(step.tag);
    plugin->parse(state, &host, &account, Str(step.cursor), &response);
  }
  return 0;
}
