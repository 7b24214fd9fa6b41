// What a member registered for a YouTube account, read into a channel reference.
#pragma once

#include <string>
#include <string_view>

namespace postwatch::youtube {

// True for a channel id: "UC" followed by 22 characters of [A-Za-z0-9_-].
bool IsChannelId(std::string_view text);

enum class ChannelRefKind {
  kChannelId,  // value "UC…": can be polled without resolving
  kHandle,     // value "@name"
  kCustomUrl,  // value "name" of youtube.com/c/name (or the legacy youtube.com/name)
  kUser,       // value "name" of youtube.com/user/name
};

struct ChannelRef {
  ChannelRefKind kind = ChannelRefKind::kChannelId;
  std::string value;
};

struct ChannelRefParse {
  ChannelRef ref;
  std::string error;  // "" on success
};

// Reads what was registered: a bare channel id, "@handle", a bare name (taken as a handle),
// or a URL on youtube.com (any subdomain, scheme optional) of the forms /@handle[/…],
// /channel/UC…[/…], /c/name, /user/name, /name and /feeds/videos.xml?channel_id=UC… or
// ?user=name. When `base_url` is set, URLs under it are read the same way after base_url
// (so the simulator's http://127.0.0.1:P/youtube/@acct-3 is the handle @acct-3). Errors name
// what was wrong: another host, a video URL, an unrecognised path. Thread-safe.
ChannelRefParse ParseChannelRef(std::string_view registered, std::string_view base_url);

// The public channel page on https://www.youtube.com for `ref` (before base_url rewriting).
std::string ChannelPageUrl(const ChannelRef& ref);

// The channel's Atom feed on https://www.youtube.com (before base_url rewriting).
std::string FeedUrl(std::string_view channel_id);

// The channel id in a channel URL's path (/channel/UC…) or in a feed URL's channel_id
// query parameter; "" when `url` has neither.
std::string ChannelIdInUrl(std::string_view url);

}  // namespace postwatch::youtube
