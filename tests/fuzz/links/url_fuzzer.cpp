// libFuzzer target: NormalizeUrl, UnwrapUrl and SplitNormalizedUrl on arbitrary bytes.
// Besides not crashing, a normalised URL must split, stay under the length cap, and
// normalise to itself.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "links/url_normalizer.h"
#include "links/url_unwrapper.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view input, std::string_view output) {
  std::fprintf(stderr, "%s\n  input:  %.*s\n  output: %.*s\n", what, static_cast<int>(input.size()),
               input.data(), static_cast<int>(output.size()), output.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  postwatch::NormalizeOptions options;
  options.extra_tracking_params = {"ref"};

  postwatch::Result<std::string> normalized = postwatch::NormalizeUrl(input, options);
  if (normalized.ok()) {
    if (normalized->size() > options.max_length) Fail("over the cap", input, *normalized);
    if (!postwatch::SplitNormalizedUrl(*normalized)) Fail("does not split", input, *normalized);
    postwatch::Result<std::string> again = postwatch::NormalizeUrl(*normalized, options);
    if (!again.ok() || *again != *normalized) Fail("not idempotent", input, *normalized);
  }

  postwatch::Result<std::vector<std::string>> chain = postwatch::UnwrapUrl(input, options, 5);
  if (chain.ok()) {
    if (chain->empty() || chain->size() > 6) Fail("bad chain length", input, "");
    for (const std::string& url : *chain) {
      if (!postwatch::SplitNormalizedUrl(url)) Fail("chain URL does not split", input, url);
    }
  }
  return 0;
}
