#include <cstdio>

#include "ctl/commands.h"
#include "links/flag_lists.h"
#include "links/link_pipeline.h"

namespace postwatch::ctl {

// Shows an admin why a link is or is not flagged: the normalised URL, the chain of
// unwrapping and expansion, and every matching list and rule.
int LinksCheck(const Args& args) {
  std::string dir = args.Get("lists");
  if (dir.empty() || args.positional.empty()) {
    std::fprintf(stderr, "usage: postwatchctl links check --lists DIR URL...\n");
    return 2;
  }
  auto lists = FlagLists::LoadDirectory(dir);
  if (!lists.ok()) {
    std::fprintf(stderr, "%s\n", lists.status().ToString().c_str());
    return 1;
  }
  for (const ListReport& r : lists->reports()) {
    for (const auto& e : r.errors) std::fprintf(stderr, "%s\n", e.ToString().c_str());
  }
  LinkPipeline pipeline(LinkPipelineOptions{}, FlagMatcher::Build(*lists));
  bool json = args.Has("json");
  int flagged = 0;
  for (const std::string& url : args.positional) {
    LinkReport r = pipeline.ProcessOne(url);
    if (!r.link.hits.empty()) ++flagged;
    if (json) {
      std::string chain = "[";
      for (size_t i = 0; i < r.chain.size(); ++i) chain += (i ? "," : "") + JsonQuote(r.chain[i]);
      chain += "]";
      std::string hits = "[";
      for (size_t i = 0; i < r.link.hits.size(); ++i) {
        const FlagHit& h = r.link.hits[i];
        hits += std::string(i ? "," : "") + "{\"list\":" + JsonQuote(h.list) +
                ",\"rule\":" + JsonQuote(h.rule) + ",\"matched_url\":" + JsonQuote(h.matched_url) +
                "}";
      }
      hits += "]";
      std::printf("{\"input\":%s,\"normalized\":%s,\"chain\":%s,\"hits\":%s%s}\n",
                  JsonQuote(url).c_str(), JsonQuote(r.link.normalized).c_str(), chain.c_str(),
                  hits.c_str(),
                  r.status.ok() ? "" : (",\"error\":" + JsonQuote(r.status.message())).c_str());
      continue;
    }
    std::printf("%s\n", url.c_str());
    if (!r.status.ok()) {
      std::printf("  error: %s\n", r.status.message().c_str());
      continue;
    }
    std::printf("  normalized: %s\n",
                r.chain.empty() ? r.link.normalized.c_str() : r.chain[0].c_str());
    for (size_t i = 1; i < r.chain.size(); ++i) std::printf("  -> %s\n", r.chain[i].c_str());
    if (!r.registrable_domain.empty())
      std::printf("  registrable domain: %s\n", r.registrable_domain.c_str());
    if (r.expansion_pending) std::printf("  (on a shortener; expanded by the daemon)\n");
    if (r.link.hits.empty()) std::printf("  no list matches\n");
    for (const FlagHit& h : r.link.hits) {
      std::printf("  flagged: list %s, rule %s (matched %s)\n", h.list.c_str(), h.rule.c_str(),
                  h.matched_url.c_str());
    }
  }
  return 0;
}

}  // namespace postwatch::ctl
