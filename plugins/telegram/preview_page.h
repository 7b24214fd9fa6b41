// Reading a Telegram channel's public web preview (t.me/s/<channel>) with libxml2's HTML
// parser.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postwatch::telegram {

// One div.tgme_widget_message[data-post] of the page.
struct PreviewMessage {
  int64_t id = 0;            // the number after the "/" of data-post="channel/123"
  std::string url;           // a.tgme_widget_message_date[href], else https://t.me/<post>
  int64_t published_at = 0;  // time[datetime] inside .tgme_widget_message_date; 0 unknown
  std::string text;          // the plain text of .tgme_widget_message_text
  // <a href> targets inside .tgme_widget_message_text, then URLs written as text there, then
  // a.tgme_widget_message_link_preview[href]; resolved against the page URL, http(s) only,
  // de-duplicated. Never hashtag or cashtag searches (href "?q=…") or the message's own link.
  std::vector<std::string> links;
  std::string forwarded_from;  // href of .tgme_widget_message_forwarded_from_name; "" when
                               // the message is not a forward or the origin has no link
  bool service = false;        // a service message (pinned, photo changed): no content
};

struct PreviewPage {
  bool has_history = false;  // section.tgme_channel_history: the channel's preview
  bool has_landing = false;  // div.tgme_page: t.me's page for a user, group or hidden channel
  std::vector<PreviewMessage> messages;  // readable messages in page order (oldest first)
  size_t unreadable = 0;                 // message elements without a usable data-post
  int64_t more_before = 0;               // data-before of the "older messages" link; 0 when absent
};

// Parses a page body; `page_url` (the URL that answered) resolves relative links. Accepts any
// bytes (HTML_PARSE_RECOVER | NOERROR | NOWARNING | NONET) and walks the tree without
// recursion. Thread-safe once xmlInitParser() has run.
PreviewPage ReadPreviewPage(std::string_view html, std::string_view page_url);

}  // namespace postwatch::telegram
