#include "links/link_pipeline.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace postwatch {
namespace {

std::shared_ptr<const FlagMatcher> DemoMatcher() {
  std::vector<std::shared_ptr<const FlagList>> lists;
  lists.push_back(std::make_shared<const FlagList>(
      FlagList::Parse("demo", "demo.txt", "flagged-one.example\nflagged-two.example\n", 0)));
  lists.push_back(std::make_shared<const FlagList>(
      FlagList::Parse("news", "news.csv", "https://news.example/op/,prefix,op\n", 0)));
  return FlagMatcher::Build(FlagLists::FromLists(std::move(lists)));
}

// Answers from a fixed table and records what it was asked to expand.
class FakeResolver : public ShortenerResolver {
 public:
  explicit FakeResolver(std::map<std::string, std::vector<std::string>> known)
      : known_(std::move(known)) {}
  std::optional<std::vector<std::string>> Cached(std::string_view url) const override {
    const auto it = known_.find(std::string(url));
    if (it == known_.end()) return std::nullopt;
    return it->second;
  }
  void RequestExpansion(std::string_view url) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    requested_.insert(std::string(url));
  }
  std::set<std::string> requested() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requested_;
  }

 private:
  std::map<std::string, std::vector<std::string>> known_;
  mutable std::mutex mutex_;
  mutable std::set<std::string> requested_;
};

TEST(LinkPipelineTest, WrappedLinkToAFlaggedDomainIsFlaggedWithItsEvidence) {
  const LinkPipeline pipeline({}, DemoMatcher());
  const auto links = pipeline.Process(
      {"https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.flagged-one.example%2Fstory%3Futm_"
       "source%3Dfb&h=x"},
      "");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].normalized, "https://www.flagged-one.example/story");
  EXPECT_EQ(links[0].host, "www.flagged-one.example");
  ASSERT_EQ(links[0].hits.size(), 1u);
  EXPECT_EQ(links[0].hits[0].list, "demo");
  EXPECT_EQ(links[0].hits[0].rule, "flagged-one.example");
  EXPECT_EQ(links[0].hits[0].matched_url, "https://www.flagged-one.example/story");
}

TEST(LinkPipelineTest, LinksAreDeduplicatedByNormalizedUrlPerPost) {
  const LinkPipeline pipeline({}, DemoMatcher());
  const auto links = pipeline.Process(
      {"https://flagged-two.example/a?utm_source=x", "HTTPS://FLAGGED-TWO.EXAMPLE/a#frag",
       "https://www.google.com/url?q=https://flagged-two.example/a", "https://ok.example/"},
      "https://flagged-two.example:443/a");
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].raw, "https://flagged-two.example/a?utm_source=x");
  EXPECT_EQ(links[0].normalized, "https://flagged-two.example/a");
  EXPECT_EQ(links[0].hits.size(), 1u);
  EXPECT_EQ(links[1].normalized, "https://ok.example/");
  EXPECT_TRUE(links[1].hits.empty());
}

TEST(LinkPipelineTest, SharedUrlCountsAsALink) {
  const LinkPipeline pipeline({}, DemoMatcher());
  const auto links = pipeline.Process({}, "https://news.example/op/1");
  ASSERT_EQ(links.size(), 1u);
  ASSERT_EQ(links[0].hits.size(), 1u);
  EXPECT_EQ(links[0].hits[0].list, "news");
}

TEST(LinkPipelineTest, BadLinksAreKeptUnmatchedAndDoNotStopTheOthers) {
  const LinkPipeline pipeline({}, DemoMatcher());
  const std::string too_long = "https://flagged-one.example/" + std::string(5000, 'x');
  const auto reports = pipeline.ProcessDetailed(
      {"javascript:alert(1)", too_long, "http://[::1", "flagged-one.example/x"}, "");
  ASSERT_EQ(reports.size(), 4u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(reports[i].link.normalized.empty()) << i;
    EXPECT_TRUE(reports[i].link.hits.empty()) << i;
    EXPECT_FALSE(reports[i].status.ok()) << i;
  }
  EXPECT_EQ(reports[1].link.raw, too_long);
  EXPECT_EQ(reports[3].link.normalized, "http://flagged-one.example/x");
  EXPECT_EQ(reports[3].link.hits.size(), 1u);
}

TEST(LinkPipelineTest, ReportsTheUnwrapChainAndRegistrableDomain) {
  const LinkPipeline pipeline({}, DemoMatcher());
  const LinkReport report = pipeline.ProcessOne("https://href.li/?https://news.bbc.co.uk/story");
  ASSERT_TRUE(report.status.ok());
  EXPECT_EQ(report.chain, (std::vector<std::string>{"https://href.li/?https://news.bbc.co.uk/story",
                                                    "https://news.bbc.co.uk/story"}));
  EXPECT_EQ(report.registrable_domain, "bbc.co.uk");
}

TEST(LinkPipelineTest, ShortLinksWaitForExpansionAndAreMatchedOnEveryHop) {
  auto resolver = std::make_shared<FakeResolver>(std::map<std::string, std::vector<std::string>>{
      {"https://bit.ly/known",
       {"https://l.facebook.com/l.php?u=https%3A%2F%2Fflagged-two.example%2Fp"}}});
  const LinkPipeline pipeline({}, DemoMatcher(), resolver);

  const LinkReport known = pipeline.ProcessOne("https://bit.ly/known");
  EXPECT_TRUE(known.on_shortener);
  EXPECT_FALSE(known.expansion_pending);
  EXPECT_EQ(known.link.normalized, "https://flagged-two.example/p");
  ASSERT_EQ(known.link.hits.size(), 1u);
  EXPECT_EQ(known.link.hits[0].rule, "flagged-two.example");

  const LinkReport unknown = pipeline.ProcessOne("bit.ly/other");
  EXPECT_TRUE(unknown.on_shortener);
  EXPECT_TRUE(unknown.expansion_pending);
  EXPECT_EQ(unknown.link.normalized, "http://bit.ly/other");
  EXPECT_EQ(resolver->requested(), std::set<std::string>{"http://bit.ly/other"});
}

TEST(LinkPipelineTest, ExtraShortenerDomainsIncludeSubdomains) {
  LinkPipelineOptions options;
  options.extra_shortener_domains = {"short.example"};
  const LinkPipeline pipeline(options, nullptr);
  EXPECT_TRUE(pipeline.IsShortenerHost("go.short.example"));
  EXPECT_TRUE(pipeline.IsShortenerHost("t.co"));
  EXPECT_FALSE(pipeline.IsShortenerHost("notshort.example"));
  EXPECT_TRUE(pipeline.ProcessOne("https://t.co/abc").on_shortener);
}

TEST(LinkPipelineTest, LinksWrittenInThePostTextAreFoundToo) {
  const LinkPipeline pipeline({}, DemoMatcher());
  Post post;
  post.text = "Read this: www.flagged-one.example/story (and news.example/op/1).";
  const auto links = pipeline.ProcessPost(post);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].raw, "http://www.flagged-one.example/story");
  EXPECT_EQ(links[0].normalized, "http://www.flagged-one.example/story");
  ASSERT_EQ(links[0].hits.size(), 1u);
  EXPECT_EQ(links[0].hits[0].list, "demo");
  EXPECT_EQ(links[1].normalized, "http://news.example/op/1");
  ASSERT_EQ(links[1].hits.size(), 1u);
  EXPECT_EQ(links[1].hits[0].list, "news");
}

TEST(LinkPipelineTest, ALinkBothReportedAndInTheTextIsStoredOnceWithTheReportedSpelling) {
  const LinkPipeline pipeline({}, DemoMatcher());
  Post post;
  post.links = {"https://flagged-one.example/story?utm_source=feed"};
  post.shared_url = "https://flagged-one.example/story";
  post.text = "https://flagged-one.example/story and again flagged-one.example/story?fbclid=1";
  const auto links = pipeline.ProcessPost(post);
  // The scheme-less spelling in the text is http://, a different URL from the https one.
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].raw, "https://flagged-one.example/story?utm_source=feed");
  EXPECT_EQ(links[0].normalized, "https://flagged-one.example/story");
  EXPECT_EQ(links[1].normalized, "http://flagged-one.example/story");
}

TEST(LinkPipelineTest, TextWithoutLinksAddsNothing) {
  const LinkPipeline pipeline({}, DemoMatcher());
  EXPECT_TRUE(pipeline.Process({}, "", "no links here, just words. e.g. this").empty());
}

}  // namespace
}  // namespace postwatch
