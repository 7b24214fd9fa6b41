// The bluesky plugin against postwatch-sim's Bluesky service, in process: every post and
// repost the simulator serves comes out of the plugin with the world's id, time and links, and
// a second poll after new posts reads only the new ones.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bluesky/bluesky_plugin.h"
#include "bluesky_routes.h"
#include "protocol_host.h"
#include "served_log.h"
#include "sim_clock.h"
#include "world.h"

namespace postwatch::bluesky {
namespace {

using testing::PollRun;
using testing::ProtocolHost;
using testing::ProtocolPlugin;
using testing::RecordedRequest;
using testing::TestAccount;
using testing::TestResponse;

constexpr const char* kBase = "http://127.0.0.1:9";

class BlueskySimTest : public ::testing::Test {
 protected:
  BlueskySimTest()
      : world_(Config()), served_(world_.account_count()), clock_(world_.config().start_time_ms) {
    sim::PlatformContext context;
    context.world = &world_;
    context.served = &served_;
    context.clock = clock_.AsClock();
    context.base_url = kBase;
    context.platforms = {"bluesky", "web"};
    service_ = sim::MakeBlueskyService(context);
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
      EXPECT_EQ(request.url.rfind(std::string(kBase) + "/xrpc/", 0), 0u) << request.url;
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
      if (sim::BlueskyIsRepost(index)) {
        EXPECT_EQ(post.kind, static_cast<uint32_t>(PW_POST_KIND_SHARE));
        EXPECT_EQ(post.shared_url, sim::BlueskySharedUrl(world_, account, index));
      } else {
        EXPECT_EQ(post.kind, static_cast<uint32_t>(PW_POST_KIND_POST));
        EXPECT_EQ(
            post.url.rfind("https://bsky.app/profile/" + sim::BlueskyHandle(account) + "/post/", 0),
            0u)
            << post.url;
      }
    }
  }

  sim::World world_;
  sim::ServedLog served_;
  sim::ManualClock clock_;
  std::unique_ptr<sim::PlatformService> service_;
};

TEST_F(BlueskySimTest, FirstPollResolvesReadsEveryPageAndMatchesTheWorld) {
  ProtocolPlugin plugin(BlueskyPlugin(), R"({"base_url": "http://127.0.0.1:9", "page_limit": 15})");
  ASSERT_EQ(plugin.init_status(), PW_OK);
  ProtocolHost host;
  TestAccount account;
  account.registered = service_->Registered(2);
  PollRun run = plugin.RunPoll(host, account, Responder());
  EXPECT_EQ(run.final_status, PW_DONE) << (host.errors.empty() ? "" : host.errors.front());
  // Resolve, then three pages of 15: the last has no cursor because nothing is older.
  ASSERT_EQ(run.requests.size(), 4u);
  EXPECT_EQ(host.account_id.value_or(""), sim::BlueskyDid(2));
  ExpectWorldPosts(host, 2, 0, 44);
  EXPECT_EQ(served_.ServedIndexes(2).size(), 45u);
  EXPECT_EQ(served_.Requests(2), 1u);
  ASSERT_FALSE(host.rate_limits.empty());
  EXPECT_EQ(host.rate_limits.back().limit, 3000);
}

TEST_F(BlueskySimTest, SecondPollReadsOnlyTheNewPostsAndStopsAtTheCursor) {
  ProtocolPlugin plugin(BlueskyPlugin(), R"({"base_url": "http://127.0.0.1:9"})");
  TestAccount account;
  account.registered = service_->Registered(4);
  ProtocolHost first;
  ASSERT_EQ(plugin.RunPoll(first, account, Responder()).final_status, PW_DONE);
  ASSERT_TRUE(first.cursor.has_value());
  account.id = first.account_id.value_or("");
  account.cursor = *first.cursor;

  clock_.Advance(world_.IntervalMs(4) * 3);
  const uint64_t count = world_.PublishedCount(4, clock_.now_ms());
  ASSERT_GT(count, 45u);
  ProtocolHost host;
  PollRun run = plugin.RunPoll(host, account, Responder());
  EXPECT_EQ(run.final_status, PW_DONE);
  EXPECT_EQ(run.requests.size(), 1u);
  ExpectWorldPosts(host, 4, 45, count - 1);
}

TEST_F(BlueskySimTest, AccountsOfOtherPlatformsAndUnknownHandlesAreGone) {
  ProtocolPlugin plugin(BlueskyPlugin(), R"({"base_url": "http://127.0.0.1:9"})");
  for (const std::string& registered :
       {std::string("acct-1.bsky-sim.example"), std::string("acct-99.bsky-sim.example"),
        std::string("did:plc:pwsimacct1")}) {
    ProtocolHost host;
    TestAccount account;
    account.registered = registered;
    PollRun run = plugin.RunPoll(host, account, Responder());
    EXPECT_EQ(run.final_status, PW_E_GONE) << registered;
    EXPECT_TRUE(host.posts.empty());
  }
}

}  // namespace
}  // namespace postwatch::bluesky
