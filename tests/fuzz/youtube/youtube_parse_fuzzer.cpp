// libFuzzer target for the youtube plugin's parse(): every input is parsed as a channel
// page (resolve and poll steps), a feed (200 and the 404 page), and a Data API page with a
// cursor and as an API error. Seed corpus: tests/plugins/youtube/fixtures.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "postwatch/plugin_api.h"
#include "youtube/youtube_plugin.h"

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
    for (size_t i = 0; i < request->header_count; ++i) Touch(request->headers[i].value);
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

void* InitWith(const pw_plugin* plugin, const pw_host& host, std::string_view config) {
  void* state = nullptr;
  plugin->init(&host, Str(config), &state);
  return state;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pw_plugin* plugin = postwatch::youtube::YoutubePlugin();
  static const pw_host host = MakeHost();
  static void* feed_state = InitWith(plugin, host, "{}");
  static void* api_state = InitWith(plugin, host, R"({"mode":"data_api","max_pages":3})");
  std::string_view body(reinterpret_cast<const char*>(data), size);
  pw_account account{};
  account.struct_size = sizeof(pw_account);
  account.registered = Str("@ward7notes");
  account.ref_json = Str("{}");
  account.credential = Str("fuzz-key");
  struct Step {
    void* state;
    const char* tag;
    int status;
    const char* cursor;
  };
  const Step steps[] = {{feed_state, "resolve", 200, ""},
                        {feed_state, "channel", 200, ""},
                        {feed_state, "feed", 200, "Ab3dE_fGh1k"},
                        {feed_state, "feed", 404, ""},
                        {api_state, "api:1:UUq7QmYg2Vx0KdPw9b1Lz3aA", 200, "Mn0pQr8sT4v"},
                        {api_state, "api:2:UUq7QmYg2Vx0KdPw9b1Lz3aA", 403, ""}};
  for (const Step& step : steps) {
    pw_response response{};
    response.struct_size = sizeof(pw_response);
    response.status = step.status;
    response.url =
        Str("https://www.youtube.com/feeds/videos.xml?channel_id=UCq7QmYg2Vx0KdPw9b1Lz3aA");
    response.body = Str(body);
    response.tag = Str(step.tag);
    plugin->parse(step.state, &host, &account, Str(step.cursor), &response);
  }
  return 0;
}
