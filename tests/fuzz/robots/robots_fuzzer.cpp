// libFuzzer target: RobotsRules::Parse on arbitrary bytes, then Allowed() on paths taken from
// the input itself. Besides not crashing: /robots.txt is always allowed, the answer for a
// path without escapes does not change when a letter is written as its percent-escape, and
// an empty body allows everything.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fetch/robots_rules.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view path) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(path.size()), path.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const postwatch::RobotsRules rules = postwatch::RobotsRules::Parse(body);
  if (!rules.Allowed("/robots.txt")) Fail("/robots.txt refused", "/robots.txt");

  // Paths from the input: every line's text after the first ':' and a few fixed ones.
  std::string_view rest = body;
  int checked = 0;
  while (!rest.empty() && checked < 64) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string path(line.substr(colon + 1));
    if (path.empty() || path[0] != '/') path.insert(path.begin(), '/');
    const bool allowed = rules.Allowed(path);
    if (path.find('%') != std::string::npos) continue;
    // "/a" and "/%61" name the same resource.
    std::string escaped;
    for (char c : path) {
      if (c == 'a') {
        escaped += "%61";
      } else {
        escaped.push_back(c);
      }
    }
    if (rules.Allowed(escaped) != allowed) Fail("escape changes the answer", path);
    ++checked;
  }
  for (const char* path : {"/", "", "/a?b=c", "/%2A", "/$"}) (void)rules.Allowed(path);
  if (postwatch::RobotsRules::Parse("").Allowed("/anything") != true) Fail("empty body", "");
  return 0;
}
