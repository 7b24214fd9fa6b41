// Platforms that members sometimes register but that postwatch cannot read: they have no
// public read interface, and postwatch does not log in or scrape (DESIGN.md, Principles).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace postwatch {

// Why accounts on `platform` cannot be polled, or nullopt when nothing rules it out.
std::optional<std::string> UnsupportedPlatformReason(std::string_view platform);

}  // namespace postwatch
