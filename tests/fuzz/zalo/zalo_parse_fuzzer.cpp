// libFuzzer target for the zalo plugin's parse(): every input is parsed as a first and a later
// listing page (with and without a cursor), a taken page, an article detail, a token refresh
// and a code exchange answer, and an HTTP error. Seed corpus: tests/plugins/zalo/fixtures.
#include <cstddef>
#include <cstdint>

#include "support/plugin_fuzz_host.h"
#include "zalo/zalo_plugin.h"

using postwatch::fuzz::InitPlugin;
using postwatch::fuzz::Input;
using postwatch::fuzz::MakeAccount;
using postwatch::fuzz::ParseAsEachStep;
using postwatch::fuzz::ParseTarget;
using postwatch::fuzz::Str;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pw_plugin* plugin = postwatch::zalo::ZaloPlugin();
  static const ParseTarget target{plugin, InitPlugin(plugin, R"({"page_limit": 3})"),
                                  "https://openapi.zalo.me/v2.0/article/getslice?offset=0&limit=3"};
  const pw_account account =
      MakeAccount("https://zalo.me/4368496045530239617", "4368496045530239617",
                  R"({"access_token":"at","refresh_token":"rt","expires_at":1})",
                  R"({"app_id":"1","secret_key":"s"})");
  ParseAsEachStep(target, account, Input(data, size),
                  {{"slice:0"},
                   {"slice:3", 200, "1709280000000:a2e8d7c6b5a4"},
                   {"take:0", 200, "1709193600000:a1d7c6b5a493"},
                   {"detail:1709366400000:a3f9d8c7b6a5"},
                   {"refresh"},
                   {"grant"},
                   {"slice:0", 502}});
  return 0;
}
