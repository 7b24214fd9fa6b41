
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "facebook/facebook_plugin.h"
#include "support/plugin_fuzz_host.h"

using postwatch::fuzz::InitPlugin;
using postwatch::fuzz::Input;
using postwatch::fuzz::MakeAccount;
using postwatch::fuzz::ParseAsEachStep;
using postwatch::fuzz::ParseTarget;
using postwatch::fuzz::Str;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pw_plugin* plugin = postwatch::facebook::FacebookPlugin();
  static void* state = InitPlugin(plugin, "{}");
  const std::string_view body = Input(data, size);
  // The body doubles as a usage header value, so that header parsing is fuzzed too.
  const pw_header headers[] = {{Str("Date"), Str("Mon, 12 Feb 2024 13:00:00 GMT")},
                               {Str("X-App-Usage"), Str(body)},
                               {Str("X-Business-Use-Case-Usage"), Str(body)}};
  const ParseTarget target{
      plugin, state, "https://graph.facebook.com/v19.0/104512345678901/posts?limit=25", headers, 3};
  const pw_account account =
      MakeAccount("https://www.facebook.com/examplepage", "104512345678901",
                  R"({"access_token":"EAAGtoken"})", R"({"client_id":"1","client_secret":"s"})");
  ParseAsEachStep(target, account, body,
                  {{"lookup"},
                   {"posts"},
                   {"posts:2", 200, "1707700000:104512345678901_7000000009"},
                   {"posts", 400},
                   {"grant"},
                   {"grant:long"},
                   {"grant:page"}});
  return 0;
}
