// The web plugin against postwatch-sim's "website" platform, in process: accounts registered
// by their site's address, some with a home page that advertises the feed, some WordPress
// sites read through the REST API. Over two polls with new posts in between, every post the
// simulator served is stored exactly once, and WordPress paging stops at the cursor.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "protocol_host.h"
#include "served_log.h"
#include "sim_clock.h"
#include "web/web_plugin.h"
#include "web_sites.h"
#include "world.h"

namespace postwatch::web {
namespace {

using testing::PollRun;
using testing::ProtocolHost;
using testing::ProtocolPlugin;
using testing::RecordedRequest;
using testing::TestAccount;
using testing::TestResponse;

constexpr const char* kBase = "http://127.0.0.1:9";

class WebSimTest : public ::testing::Test {
 protected:
  WebSimTest()
      : world_(Config()), served_(world_.account_count()), clock_(world_.config().start_time_ms) {
    sim::PlatformContext context;
    context.world = &world_;
    context.served = &served_;
    context.clock = clock_.AsClock();
    context.base_url = kBase;
    context.platforms = {"website", "web"};
    service_ = sim::MakeWebSiteService(context);
  }

  static sim::WorldConfig Config() {
    sim::WorldConfig config;
    config.accounts = 20;
    config.initial_posts = 45;
    config.post_interval_s = 60;
    config.start_time_ms = 1714550400000;
    return config;
  }

  // The first account of this platform with the given kind.
  std::optional<uint32_t> AccountOfKind(sim::SiteKind kind) const {
    for (uint32_t account = 0; account < world_.account_count(); account += 2) {
      if (sim::WebSiteKindOf(world_, account) == kind) return account;
    }
    return std::nullopt;
  }

  testing::Responder Responder() {
    return [this](const RecordedRequest& request) {
      EXPECT_EQ(request.url.rfind(std::string(kBase) + "/site/", 0), 0u) << request.url;
      std::string target = request.url.substr(std::string(kBase).size());
      sim::SimRequest sim_request;
      sim_request.method = "GET";
      sim_request.target = target;
      sim::SimResponse sim_response = service_->Handle(sim_request);
      TestResponse response;
      response.status = static_cast<int>(sim_response.status);
      response.url = request.url;
      response.headers = sim_response.headers;
      if (!sim_response.content_type.empty()) {
        response.headers.emplace_back("Content-Type", sim_response.content_type);
      }
      response.body = sim_response.body;
      return response;
    };
  }

  // Resolves the account the way the poller does before its first poll.
  void Resolve(const ProtocolPlugin& plugin, TestAccount& account) {
    ProtocolHost host;
    pw_status status = plugin.Resolve(host, account);
    ASSERT_GE(status, 0) << (host.errors.empty() ? "" : host.errors.front());
    for (size_t next = 0; !host.account_id && next < host.requests.size(); ++next) {
      TestResponse response = Responder()(host.requests[next]);
      response.tag = host.requests[next].tag;
      status = plugin.Parse(host, account, response);
      ASSERT_GE(status, 0) << (host.errors.empty() ? "" : host.errors.front());
    }
    ASSERT_TRUE(host.account_id.has_value());
    account.id = *host.account_id;
  }

  // Stores a poll's posts as the daemon does (the cursor, and each post id once), and checks
  // that the poll emitted no post twice and only posts of the world with their links.
  void Store(const ProtocolHost& host, uint32_t account, TestAccount& state) {
    std::set<std::string> in_poll;
    for (const auto& post : host.posts) {
      EXPECT_TRUE(in_poll.insert(post.id).second) << "emitted twice in one poll: " << post.id;
      auto index = IndexOf(account, post.id);
      ASSERT_TRUE(index.has_value()) << "not a post of the world: " << post.id;
      EXPECT_EQ(post.published_at, world_.PublishedMs(account, *index) / 1000) << post.id;
      std::vector<std::string> want;
      for (const sim::PostLink& link : world_.LinksOf(account, *index)) want.push_back(link.url);
      EXPECT_EQ(post.links, want) << post.id;
      ++stored_[post.id];
    }
    if (host.cursor) state.cursor = *host.cursor;
  }

  std::optional<uint64_t> IndexOf(uint32_t account, const std::string& id) const {
    for (uint64_t index = 0; index < 200; ++index) {
      if (service_->PostId(account, index) == id) return index;
    }
    return std::nullopt;
  }

  // The ids the simulator served for the account, as /_sim/served reports them.
  std::set<std::string> ServedIds(uint32_t account) const {
    std::set<std::string> ids;
    for (uint64_t index : served_.ServedIndexes(account)) {
      ids.insert(service_->PostId(account, index));
    }
    return ids;
  }

  std::set<std::string> StoredIds() const {
    std::set<std::string> ids;
    for (const auto& [id, polls] : stored_) ids.insert(id);
    return ids;
  }

  sim::World world_;
  sim::ServedLog served_;
  sim::ManualClock clock_;
  std::unique_ptr<sim::PlatformService> service_;
  std::map<std::string, int> stored_;  // post id -> polls that emitted it
};

TEST_F(WebSimTest, HomePageSiteIsDiscoveredAndEveryServedPostIsStoredOnce) {
  std::optional<uint32_t> account = AccountOfKind(sim::SiteKind::kHomePage);
  ASSERT_TRUE(account.has_value()) << "the world has no home-page site; change the seed";
  ProtocolPlugin plugin(WebPlugin(), "{}");
  TestAccount state;
  state.registered = service_->Registered(*account);
  ASSERT_NO_FATAL_FAILURE(Resolve(plugin, state));
  EXPECT_EQ(state.id, std::string(kBase) + "/site/acct-" + std::to_string(*account) + "/feed");

  ProtocolHost first;
  PollRun run = plugin.RunPoll(first, state, Responder());
  EXPECT_EQ(run.final_status, PW_DONE) << (first.errors.empty() ? "" : first.errors.front());
  EXPECT_EQ(run.requests.size(), 1u);
  ASSERT_NO_FATAL_FAILURE(Store(first, *account, state));
  EXPECT_EQ(first.posts.size(), world_.config().feed_items);

  clock_.Advance(world_.IntervalMs(*account) * 4);
  ProtocolHost second;
  run = plugin.RunPoll(second, state, Responder());
  EXPECT_EQ(run.final_status, PW_DONE);
  ASSERT_NO_FATAL_FAILURE(Store(second, *account, state));
  EXPECT_EQ(StoredIds(), ServedIds(*account));
  EXPECT_GT(StoredIds().size(), static_cast<size_t>(world_.config().feed_items));
  EXPECT_EQ(state.cursor,
            service_->PostId(*account, world_.PublishedCount(*account, clock_.now_ms()) - 1));
}

TEST_F(WebSimTest, WordPressSitePagesBackToTheCursorAndStoresEveryPostOnce) {
  std::optional<uint32_t> account = AccountOfKind(sim::SiteKind::kWordPress);
  ASSERT_TRUE(account.has_value()) << "the world has no WordPress site; change the seed";
  ProtocolPlugin plugin(WebPlugin(), R"({"wordpress_per_page": 10})");
  TestAccount state;
  state.registered = service_->Registered(*account);
  ASSERT_NO_FATAL_FAILURE(Resolve(plugin, state));
  EXPECT_EQ(state.id,
            std::string(kBase) + "/site/acct-" + std::to_string(*account) + "/wp-json/wp/v2/posts");

  // First poll: 45 posts in pages of 10; X-WP-TotalPages says 5.
  ProtocolHost first;
  PollRun run = plugin.RunPoll(first, state, Responder());
  EXPECT_EQ(run.final_status, PW_DONE) << (first.errors.empty() ? "" : first.errors.front());
  EXPECT_EQ(run.requests.size(), 5u);
  ASSERT_NO_FATAL_FAILURE(Store(first, *account, state));
  EXPECT_EQ(first.posts.size(), 45u);
  EXPECT_EQ(StoredIds(), ServedIds(*account));

  // A few new posts: page 1 holds them and the cursor, so one request.
  clock_.Advance(world_.IntervalMs(*account) * 3);
  uint64_t count = world_.PublishedCount(*account, clock_.now_ms());
  ASSERT_GT(count, 45u);
  ASSERT_LT(count, 55u);
  ProtocolHost second;
  run = plugin.RunPoll(second, state, Responder());
  EXPECT_EQ(run.final_status, PW_DONE);
  EXPECT_EQ(run.requests.size(), 1u);
  ASSERT_NO_FATAL_FAILURE(Store(second, *account, state));
  EXPECT_EQ(second.posts.size(), count - 45);

  // More new posts than a page: page 2 reaches the cursor, page 3 is never asked for.
  clock_.Advance(world_.IntervalMs(*account) * 14);
  uint64_t later = world_.PublishedCount(*account, clock_.now_ms());
  ASSERT_GT(later, count + 10);
  ASSERT_LT(later, count + 20);
  ProtocolHost third;
  run = plugin.RunPoll(third, state, Responder());
  EXPECT_EQ(run.final_status, PW_DONE);
  EXPECT_EQ(run.requests.size(), 2u);
  ASSERT_NO_FATAL_FAILURE(Store(third, *account, state));
  EXPECT_EQ(third.posts.size(), later - count);

  for (const auto& [id, polls] : stored_) EXPECT_EQ(polls, 1) << id << " emitted by " << polls;
  EXPECT_EQ(StoredIds(), ServedIds(*account));
  EXPECT_EQ(StoredIds().size(), later);
}

TEST_F(WebSimTest, AccountsOfOtherPlatformsAreNotServedAsSites) {
  ProtocolPlugin plugin(WebPlugin(), "{}");
  ProtocolHost host;
  TestAccount state;
  state.registered = std::string(kBase) + "/site/acct-1/";  // a "web" account
  EXPECT_EQ(plugin.Resolve(host, state), PW_OK);
  ASSERT_EQ(host.requests.size(), 1u);
  TestResponse response = Responder()(host.requests[0]);
  response.tag = host.requests[0].tag;
  EXPECT_EQ(plugin.Parse(host, state, response), PW_E_GONE);
}

}  // namespace
}  // namespace postwatch::web
