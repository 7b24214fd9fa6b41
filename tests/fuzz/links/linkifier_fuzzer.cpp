// libFuzzer target: FindLinks on arbitrary text and on the text of arbitrary HTML. Links
// must lie inside the text, in order, without overlapping, and be the bytes they point at.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "links/linkifier.h"

namespace {

void Check(std::string_view text) {
  size_t previous_end = 0;
  for (const postwatch::FoundLink& link : postwatch::FindLinks(text)) {
    if (link.begin < previous_end || link.begin >= link.end || link.end > text.size() ||
        text.substr(link.begin, link.end - link.begin) != link.text) {
      std::fprintf(stderr, "bad link [%zu, %zu) \"%s\" in a text of %zu bytes\n", link.begin,
                   link.end, link.text.c_str(), text.size());
      std::abort();
    }
    previous_end = link.end;
    (void)link.Url();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Check(input);
  const std::string html_text = postwatch::HtmlToText(input);
  Check(html_text);
  return 0;
}
