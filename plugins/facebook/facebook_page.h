// Which Facebook Page an account is: what a member typed, parsed into a Page id or username.
#pragma once

#include <string>
#include <string_view>

#include "postwatch/plugin_api.h"

namespace postwatch::facebook {

// A Page named by its numeric id or by its username (exactly one is set).
struct PageRef {
  std::string id;        // "104512345678901": digits only
  std::string username;  // "examplepage": letters, digits and '.'

  // The id when known, else the username: what goes into a Graph API path.
  const std::string& node() const { return id.empty() ? username : id; }
};

struct PageRefParse {
  PageRef ref;
  pw_status code = PW_OK;  // PW_OK or PW_E_CONFIG
  std::string error;       // why, when code is PW_E_CONFIG
};

// Parses what a member registered:
//   "104512345678901"                                 a Page id
//   "examplepage", "@examplepage"                     a Page username
//   "https://www.facebook.com/examplepage"            (also m., web., mbasic. and fb.com;
//   "facebook.com/examplepage/posts/123"               the scheme may be left out, trailing
//   "https://www.facebook.com/104512345678901"         path, query and fragment are ignored)
//   "https://www.facebook.com/pages/Example/104512345678901"
//   "https://www.facebook.com/Example-Page-104512345678901" and "/p/Example-104512345678901"
//   "https://www.facebook.com/pg/examplepage/posts"
// Personal profiles ("profile.php?id=", "/people/…") are refused with PW_E_CONFIG "personal
// profiles have no public read interface"; groups, events, single posts and other site paths
// with PW_E_CONFIG too. Thread-safe.
PageRefParse ParsePageRef(std::string_view registered);

// True for a Graph node id of a Page: 1..25 ASCII digits.
bool IsPageId(std::string_view text);

// True for a post id as the Graph API writes it: "<page id>_<post id>" or digits.
bool IsPostId(std::string_view text);

}  // namespace postwatch::facebook
