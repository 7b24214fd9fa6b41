// Runs `postwatchctl plugins replay` as a subprocess and splits its JSON-lines output, for
// the mastodon and bluesky replay tests.
#pragma once

#include <string>
#include <vector>

namespace postwatch::testing {

struct ReplayRun {
  int exit_code = -1;
  std::vector<std::string> lines;  // stdout, one JSON object per line
};

// Runs `<ctl> plugins replay <args...>` with stdout captured (stderr is passed through).
// Arguments are passed without a shell. Fails the calling test when the process cannot start.
ReplayRun RunReplay(const std::string& ctl, const std::vector<std::string>& args);

}  // namespace postwatch::testing
