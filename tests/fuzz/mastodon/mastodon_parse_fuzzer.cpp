// libFuzzer target for the mastodon plugin's parse(): every input is parsed as a lookup, a
// first and a later statuses page (with a cursor and a Link header), and an error answer.
// Seed corpus: tests/plugins/mastodon/fixtures.
#include <cstddef>
#include <cstdint>

#include "mastodon/mastodon_plugin.h"
#include "support/plugin_fuzz_host.h"

using postwatch::fuzz::InitPlugin;
using postwatch::fuzz::Input;
using postwatch::fuzz::MakeAccount;
using postwatch::fuzz::ParseAsEachStep;
using postwatch::fuzz::ParseTarget;
using postwatch::fuzz::Str;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pw_plugin* plugin = postwatch::mastodon::MastodonPlugin();
  static const pw_header headers[] = {
      {Str("Link"), Str("<https://social.example/api/v1/accounts/1/statuses?max_id=5>; "
                        "rel=\"next\"")},
      {Str("X-RateLimit-Reset"), Str("2024-03-02T10:20:00.000Z")},
      {Str("X-RateLimit-Remaining"), Str("12")}};
  static const ParseTarget target{
      plugin, InitPlugin(plugin, "{}"),
      "https://social.example/api/v1/accounts/110000000000000001/statuses", headers, 3};
  const pw_account account =
      MakeAccount("@alice@social.example", "social.example/110000000000000001");
  ParseAsEachStep(
      target, account, Input(data, size),
      {{"lookup"}, {"statuses"}, {"statuses:2", 200, "111000000000000899"}, {"lookup", 404}});
  return 0;
}
