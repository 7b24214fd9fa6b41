
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "support/plugin_fuzz_host.h"
#include "web/web_plugin.h"

using postwatch::fuzz::InitPlugin;
using postwatch::fuzz::Input;
using postwatch::fuzz::MakeAccount;
using postwatch::fuzz::ParseAsEachStep;
using postwatch::fuzz::ParseTarget;
using postwatch::fuzz::Str;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pw_plugin* plugin = postwatch::web::WebPlugin();
  static const ParseTarget target{plugin, InitPlugin(plugin, R"({"wordpress_per_page": 3})"),
                                  "https://blog.example.org/feed/"};
  static const pw_header latin1[] = {{Str("Content-Type"), Str("text/xml; charset=ISO-8859-1")}};
  static const pw_header wordpress[] = {
      {Str("Content-Type"), Str("application/json; charset=UTF-8")},
      {Str("X-WP-TotalPages"), Str("4")}};
  const pw_account account =
      MakeAccount("https://blog.example.org/", "https://blog.example.org/feed/");
  ParseAsEachStep(
      target, account, Input(data, size),
      {{"resolve", 200, "", "https://blog.example.org/"},
       {"feed"},
       {"feed", 200, "", nullptr, latin1, 1},
       {"discovered", 200, "", "https://blog.example.org/atom.xml"},
       {"wp:1", 200, "", "https://blog.example.org/wp-json/wp/v2/posts?page=1", wordpress, 2},
       {"wp:2", 200, "wp:1710000000:405",
        "https://blog.example.org/?rest_route=/wp/v2/posts&page=2", wordpress, 2},
       {"wp:3", 400, "", "https://blog.example.org/wp-json/wp/v2/posts?page=3", wordpress, 1},
       {"feed", 404}});
  return 0;
}
