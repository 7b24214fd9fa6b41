// The simulator's web sites: WordPress paging as WordPress does it, home pages that
// advertise the feed, and the served log only counting what a 200 body carried.
#include "web_sites.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "served_log.h"
#include "sim_clock.h"
#include "web_wordpress.h"
#include "world.h"

namespace postwatch::sim {
namespace {

struct PageCase {
  uint64_t published;
  int64_t page;
  int64_t per_page;
  bool empty;
  uint64_t newest;
  uint64_t oldest;
  uint64_t total_pages;
  bool past_the_end;
};

class WordPressPagingTest : public ::testing::TestWithParam<PageCase> {};

TEST_P(WordPressPagingTest, PageShowsTheRightPostsNewestFirst) {
  const PageCase& c = GetParam();
  WordPressPageRange range = WordPressPageOf(c.published, {c.page, c.per_page});
  EXPECT_EQ(range.empty, c.empty);
  EXPECT_EQ(range.total_pages, c.total_pages);
  EXPECT_EQ(range.past_the_end, c.past_the_end);
  if (!c.empty) {
    EXPECT_EQ(range.newest, c.newest);
    EXPECT_EQ(range.oldest, c.oldest);
  }
}

INSTANTIATE_TEST_SUITE_P(Pages, WordPressPagingTest,
                         ::testing::Values(PageCase{45, 1, 10, false, 44, 35, 5, false},
                                           PageCase{45, 5, 10, false, 4, 0, 5, false},
                                           PageCase{45, 6, 10, true, 0, 0, 5, true},
                                           PageCase{40, 4, 10, false, 9, 0, 4, false},
                                           PageCase{0, 1, 10, true, 0, 0, 0, false},
                                           PageCase{0, 2, 10, true, 0, 0, 0, true},
                                           PageCase{3, 1, 100, false, 2, 0, 1, false}));

TEST(WordPressQueryTest, PerPageAboveOneHundredIsRefusedAsWordPressDoes) {
  EXPECT_TRUE(ParseWordPressPageQuery("page=2&per_page=100&_fields=id,guid").ok);
  WordPressPageParse parse = ParseWordPressPageQuery("per_page=101");
  ASSERT_FALSE(parse.ok);
  EXPECT_EQ(parse.error.status, 400u);
  EXPECT_NE(parse.error.body.find("rest_invalid_param"), std::string::npos);
  EXPECT_FALSE(ParseWordPressPageQuery("page=0").ok);
  EXPECT_FALSE(ParseWordPressPageQuery("page=x").ok);
  WordPressPageRequest defaults = ParseWordPressPageQuery("").request;
  EXPECT_EQ(defaults.page, 1);
  EXPECT_EQ(defaults.per_page, 10);
}

class WebSitesTest : public ::testing::Test {
 protected:
  WebSitesTest() : world_(Config()), served_(world_.account_count()), clock_(kStart) {
    PlatformContext context;
    context.world = &world_;
    context.served = &served_;
    context.clock = clock_.AsClock();
    context.base_url = "http://127.0.0.1:9";
    context.platforms = {"website", "web"};
    service_ = MakeWebSiteService(context);
  }

  static constexpr int64_t kStart = 1'714'550'400'000;

  static WorldConfig Config() {
    WorldConfig config;
    config.accounts = 20;
    config.initial_posts = 25;
    config.start_time_ms = kStart;
    return config;
  }

  uint32_t AccountOfKind(SiteKind kind) const {
    for (uint32_t account = 0; account < world_.account_count(); account += 2) {
      if (WebSiteKindOf(world_, account) == kind) return account;
    }
    ADD_FAILURE() << "no site of that kind";
    return 0;
  }

  SimResponse Get(const std::string& target) const {
    SimRequest request;
    request.method = "GET";
    request.target = target;
    return service_->Handle(request);
  }

  static std::string Header(const SimResponse& response, std::string_view name) {
    for (const auto& [n, v] : response.headers) {
      if (n == name) return v;
    }
    return "";
  }

  World world_;
  ServedLog served_;
  ManualClock clock_;
  std::unique_ptr<PlatformService> service_;
};

TEST_F(WebSitesTest, BothKindsOfSiteExistAndTheChoiceIsStable) {
  int wordpress = 0;
  for (uint32_t account = 0; account < world_.account_count(); ++account) {
    SiteKind kind = WebSiteKindOf(world_, account);
    EXPECT_EQ(kind, WebSiteKindOf(World(Config()), account));
    wordpress += kind == SiteKind::kWordPress;
  }
  EXPECT_GT(wordpress, 3);
  EXPECT_LT(wordpress, 17);
  EXPECT_EQ(service_->name(), "web");
}

TEST_F(WebSitesTest, HomePageAdvertisesTheFeedThatIsServedUnderTheSite) {
  uint32_t account = AccountOfKind(SiteKind::kHomePage);
  std::string site = "/site/acct-" + std::to_string(account) + "/";
  SimResponse home = Get(site);
  EXPECT_EQ(home.status, 200u);
  EXPECT_NE(home.body.find("<base href=\"http://127.0.0.1:9" + site + "\">"), std::string::npos);
  EXPECT_NE(home.body.find("href=\"feed\""), std::string::npos);
  SimResponse feed = Get(site + "feed");
  EXPECT_EQ(feed.status, 200u);
  EXPECT_NE(feed.body.find("http://127.0.0.1:9" + site + "posts/24"), std::string::npos);
  EXPECT_EQ(served_.Requests(account), 1u);
  EXPECT_EQ(served_.ServedIndexes(account).size(), 20u);
  EXPECT_EQ(Get(site + "wp-json/wp/v2/posts").status, 404u);
}

TEST_F(WebSitesTest, WordPressPagesCarryTotalsAndRecordWhatTheyServed) {
  uint32_t account = AccountOfKind(SiteKind::kWordPress);
  std::string api = "/site/acct-" + std::to_string(account) + "/wp-json/";
  EXPECT_NE(Get("/site/acct-" + std::to_string(account) + "/").body.find("https://api.w.org/"),
            std::string::npos);
  SimResponse page = Get(api + "wp/v2/posts?page=3&per_page=10");
  ASSERT_EQ(page.status, 200u);
  EXPECT_EQ(Header(page, "X-WP-Total"), "25");
  EXPECT_EQ(Header(page, "X-WP-TotalPages"), "3");
  EXPECT_EQ(Header(page, "Link"), "");
  rapidjson::Document doc;
  doc.Parse(page.body.c_str());
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 5u);
  EXPECT_EQ(doc[0]["id"].GetUint64(), WordPressPostNumber(4));
  EXPECT_EQ(std::string(doc[0]["guid"]["rendered"].GetString()), service_->PostId(account, 4));
  EXPECT_EQ(served_.ServedIndexes(account), (std::vector<uint64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(served_.Requests(account), 0u);  // only page 1 counts as a poll

  SimResponse past = Get(api + "wp/v2/posts?page=4&per_page=10");
  EXPECT_EQ(past.status, 400u);
  EXPECT_NE(past.body.find("rest_post_invalid_page_number"), std::string::npos);
  EXPECT_EQ(Get(api + "wp/v2/comments").status, 404u);
  EXPECT_NE(Get(api + "wp/v2/comments").body.find("rest_no_route"), std::string::npos);
  EXPECT_EQ(Get(api).status, 200u);
  EXPECT_EQ(Get("/site/acct-" + std::to_string(account) + "/feed").status, 404u);
}

TEST_F(WebSitesTest, AccountsOfOtherPlatformsAndUnknownPathsAre404) {
  EXPECT_EQ(Get("/site/acct-1/").status, 404u);
  EXPECT_EQ(Get("/site/acct-99/").status, 404u);
  EXPECT_EQ(Get("/site/").status, 404u);
  EXPECT_EQ(Get("/site/acct-0/nothing").status, 404u);
}

}  // namespace
}  // namespace postwatch::sim
