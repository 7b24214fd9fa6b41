// Differential fuzzer for the feed-HTML scanner (plugins/support/simple_html.h): wherever
// ReadSimpleHtml accepts a fragment, its links and text must be exactly what libxml2's HTML
// parser and the tree walk give (ReadHtmlContentWithParser). The first input byte picks the
// base URL and whether text is asked for; the rest is the fragment.
#include <libxml/parser.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "support/html_links.h"
#include "support/simple_html.h"

namespace {

constexpr std::string_view kBases[] = {"https://example.org/blog/post?id=1",
                                       "http://xn--caf-dma.example/dir/", "", "https://a b/c"};

[[noreturn]] void Mismatch(std::string_view what, std::string_view scanner,
                           std::string_view parser) {
  std::fprintf(stderr,
               "simple_html differs from libxml2 in %.*s:\n scanner: %.*s\n parser:  %.*s\n",
               static_cast<int>(what.size()), what.data(), static_cast<int>(scanner.size()),
               scanner.data(), static_cast<int>(parser.size()), parser.data());
  std::abort();
}

std::string Joined(const std::vector<std::string>& links) {
  std::string out;
  for (const std::string& l : links) out += l + "\n";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  xmlInitParser();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view base = kBases[data[0] % std::size(kBases)];
  const bool with_text = (data[0] & 0x10) != 0;
  const std::string_view html(reinterpret_cast<const char*>(data + 1), size - 1);
  auto scanned = postwatch::plugin::ReadSimpleHtml(html, base, with_text);
  if (!scanned) return 0;
  postwatch::plugin::HtmlContent parsed =
      postwatch::plugin::ReadHtmlContentWithParser(html, base, with_text);
  if (scanned->links != parsed.links) {
    Mismatch("links", Joined(scanned->links), Joined(parsed.links));
  }
  if (scanned->text != parsed.text) Mismatch("text", scanned->text, parsed.text);
  return 0;
}
