// The telegram plugin against postwatch-sim's Telegram service, in process: what the
// simulator serves is what the plugin reports (ids, times, every link), the plugin pages back
// to its cursor so that across two polls every served message is reported exactly once, and
// a channel without preview is reported as gone.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "platform_service.h"
#include "sim_clock.h"
#include "telegram_routes.h"
#include "telegram_test_support.h"
#include "world.h"

namespace postwatch::telegram {
namespace {

using sim::ManualClock;
using sim::PlatformContext;
using sim::ServedLog;
using sim::World;
using sim::WorldConfig;

constexpr const char* kBase = "http://127.0.0.1:18081";
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

// One GET against the service, following redirects within the simulator as curl does.
PluginResponse Fetch(const sim::PlatformService& service, std::string url, std::string tag) {
  PluginResponse response;
  response.tag = std::move(tag);
  for (int hop = 0; hop < 3; ++hop) {
    EXPECT_EQ(url.rfind(kBase, 0), 0u) << url;
    std::string target = url.substr(std::string(kBase).size());
    sim::SimRequest request;
    request.method = "GET";
    request.target = target;
    sim::SimResponse answer = service.Handle(request);
    response.status = static_cast<int>(answer.status);
    response.url = url;
    response.body = answer.body;
    if (answer.status != 302) break;
    for (const auto& [name, value] : answer.headers) {
      if (name == "Location") url = value;
    }
  }
  return response;
}

// Runs one poll the way the daemon's poller does, keeping the cursor in `account`.
PollOutcome Poll(const Plugin& plugin, const sim::PlatformService& service, Account& account) {
  PollOutcome outcome;
  PluginCallResult planned = plugin.Plan(account);
  if (planned.code < 0) return {planned.code, planned.error, {}, 0};
  std::vector<PluginRequest> pending = planned.requests;
  std::optional<std::string> cursor;
  while (!pending.empty() && outcome.requests < 16) {
    PluginRequest request = pending.front();
    pending.erase(pending.begin());
    ++outcome.requests;
    PluginCallResult r = plugin.Parse(account, Fetch(service, request.url, request.tag));
    if (r.code < 0) return {r.code, r.error, {}, outcome.requests};
    for (Post& post : r.posts) outcome.posts.push_back(std::move(post));
    if (r.cursor) cursor = r.cursor;
    if (r.code == PW_DONE) break;
    for (PluginRequest& next : r.requests) pending.push_back(std::move(next));
  }
  if (cursor) account.cursor = *cursor;
  outcome.code = PW_DONE;
  return outcome;
}

class TelegramSimTest : public ::testing::Test {
 protected:
  TelegramSimTest() : world_(SmallWorld()), served_(world_.account_count()), clock_(kStartMs) {
    context_.world = &world_;
    context_.served = &served_;
    context_.clock = clock_.AsClock();
    context_.base_url = kBase;
    context_.platforms = {"web", "telegram"};
    plugin_ = testing::LoadTelegram(R"({"base_url":"http://127.0.0.1:18081/telegram"})");
  }

  // Checks every reported post against the world; fails on a post reported twice.
  void CheckPosts(uint32_t account, const std::vector<Post>& posts, std::set<std::string>& ids) {
    std::map<std::string, uint64_t> index_of;
    for (uint64_t k = 0; k < world_.PublishedCount(account, clock_.now_ms()); ++k) {
      index_of[service_->PostId(account, k)] = k;
    }
    for (const Post& post : posts) {
      SCOPED_TRACE(post.id);
      auto it = index_of.find(post.id);
      if (it == index_of.end()) {
        ADD_FAILURE() << "unknown message id";
        continue;
      }
      const sim::Post want = world_.MakePost(account, it->second);
      EXPECT_EQ(post.published_at, want.published_ms / 1000);
      EXPECT_EQ(post.url, "https://t.me/" + sim::TelegramChannelName(account) + "/" + post.id);
      std::vector<std::string> links;
      for (const sim::PostLink& link : want.links) links.push_back(link.url);
      EXPECT_EQ(post.links, links);
      EXPECT_TRUE(ids.insert(post.id).second) << "reported twice";
    }
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

TEST_F(TelegramSimTest, PagesBackToTheCursorAndReportsEveryServedMessageOnce) {
  service_ = sim::MakeTelegramService(context_);
  ASSERT_NE(plugin_, nullptr);
  Account account = testing::AccountFor(service_->Registered(1));
  EXPECT_EQ(account.spec.registered, "http://127.0.0.1:18081/telegram/s/acct_1");

  PollOutcome first = Poll(*plugin_, *service_, account);
  ASSERT_EQ(first.code, PW_DONE) << first.error;
  EXPECT_EQ(first.requests, 1) << "the first poll reads one page";
  EXPECT_EQ(first.posts.size(), sim::kTelegramPageMessages);
  std::set<std::string> stored;
  CheckPosts(1, first.posts, stored);

  // About 45 new messages: more than two pages.
  clock_.Advance(45 * world_.IntervalMs(1));
  PollOutcome second = Poll(*plugin_, *service_, account);
  ASSERT_EQ(second.code, PW_DONE) << second.error;
  EXPECT_GE(second.requests, 3);
  CheckPosts(1, second.posts, stored);
  EXPECT_EQ(stored, ServedIds(1));
  const uint64_t count = world_.PublishedCount(1, clock_.now_ms());
  EXPECT_EQ(account.cursor, service_->PostId(1, count - 1));
  EXPECT_EQ(stored.size(), sim::kTelegramPageMessages + (count - 30));
}

TEST_F(TelegramSimTest, DisabledPreviewRedirectsAndIsGone) {
  service_ = sim::MakeTelegramService(context_, {3});
  ASSERT_NE(plugin_, nullptr);
  Account account = testing::AccountFor(service_->Registered(3));
  PollOutcome outcome = Poll(*plugin_, *service_, account);
  EXPECT_EQ(outcome.code, PW_E_GONE);
  EXPECT_NE(outcome.error.find("no public preview"), std::string::npos) << outcome.error;
  EXPECT_TRUE(served_.ServedIndexes(3).empty());
}

TEST_F(TelegramSimTest, AccountOfAnotherPlatformIsGone) {
  service_ = sim::MakeTelegramService(context_);
  ASSERT_NE(plugin_, nullptr);
  Account account = testing::AccountFor(std::string(kBase) + "/telegram/s/acct_2");
  PollOutcome outcome = Poll(*plugin_, *service_, account);
  EXPECT_EQ(outcome.code, PW_E_GONE) << outcome.error;
}

}  // namespace
}  // namespace postwatch::telegram
