// libFuzzer target for the web plugin's parse(): every input is parsed as each step of a
// poll (a resolve answer, a feed with and without a Content-Type charset, a discovered feed,
// the first and a later WordPress page with a cursor, and an error answer).
// Seed corpus: tests/plugins/web/fixtures.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "postwatch/plugin_api.h"
#include "web/web_plugin.h"

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
  host.set_error = [](void*, pw_str message) { Touch(message); };
  host.log = [](void*, int, pw_str message) { Touch(message); };
  return host;
}

pw_str Str(std::string_view text) { return pw_str{text.data(), text.size()}; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pw_plugin* plugin = postwatch::web::WebPlugin();
  static const pw_host host = MakeHost();
  static void* state = [] {
    void* s = nullptr;
    plugin->init(&host, Str(R"({"wordpress_per_page": 3})"), &s);
    return s;
  }();
  std::string_view body(reinterpret_cast<const char*>(data), size);
  pw_account account{};
  account.struct_size = sizeof(pw_account);
  account.registered = Str("https://blog.example.org/");
  account.id = Str("https://blog.example.org/feed/");
  account.ref_json = Str("{}");
  const pw_header latin1[] = {{Str("Content-Type"), Str("text/xml; charset=ISO-8859-1")}};
  const pw_header wordpress[] = {{Str("Content-Type"), Str("application/json; charset=UTF-8")},
                                 {Str("X-WP-TotalPages"), Str("4")}};
  struct Step {
    const char* tag;
    int status;
    const char* cursor;
    const pw_header* headers;
    size_t header_count;
    const char* url;
  };
  const Step steps[] = {
      {"resolve", 200, "", nullptr, 0, "https://blog.example.org/"},
      {"feed", 200, "", nullptr, 0, "https://blog.example.org/feed/"},
      {"feed", 200, "", latin1, 1, "https://blog.example.org/feed/"},
      {"discovered", 200, "", nullptr, 0, "https://blog.example.org/atom.xml"},
      {"wp:1", 200, "", wordpress, 2, "https://blog.example.org/wp-json/wp/v2/posts?page=1"},
      {"wp:2", 200, "wp:1710000000:405", wordpress, 2,
       "https://blog.example.org/?rest_route=/wp/v2/posts&page=2"},
      {"wp:3", 400, "", wordpress, 1, "https://blog.example.org/wp-json/wp/v2/posts?page=3"},
      {"feed", 404, "", nullptr, 0, "https://blog.example.org/feed/"}};
  for (const Step& step : steps) {
    pw_response response{};
    response.struct_size = sizeof(pw_response);
    response.status = step.status;
    response.url = Str(step.url);
    response.headers = step.headers;
    response.header_count = step.header_count;
    response.body = Str(body);
    response.tag = Str(step.tag);
    plugin->parse(state, &host, &account, Str(step.cursor), &response);
  }
  return 0;
}
