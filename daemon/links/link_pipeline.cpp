#include "links/link_pipeline.h"

#include "links/link_chain.h"
#include "links/linkifier.h"
#include "links/registrable_domain.h"
#include "links/url_unwrapper.h"

namespace postwatch {

LinkPipeline::LinkPipeline(LinkPipelineOptions options, std::shared_ptr<const FlagMatcher> matcher,
                           std::shared_ptr<const ShortenerResolver> resolver)
    : options_(std::move(options)), matcher_(std::move(matcher)), resolver_(std::move(resolver)) {
  for (const std::string& domain : DefaultShortenerDomains()) shortener_domains_.insert(domain);
  for (const std::string& domain : options_.extra_shortener_domains) {
    shortener_domains_.insert(domain);
  }
}

bool LinkPipeline::IsShortenerHost(std::string_view host) const {
  while (!host.empty()) {
    if (shortener_domains_.count(std::string(host)) != 0) return true;
    const size_t dot = host.find('.');
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  return false;
}

LinkReport LinkPipeline::ProcessOne(std::string_view raw) const {
  LinkReport report;
  report.link.raw = std::string(raw);
  auto chain = UnwrapUrl(raw, options_.normalize, options_.max_unwrap_depth);
  if (!chain.ok()) {
    report.status = chain.status();
    return report;
  }
  report.chain = std::move(chain).value();

  auto view = SplitNormalizedUrl(report.chain.back());
  report.on_shortener = view.has_value() && IsShortenerHost(view->host);
  if (report.on_shortener && resolver_ != nullptr) {
    const std::string short_url = report.chain.back();
    if (auto hops = resolver_->Cached(short_url)) {
      AppendExpansionHops(*hops, options_.normalize, options_.max_unwrap_depth, report.chain);
    } else {
      report.expansion_pending = true;
      resolver_->RequestExpansion(short_url);
    }
  } else if (report.on_shortener) {
    report.expansion_pending = true;
  }

  report.link.normalized = report.chain.back();
  view = SplitNormalizedUrl(report.link.normalized);
  if (view) {
    report.link.host = std::string(view->host);
    report.registrable_domain = RegistrableDomain(view->host);
  }
  if (matcher_ != nullptr) MatchChain(*matcher_, report.chain, report.link.hits);
  return report;
}

std::vector<LinkReport> LinkPipeline::ProcessDetailed(const std::vector<std::string>& raw_links,
                                                      std::string_view shared_url,
                                                      std::string_view text) const {
  std::vector<LinkReport> reports;
  std::unordered_set<std::string> seen_normalized;
  std::unordered_set<std::string> seen_raw;
  auto process = [&](std::string_view raw) {
    if (!seen_raw.insert(std::string(raw)).second) return;
    LinkReport report = ProcessOne(raw);
    if (!report.link.normalized.empty() && !seen_normalized.insert(report.link.normalized).second) {
      return;
    }
    reports.push_back(std::move(report));
  };
  for (const std::string& raw : raw_links) process(raw);
  if (!shared_url.empty()) process(shared_url);
  if (!text.empty()) {
    for (const FoundLink& found : FindLinks(text)) process(found.Url());
  }
  return reports;
}

std::vector<PostLink> LinkPipeline::Process(const std::vector<std::string>& raw_links,
                                            std::string_view shared_url,
                                            std::string_view text) const {
  std::vector<PostLink> links;
  for (LinkReport& report : ProcessDetailed(raw_links, shared_url, text)) {
    links.push_back(std::move(report.link));
  }
  return links;
}

std::vector<PostLink> LinkPipeline::ProcessPost(const Post& post) const {
  return Process(post.links, post.shared_url, post.text);
}

}  // namespace postwatch
