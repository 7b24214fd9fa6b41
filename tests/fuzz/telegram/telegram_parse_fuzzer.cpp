// libFuzzer target for the telegram plugin's parse(): every input is parsed as the first
// preview page (no cursor, and a cursor that asks for older pages), an older page, a page
// that answered after a redirect, and a 404. Seed corpus: tests/plugins/telegram/fixtures.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "postwatch/plugin_api.h"
#include "telegram/telegram_plugin.h"

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
  static const pw_plugin* plugin = postwatch::telegram::TelegramPlugin();
  static const pw_host host = MakeHost();
  static void* state = [] {
    void* s = nullptr;
    plugin->init(&host, Str("{}"), &s);
    return s;
  }();
  std::string_view body(reinterpret_cast<const char*>(data), size);
  pw_account account{};
  account.struct_size = sizeof(pw_account);
  account.registered = Str("@ward7news");
  account.ref_json = Str("{}");
  struct Step {
    const char* tag;
    int status;
    const char* url;
    const char* cursor;
  };
  const Step steps[] = {{"page:1", 200, "https://t.me/s/ward7news", ""},
                        {"page:1", 200, "https://t.me/s/ward7news", "90"},
                        {"page:3", 200, "https://t.me/s/ward7news?before=97", "12"},
                        {"page:1", 200, "https://t.me/ward7news", "90"},
                        {"page:1", 404, "https://t.me/s/ward7news", ""}};
  for (const Step& step : steps) {
    pw_response response{};
    response.struct_size = sizeof(pw_response);
    response.status = step.status;
    response.url = Str(step.url);
    response.body = Str(body);
    response.tag = Str(step.tag);
    plugin->parse(state, &host, &account, Str(step.cursor), &response);
  }
  return 0;
}
