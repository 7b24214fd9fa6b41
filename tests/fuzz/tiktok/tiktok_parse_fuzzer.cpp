// libFuzzer target for the tiktok plugin's parse(): every input is parsed as a first and a
// later video list page (with a cursor), a 429 answer, a code exchange, a token refresh and a
// user info answer. Seed corpus: tests/plugins/tiktok/fixtures.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "postwatch/plugin_api.h"
#include "tiktok/tiktok_plugin.h"

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
    g_sink += static_cast<size_t>(hint->reset_at);
  };
  host.set_error = [](void*, pw_str message) { Touch(message); };
  host.log = [](void*, int, pw_str message) { Touch(message); };
  host.emit_credential = [](void*, const pw_credential* credential) {
    Touch(credential->secret);
    g_sink += static_cast<size_t>(credential->expires_at);
  };
  host.emit_authorize_url = [](void*, pw_str url) { Touch(url); };
  return host;
}

pw_str Str(std::string_view text) { return pw_str{text.data(), text.size()}; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pw_plugin* plugin = postwatch::tiktok::TikTokPlugin();
  static const pw_host host = MakeHost();
  static void* state = [] {
    void* s = nullptr;
    plugin->init(&host, Str("{}"), &s);
    return s;
  }();
  std::string_view body(reinterpret_cast<const char*>(data), size);
  pw_account account{};
  account.struct_size = sizeof(pw_account);
  account.registered = Str("@river.city.news");
  account.ref_json = Str("{}");
  account.credential = Str(R"({"access_token":"act.fuzz","refresh_token":"rft.fuzz"})");
  account.app_credential = Str(R"({"client_key":"ck","client_secret":"cs"})");
  const pw_header headers[] = {{Str("Date"), Str("Sat, 01 Jun 2024 12:17:00 GMT")}};
  struct Step {
    const char* tag;
    int status;
    const char* cursor;
  };
  const Step steps[] = {{"videos", 200, ""},  {"videos:2", 200, "1717236400:7375487936871582984"},
                        {"videos", 429, ""},  {"grant", 200, ""},
                        {"refresh", 400, ""}, {"resolve", 200, ""}};
  for (const Step& step : steps) {
    pw_response response{};
    response.struct_size = sizeof(pw_response);
    response.status = step.status;
    response.url = Str("https://open.tiktokapis.com/v2/video/list/");
    response.headers = headers;
    response.header_count = 1;
    response.body = Str(body);
    response.tag = Str(step.tag);
    plugin->parse(state, &host, &account, Str(step.cursor), &response);
  }
  return 0;
}
