// libFuzzer target for the youtube plugin's parse(): every input is parsed as a channel
// page (resolve and poll steps), a feed (200 and the 404 page), and a Data API page with a
// cursor and as an API error. Seed corpus: tests/plugins/youtube/fixtures.
#include <cstddef>
#include <cstdint>

#include "support/plugin_fuzz_host.h"
#include "youtube/youtube_plugin.h"

using postwatch::fuzz::InitPlugin;
using postwatch::fuzz::Input;
using postwatch::fuzz::MakeAccount;
using postwatch::fuzz::ParseAsEachStep;
using postwatch::fuzz::ParseTarget;
using postwatch::fuzz::Str;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pw_plugin* plugin = postwatch::youtube::YoutubePlugin();
  static void* api_state = InitPlugin(plugin, R"({"mode":"data_api","max_pages":3})");
  static const ParseTarget target{
      plugin, InitPlugin(plugin, "{}"),
      "https://www.youtube.com/feeds/videos.xml?channel_id=UCq7QmYg2Vx0KdPw9b1Lz3aA"};
  const pw_account account = MakeAccount("@ward7notes", "", "", "fuzz-key");
  ParseAsEachStep(target, account, Input(data, size),
                  {{"resolve"},
                   {"channel"},
                   {"feed", 200, "Ab3dE_fGh1k"},
                   {"feed", 404},
                   {.tag = "api:1:UUq7QmYg2Vx0KdPw9b1Lz3aA",
                    .status = 200,
                    .cursor = "Mn0pQr8sT4v",
                    .state = api_state},
                   {.tag = "api:2:UUq7QmYg2Vx0KdPw9b1Lz3aA", .status = 403, .state = api_state}});
  return 0;
}
