// libFuzzer target for the telegram plugin's parse(): every input is parsed as the first
// preview page (no cursor, and a cursor that asks for older pages), an older page, a page
// that answered after a redirect, and a 404. Seed corpus: tests/plugins/telegram/fixtures.
#include <cstddef>
#include <cstdint>

#include "support/plugin_fuzz_host.h"
#include "telegram/telegram_plugin.h"

using postwatch::fuzz::InitPlugin;
using postwatch::fuzz::Input;
using postwatch::fuzz::MakeAccount;
using postwatch::fuzz::ParseAsEachStep;
using postwatch::fuzz::ParseTarget;
using postwatch::fuzz::Str;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pw_plugin* plugin = postwatch::telegram::TelegramPlugin();
  static const ParseTarget target{plugin, InitPlugin(plugin, "{}"), "https://t.me/s/ward7news"};
  const pw_account account = MakeAccount("@ward7news");
  ParseAsEachStep(target, account, Input(data, size),
                  {{"page:1"},
                   {"page:1", 200, "90"},
                   {"page:3", 200, "12", "https://t.me/s/ward7news?before=97"},
                   {"page:1", 200, "90", "https://t.me/ward7news"},
                   {"page:1", 404}});
  return 0;
}
