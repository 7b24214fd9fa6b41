// The mastodon plugin against postwatch-sim's Mastodon service, in process: every status the
// simulator serves comes out of the plugin with the world's id, time and links, and a second
// poll after new posts reads only the new ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "mastodon/mastodon_plugin.h"
#include "mastodon_routes.h"
#include "protocol_host.h"
#include "served_log.h"
#include "sim_clock.h"
#include "world.h"

namespace postwatch::mastodon {
namespace {

using testing::PollRun;
using testing::ProtocolHost;
using testing::ProtocolPlugin;
using testing::RecordedRequest;
using testing::TestAccount;
using testing::TestResponse;

constexpr const char* kBase = "http://127.0.0.1:9";

class MastodonSimTest : public ::testing::Test {
 protected:
  MastodonSimTest()
      : world_(Config()), served_(world_.account_count()), clock_(world_.config().start_time_ms) {
    sim::PlatformContext context;
    context.world = &world_;
    context.served = &served_;
    context.clock = clock_.AsClock();
    context.base_url = kBase;
    context.platforms = {"mastodon", "web"};
    service_ = sim::MakeMastodonService(context);
  }

  static sim::WorldConfig Config() {
    sim::WorldConfig config;
    config.accounts = 6;
    config.initial_posts = 45;
    config.post_interval_s = 60;
    config.start_time_ms = 1714550400000;
    return config;
  }

  testing::Responder Responder() {
    return [this](const RecordedRequest& request) {
      EXPECT_EQ(request.url.rfind(std::string(kBase) + "/mastodon/", 0), 0u) << request.url;
      std::string target = request.url.substr(std::string(kBase).size());
      sim::SimRequest sim_request;
      sim_request.method = "GET";
      sim_request.target = target;
      sim::SimResponse sim_response = service_->Handle(sim_request);
      TestResponse response;
      response.status = static_cast<int>(sim_response.status);
      response.url = request.url;
      response.headers = sim_response.headers;
      response.body = sim_response.body;
      return response;
    };
  }

  // Checks the posts against the world, newest first, indexes [first, last].
  void ExpectWorldPosts(const ProtocolHost& host, uint32_t account, uint64_t first, uint64_t last) {
    ASSERT_EQ(host.posts.size(), last - first + 1);
    for (size_t n = 0; n < host.posts.size(); ++n) {
      const uint64_t index = last - n;
      SCOPED_TRACE("post " + std::to_string(index));
      const auto& post = host.posts[n];
      EXPECT_EQ(post.id, service_->PostId(account, index));
      EXPECT_EQ(post.published_at, world_.PublishedMs(account, index) / 1000);
      std::vector<std::string> want;
      for (const sim::PostLink& link : world_.LinksOf(account, index)) want.push_back(link.url);
      EXPECT_EQ(post.links, want);
      if (sim::MastodonIsReblog(world_, account, index)) {
        EXPECT_EQ(post.kind, static_cast<uint32_t>(PW_POST_KIND_SHARE));
        EXPECT_EQ(post.shared_url, want.front());
      } else {
        EXPECT_EQ(post.kind, static_cast<uint32_t>(PW_POST_KIND_POST));
        EXPECT_EQ(post.url, std::string(kBase) + "/mastodon/@acct-" + std::to_string(account) +
                                "/" + post.id);
      }
    }
  }

  sim::World world_;
  sim::ServedLog served_;
  sim::ManualClock clock_;
  std::unique_ptr<sim::PlatformService> service_;
};

TEST_F(MastodonSimTest, FirstPollReadsEveryPageAndMatchesTheWorld) {
  ProtocolPlugin plugin(MastodonPlugin(),
                        R"({"base_url": "http://127.0.0.1:9/mastodon", "page_limit": 15})");
  ASSERT_EQ(plugin.init_status(), PW_OK);
  ProtocolHost host;
  TestAccount account;
  account.registered = service_->Registered(2);
  PollRun run = plugin.RunPoll(host, account, Responder());
  EXPECT_EQ(run.final_status, PW_DONE) << (host.errors.empty() ? "" : host.errors.front());
  // Lookup, three full pages of 15, then the empty page a full page's "next" leads to.
  ASSERT_EQ(run.requests.size(), 5u);
  EXPECT_EQ(host.account_id.value_or(""), "mastodon.sim.example/" + sim::MastodonAccountId(2));
  ExpectWorldPosts(host, 2, 0, 44);
  EXPECT_EQ(host.cursor.value_or(""), service_->PostId(2, 44));
  std::vector<uint64_t> served = served_.ServedIndexes(2);
  EXPECT_EQ(served.size(), 45u);
  EXPECT_EQ(served_.Requests(2), 1u);
  ASSERT_FALSE(host.rate_limits.empty());
  EXPECT_EQ(host.rate_limits.back().limit, 300);
}

TEST_F(MastodonSimTest, SecondPollReadsOnlyTheNewPostsAndStopsAtTheCursor) {
  ProtocolPlugin plugin(MastodonPlugin(), R"({"base_url": "http://127.0.0.1:9/mastodon"})");
  TestAccount account;
  account.registered = service_->Registered(4);
  account.id = "mastodon.sim.example/" + sim::MastodonAccountId(4);
  account.cursor = service_->PostId(4, 44);
  clock_.Advance(world_.IntervalMs(4) * 3);
  const uint64_t count = world_.PublishedCount(4, clock_.now_ms());
  ASSERT_GT(count, 45u);
  ProtocolHost host;
  PollRun run = plugin.RunPoll(host, account, Responder());
  EXPECT_EQ(run.final_status, PW_DONE);
  EXPECT_EQ(run.requests.size(), 1u);
  ExpectWorldPosts(host, 4, 45, count - 1);
  EXPECT_EQ(host.cursor.value_or(""), service_->PostId(4, count - 1));
}

TEST_F(MastodonSimTest, AccountsOfOtherPlatformsAndUnknownNamesAreGone) {
  ProtocolPlugin plugin(MastodonPlugin(), R"({"base_url": "http://127.0.0.1:9/mastodon"})");
  for (const std::string& registered : {std::string("@acct-1@mastodon.sim.example"),
                                        std::string("@acct-99@mastodon.sim.example")}) {
    ProtocolHost host;
    TestAccount account;
    account.registered = registered;
    PollRun run = plugin.RunPoll(host, account, Responder());
    EXPECT_EQ(run.final_status, PW_E_GONE) << registered;
    EXPECT_TRUE(host.posts.empty());
  }
}

}  // namespace
}  // namespace postwatch::mastodon
