// Reading a channel id out of a public YouTube channel page (the resolve step).
#pragma once

#include <string>
#include <string_view>

namespace postwatch::youtube {

// The "UC…" id a channel page names, looked up in this order: <link rel="canonical"
// href=".../channel/UC…">, the RSS alternate <link href=".../feeds/videos.xml?channel_id=UC…">,
// <meta itemprop="identifier"|"channelId" content="UC…">, <meta property="og:url">.
// "" when the page names none (a consent page, a changed layout). Parses with libxml2's HTML
// parser (recover, no network), so any bytes are accepted. Thread-safe once xmlInitParser()
// has run.
std::string FindChannelId(std::string_view html);

}  // namespace postwatch::youtube
