// libFuzzer target for the bluesky plugin's parse(): every input is parsed as a handle
// resolution, a first and a later feed page (with a stored cursor), and an XRPC error.
// Seed corpus: tests/plugins/bluesky/fixtures.
#include <cstddef>
#include <cstdint>

#include "bluesky/bluesky_plugin.h"
#include "support/plugin_fuzz_host.h"

using postwatch::fuzz::InitPlugin;
using postwatch::fuzz::Input;
using postwatch::fuzz::MakeAccount;
using postwatch::fuzz::ParseAsEachStep;
using postwatch::fuzz::ParseTarget;
using postwatch::fuzz::Str;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pw_plugin* plugin = postwatch::bluesky::BlueskyPlugin();
  static const pw_header headers[] = {{Str("RateLimit-Limit"), Str("3000")},
                                      {Str("RateLimit-Reset"), Str("1714550700")},
                                      {Str("RateLimit-Remaining"), Str("12")}};
  static const ParseTarget target{
      plugin, InitPlugin(plugin, "{}"),
      "https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3Ax", headers,
      3};
  const pw_account account = MakeAccount("alice.bsky.social", "did:plc:alice7xkq3mwn2ozxz4e6lrvb");
  ParseAsEachStep(target, account, Input(data, size),
                  {{"resolve"},
                   {"feed"},
                   {"feed:2", 200, "1714543200000 at://did:plc:x/app.bsky.feed.post/3k"},
                   {"feed", 400}});
  return 0;
}
