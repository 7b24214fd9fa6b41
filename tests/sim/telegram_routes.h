// The Telegram platform of the simulator, under /telegram/. Point the telegram plugin at it
// with {"base_url": "http://127.0.0.1:PORT/telegram"}.
//
//   GET|HEAD /telegram/s/acct_<i>[?before=N]
//       the channel's web preview in t.me's markup: the newest 20 published messages with an
//       id below N (all when N is absent), oldest first, with the "older messages" link
//       (data-before = the page's oldest id) when older ones exist. Each message's text is
//       the title and one anchor per world link, plus a hashtag search link; messages 3k
//       with links also show a link preview of their first link.
//   GET|HEAD /telegram/acct_<i>
//       t.me's landing page of the name (div.tgme_page), as for a channel without preview
//   a preview-disabled account: /telegram/s/acct_<i> answers 302 to /telegram/acct_<i>
//   anything else, or an account of another platform: 404
//
// Message ids are 2 * index + 5: gaps, as deleted and service messages leave on Telegram.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "platform_service.h"

namespace postwatch::sim {

inline constexpr std::string_view kTelegramPrefix = "/telegram/";
// Messages per preview page, as on t.me.
inline constexpr uint64_t kTelegramPageMessages = 20;

// Thread-safe once constructed. The context's world and served log must outlive it.
// `preview_disabled` lists accounts whose preview redirects away (none by default).
std::unique_ptr<PlatformService> MakeTelegramService(const PlatformContext& context,
                                                     std::set<uint32_t> preview_disabled = {});

// The channel username of an account ("acct_3") and the message id of post `index`.
std::string TelegramChannelName(uint32_t account);
int64_t TelegramMessageId(uint64_t index);

}  // namespace postwatch::sim
