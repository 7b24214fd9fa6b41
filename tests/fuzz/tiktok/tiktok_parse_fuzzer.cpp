// libFuzzer target for the tiktok plugin's parse(): every input is parsed as a first and a
// later video list page (with a cursor), a 429 answer, a code exchange, a token refresh and a
// user info answer. Seed corpus: tests/plugins/tiktok/fixtures.
#include <cstddef>
#include <cstdint>

#include "support/plugin_fuzz_host.h"
#include "tiktok/tiktok_plugin.h"

using postwatch::fuzz::InitPlugin;
using postwatch::fuzz::Input;
using postwatch::fuzz::MakeAccount;
using postwatch::fuzz::ParseAsEachStep;
using postwatch::fuzz::ParseTarget;
using postwatch::fuzz::Str;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pw_plugin* plugin = postwatch::tiktok::TikTokPlugin();
  static const pw_header headers[] = {{Str("Date"), Str("Sat, 01 Jun 2024 12:17:00 GMT")}};
  static const ParseTarget target{plugin, InitPlugin(plugin, "{}"),
                                  "https://open.tiktokapis.com/v2/video/list/", headers, 1};
  const pw_account account = MakeAccount(
      "@river.city.news", "", R"({"access_token":"act.fuzz","refresh_token":"rft.fuzz"})",
      R"({"client_key":"ck","client_secret":"cs"})");
  ParseAsEachStep(target, account, Input(data, size),
                  {{"videos"},
                   {"videos:2", 200, "1717236400:7375487936871582984"},
                   {"videos", 429},
                   {"grant"},
                   {"refresh", 400},
                   {"resolve"}});
  return 0;
}
