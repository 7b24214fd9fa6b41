// The accounts registry that points postwatchd at the simulator's accounts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "world.h"

namespace postwatch::sim {

// {"accounts":[{"member_ref":"m<i>","display_name":"Account <i>",
//   "group":"city/district-<i%5>","platform":"web","registered":"<base_url>/acct-<i>/feed"},
//   ...]} for i in [0, accounts), followed by a newline. base_url has no trailing slash.
std::string RenderRegistry(const World& world, const std::vector<std::string>& platforms,
                           std::string_view base_url);

}  // namespace postwatch::sim
