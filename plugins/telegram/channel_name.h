// What a member registered for a Telegram channel, read into the channel's public username.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace postwatch::telegram {

struct ChannelNameParse {
  std::string name;   // the username without "@", as registered (Telegram ignores case)
  std::string error;  // "" on success
};

// Accepts "@name", "name", "t.me/name", "https://t.me/s/name", "https://t.me/name/123" (a
// post link), on t.me, telegram.me or telegram.dog. When `base_url` is set, URLs under it are
// read the same way after base_url (postwatch-sim's http://127.0.0.1:P/telegram/s/acct_3 is
// acct_3). Refuses invite links (t.me/+…, t.me/joinchat/…) and private-channel links
// (t.me/c/…): they have no public preview. Thread-safe.
ChannelNameParse ParseChannelName(std::string_view registered, std::string_view base_url);

// https://t.me/s/<name>, with ?before=<before> when before > 0, its origin replaced by
// base_url when that is set.
std::string PreviewUrl(std::string_view name, int64_t before, std::string_view base_url);

}  // namespace postwatch::telegram
