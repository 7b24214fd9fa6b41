// libFuzzer target for the mastodon plugin's parse(): every input is parsed as a lookup, a
// first and a later statuses page (with a cursor and a Link header), and an error answer.
// Seed corpus: tests/plugins/mastodon/fixtures.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mastodon/mastodon_plugin.h"
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
    Touch(request->tag);
  };
  host.emit_cursor = [](void*, pw_str cursor) { Touch(cursor); };
  host.emit_account_id = [](void*, pw_str id) { Touch(id); };
  host.emit_rate_limit = [](void*, const pw_rate_limit* hint) {
    g_sink += static_cast<size_t>(hint->remaining);
  };
  host.set_error = [](void*, pw_str message) { Touch(message); };
  host.log = [](void*, int, pw_str message) { Touch(message); };
  return host;
}

pw_str Str(std::string_view text) { return pw_str{text.data(), text.size()}; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pw_plugin* plugin = postwatch::mastodon::MastodonPlugin();
  static const pw_host host = MakeHost();
  static void* state = [] {
    void* s = nullptr;
    plugin->init(&host, Str("{}"), &s);
    return s;
  }();
  std::string_view body(reinterpret_cast<const char*>(data), size);
  pw_account account{};
  account.struct_size = sizeof(pw_account);
  account.registered = Str("@alice@social.example");
  account.id = Str("social.example/110000000000000001");
  account.ref_json = Str("{}");
  const pw_header headers[] = {
      {Str("Link"), Str("<https://social.example/api/v1/accounts/1/statuses?max_id=5>; "
                        "rel=\"next\"")},
      {Str("X-RateLimit-Reset"), Str("2024-03-02T10:20:00.000Z")},
      {Str("X-RateLimit-Remaining"), Str("12")}};
  struct Step {
    const char* tag;
    int status;
    const char* cursor;
  };
  const Step steps[] = {{"lookup", 200, ""},
                        {"statuses", 200, ""},
                        {"statuses:2", 200, "111000000000000899"},
                        {"lookup", 404, ""}};
  for (const Step& step : steps) {
    pw_response response{};
    response.struct_size = sizeof(pw_response);
    response.status = step.status;
    response.url = Str("https://social.example/api/v1/accounts/110000000000000001/statuses");
    response.headers = headers;
    response.header_count = 3;
    response.body = Str(body);
    response.tag = Str(step.tag);
    plugin->parse(state, &host, &account, Str(step.cursor), &response);
  }
  return 0;
}
