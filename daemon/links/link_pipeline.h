// LinkPipeline: turns the raw links of one post into PostLinks with their flag hits.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "links/flag_matcher.h"
#include "links/shortener_resolver.h"
#include "links/url_normalizer.h"
#include "model/post.h"

namespace postwatch {

struct LinkPipelineOptions {
  NormalizeOptions normalize;
  int max_unwrap_depth = 5;
  // Shortener domains in addition to DefaultShortenerDomains(); subdomains count too.
  std::vector<std::string> extra_shortener_domains;
};

// Everything the pipeline learnt about one link, for `postwatchctl links check` and tests.
struct LinkReport {
  PostLink link;                   // what the store keeps
  std::vector<std::string> chain;  // normalised URLs: as found, unwrapped, expanded
  std::string registrable_domain;  // of link.host ("bbc.co.uk"); empty when unusable
  bool on_shortener = false;       // the final URL of `chain` is on a shortener domain
  bool expansion_pending = false;  // on a shortener and not expanded yet
  Status status;                   // why the link is unusable, when it is
};

// Immutable after construction; Process may be called from any number of threads.
class LinkPipeline {
 public:
  // `matcher` may be null (nothing is flagged); `resolver` may be null (shortened links are
  // matched as they are). Both are shared, not copied.
  LinkPipeline(LinkPipelineOptions options, std::shared_ptr<const FlagMatcher> matcher,
               std::shared_ptr<const ShortenerResolver> resolver = nullptr);

  // Unwraps, normalises and de-duplicates (by final normalised URL) the links of one post;
  // `shared_url` (may be empty) counts as one more link, and so does every link the
  // linkifier finds in `text`, the post's plain text (FindLinks; scheme-less "example.com/x"
  // counts). Every URL of a link's chain is matched; hits are de-duplicated by (list, rule).
  // A link that cannot be normalised is kept with an empty `normalized` and no hits, and
  // never stops the others. Order: first occurrence, reported links before text links, so
  // a link both reported and written in the text keeps the reported spelling as `raw`.
  std::vector<PostLink> Process(const std::vector<std::string>& raw_links,
                                std::string_view shared_url, std::string_view text = {}) const;

  // Process(post.links, post.shared_url, post.text): what the poller stores for a post.
  std::vector<PostLink> ProcessPost(const Post& post) const;

  // Process with the details of each link.
  std::vector<LinkReport> ProcessDetailed(const std::vector<std::string>& raw_links,
                                          std::string_view shared_url,
                                          std::string_view text = {}) const;

  // One link, without de-duplication.
  LinkReport ProcessOne(std::string_view raw) const;

  // True when the canonical host is a shortener domain or a subdomain of one.
  bool IsShortenerHost(std::string_view host) const;

  const std::shared_ptr<const FlagMatcher>& matcher() const { return matcher_; }
  const LinkPipelineOptions& options() const { return options_; }

 private:
  LinkPipelineOptions options_;
  std::shared_ptr<const FlagMatcher> matcher_;
  std::shared_ptr<const ShortenerResolver> resolver_;
  std::unordered_set<std::string> shortener_domains_;
};

}  // namespace postwatch
