#include "registry/unsupported_platforms.h"

#include <array>
#include <utility>

namespace postwatch {

std::optional<std::string> UnsupportedPlatformReason(std::string_view platform) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kUnsupported = {{
      {"viber", "Viber channels have no public read interface"},
      {"facebook_profile",
       "personal Facebook profiles have no public read interface; register a Facebook Page "
       "(platform 'facebook') instead"},
      {"facebook_personal",
       "personal Facebook profiles have no public read interface; register a Facebook Page "
       "(platform 'facebook') instead"},
      {"zalo_personal",
       "personal Zalo timelines have no public read interface; register a Zalo Official "
       "Account (platform 'zalo') instead"},
      {"zalo_profile",
       "personal Zalo timelines have no public read interface; register a Zalo Official "
       "Account (platform 'zalo') instead"},
  }};
  for (const auto& [name, reason] : kUnsupported) {
    if (platform == name) {
      return "platform '" + std::string(platform) + "' cannot be polled: " + std::string(reason);
    }
  }
  return std::nullopt;
}

}  // namespace postwatch
