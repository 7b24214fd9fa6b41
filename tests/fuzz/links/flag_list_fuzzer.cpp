// libFuzzer target: the flag-list parser (plain, hosts-file and CSV lines) and the matcher
// built from what it kept. Every domain entry kept must match a URL on that domain.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "links/flag_list.h"
#include "links/flag_lists.h"
#include "links/flag_matcher.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the file kind: the parser treats a .csv file differently.
  const std::string source = (data[0] & 1) != 0 ? "fuzz.csv" : "fuzz.txt";
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto list = std::make_shared<const postwatch::FlagList>(
      postwatch::FlagList::Parse("fuzz", source, text, 0));
  for (const postwatch::ListError& error : list->errors()) {
    if (error.line < 1) std::abort();  // every error names a line
  }
  std::vector<std::shared_ptr<const postwatch::FlagList>> lists = {list};
  auto matcher = postwatch::FlagMatcher::Build(postwatch::FlagLists::FromLists(std::move(lists)));
  std::vector<postwatch::FlagHit> hits;
  for (size_t i = 0; i < list->size(); ++i) {
    if (list->kind(i) != postwatch::FlagEntryKind::kDomain) continue;
    hits.clear();
    const std::string url = "https://" + std::string(list->value(i)) + "/";
    matcher->Match(url, hits);
    if (hits.empty()) {
      std::fprintf(stderr, "domain entry %s does not match %s\n",
                   std::string(list->value(i)).c_str(), url.c_str());
      std::abort();
    }
  }
  return 0;
}
