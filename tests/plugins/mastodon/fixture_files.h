// Reading fixture files for the mastodon and bluesky plugin tests.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace postwatch::testing {

// The "Name: value" lines of a .headers fixture file; fails the test when unreadable.
std::vector<std::pair<std::string, std::string>> ReadHeaderFile(const std::string& path);

}  // namespace postwatch::testing
