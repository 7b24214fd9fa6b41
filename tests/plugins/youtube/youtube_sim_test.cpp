// The youtube plugin against postwatch-sim's YouTube service, in process: what the simulator
// serves is what the plugin reports (ids, times, titles, every link), a handle resolves
// through the channel page, and across two polls every served video is reported.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "platform_service.h"
#include "sim_clock.h"
#include "world.h"
#include "youtube/channel_ref.h"
#include "youtube_routes.h"
#include "youtube_test_support.h"

namespace postwatch::youtube {
namespace {

using sim::ManualClock;
using sim::PlatformContext;
using sim::ServedLog;
using sim::World;
using sim::WorldConfig;

constexpr const char* kBase = "http://127.0.0.1:18080";
constexpr int64_t kStartMs = 1'700'000'000'000;

WorldConfig SmallWorld() {
  WorldConfig config;
  config.accounts = 4;
  config.initial_posts = 30;
  config.post_interval_s = 60;
  config.flag_share = 0.5;
  config.start_time_ms = kStartMs;
  return config;
}

struct PollOutcome {
  pw_status code = PW_OK;
  std::string error;
  std::vector<Post> posts;
  int requests = 0;
};

// Runs one poll the way the daemon's poller does: plan, then fetch and parse until done,
// keeping the cursor and the canonical id the plugin emits in `account`.
PollOutcome Poll(const Plugin& plugin, const sim::PlatformService& service, Account& account) {
  PollOutcome outcome;
  PluginCallResult planned = plugin.Plan(account);
  if (planned.code < 0) return {planned.code, planned.error, {}, 0};
  std::vector<PluginRequest> pending = planned.requests;
  std::optional<std::string> cursor;
  std::optional<std::string> canonical;
  while (!pending.empty() && outcome.requests < 16) {
    PluginRequest request = pending.front();
    pending.erase(pending.begin());
    ++outcome.requests;
    EXPECT_EQ(request.url.rfind(kBase, 0), 0u) << request.url;
    std::string target = request.url.substr(std::string(kBase).size());
    sim::SimRequest sim_request;
    sim_request.method = "GET";
    sim_request.target = target;
    sim::SimResponse answer = service.Handle(sim_request);
    PluginResponse response;
    response.status = static_cast<int>(answer.status);
    response.url = request.url;
    response.body = answer.body;
    response.tag = request.tag;
    Account view = account;
    if (canonical) view.canonical_id = *canonical;
    PluginCallResult r = plugin.Parse(view, response);
    if (r.code < 0) return {r.code, r.error, {}, outcome.requests};
    for (Post& post : r.posts) outcome.posts.push_back(std::move(post));
    if (r.cursor) cursor = r.cursor;
    if (r.account_id) canonical = r.account_id;
    if (r.code == PW_DONE) break;
    for (PluginRequest& next : r.requests) pending.push_back(std::move(next));
  }
  if (cursor) account.cursor = *cursor;
  if (canonical) account.canonical_id = *canonical;
  outcome.code = PW_DONE;
  return outcome;
}

class YoutubeSimTest : public ::testing::Test {
 protected:
  YoutubeSimTest() : world_(SmallWorld()), served_(world_.account_count()), clock_(kStartMs) {
    context_.world = &world_;
    context_.served = &served_;
    context_.clock = clock_.AsClock();
    context_.base_url = kBase;
    context_.platforms = {"web", "youtube"};
    service_ = sim::MakeYoutubeService(context_);
    plugin_ = testing::LoadYoutube(R"({"base_url":"http://127.0.0.1:18080/youtube"})");
  }

  // Checks every reported post against the world and returns their ids.
  std::set<std::string> CheckPosts(uint32_t account, const std::vector<Post>& posts) {
    std::map<std::string, uint64_t> index_of;
    for (uint64_t k = 0; k < world_.PublishedCount(account, clock_.now_ms()); ++k) {
      index_of[service_->PostId(account, k)] = k;
    }
    std::set<std::string> ids;
    for (const Post& post : posts) {
      SCOPED_TRACE(post.id);
      auto it = index_of.find(post.id);
      if (it == index_of.end()) {
        ADD_FAILURE() << "unknown video id";
        continue;
      }
      const sim::Post want = world_.MakePost(account, it->second);
      EXPECT_EQ(post.published_at, want.published_ms / 1000);
      EXPECT_EQ(post.text, want.title);
      EXPECT_EQ(post.kind, PostKind::kVideo);
      std::vector<std::string> links;
      for (const sim::PostLink& link : want.links) links.push_back(link.url);
      EXPECT_EQ(post.links, links);
      ids.insert(post.id);
    }
    return ids;
  }

  std::set<std::string> ServedIds(uint32_t account) const {
    std::set<std::string> ids;
    for (uint64_t k : served_.ServedIndexes(account)) ids.insert(service_->PostId(account, k));
    return ids;
  }

  World world_;
  ServedLog served_;
  ManualClock clock_;
  PlatformContext context_;
  std::unique_ptr<sim::PlatformService> service_;
  std::unique_ptr<Plugin> plugin_;
};

TEST_F(YoutubeSimTest, HandleResolvesThenEveryServedVideoIsReportedAcrossTwoPolls) {
  ASSERT_NE(plugin_, nullptr);
  Account account = testing::AccountFor(service_->Registered(1));
  EXPECT_EQ(account.spec.registered, "http://127.0.0.1:18080/youtube/@acct-1");

  PollOutcome first = Poll(*plugin_, *service_, account);
  ASSERT_EQ(first.code, PW_DONE) << first.error;
  EXPECT_EQ(first.requests, 2) << "channel page, then feed";
  EXPECT_EQ(account.canonical_id, sim::YoutubeChannelId(1));
  EXPECT_EQ(first.posts.size(), sim::kYoutubeFeedEntries);
  std::set<std::string> stored = CheckPosts(1, first.posts);

  clock_.Advance(5 * world_.IntervalMs(1));
  PollOutcome second = Poll(*plugin_, *service_, account);
  ASSERT_EQ(second.code, PW_DONE) << second.error;
  EXPECT_EQ(second.requests, 1) << "the stored channel id skips the channel page";
  std::set<std::string> more = CheckPosts(1, second.posts);
  stored.insert(more.begin(), more.end());
  EXPECT_GT(stored.size(), sim::kYoutubeFeedEntries);
  EXPECT_EQ(stored, ServedIds(1));
  EXPECT_EQ(account.cursor, service_->PostId(1, world_.PublishedCount(1, clock_.now_ms()) - 1));
}

TEST_F(YoutubeSimTest, AccountOfAnotherPlatformIsGone) {
  ASSERT_NE(plugin_, nullptr);
  Account account = testing::AccountFor(std::string(kBase) + "/youtube/@acct-0");
  PollOutcome outcome = Poll(*plugin_, *service_, account);
  EXPECT_EQ(outcome.code, PW_E_GONE) << outcome.error;
  Account by_id = testing::AccountFor(sim::YoutubeChannelId(2));
  outcome = Poll(*plugin_, *service_, by_id);
  EXPECT_EQ(outcome.code, PW_E_GONE) << outcome.error;
  EXPECT_TRUE(served_.ServedIndexes(0).empty());
}

TEST(YoutubeSimIdsTest, VideoIdsAreElevenCharactersAndUniquePerPost) {
  std::set<std::string> ids;
  for (uint32_t account : {0u, 1u, 77u}) {
    for (uint64_t index : {0ull, 1ull, 63ull, 64ull, 100000ull}) {
      std::string id = sim::YoutubeVideoId(account, index);
      EXPECT_EQ(id.size(), 11u);
      ids.insert(id);
    }
  }
  EXPECT_EQ(ids.size(), 15u);
  EXPECT_TRUE(IsChannelId(sim::YoutubeChannelId(42)));
}

}  // namespace
}  // namespace postwatch::youtube
