// The facebook plugin against postwatch-sim's Facebook service and OAuth authority, in
// process, with this test playing the host: the owner's grant through the dialog and the
// token endpoint, polls that store every post once and stop at the cursor, and what an
// expired, revoked or throttled grant does (Facebook has no refresh tokens: the owner
// reconnects).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "facebook/facebook_plugin.h"
#include "facebook_routes.h"
#include "form_fields.h"
#include "grant_host.h"
#include "served_log.h"
#include "sim_clock.h"
#include "token_authority.h"
#include "world.h"

namespace postwatch::facebook {
namespace {

using testing::GrantAccount;
using testing::GrantHost;
using testing::GrantPlugin;
using testing::PollRun;
using testing::RecordedRequest;
using testing::TestGrant;
using testing::TestResponse;

constexpr const char* kBase = "http://127.0.0.1:9";
constexpr const char* kConfig =
    R"({"base_url": "http://127.0.0.1:9/facebook/graph",
        "dialog_base_url": "http://127.0.0.1:9/facebook/www", "page_limit": 15})";
constexpr const char* kApp = R"({"client_id": "1234567890123456", "client_secret": "s3cret"})";
constexpr const char* kCallback = "https://postwatch.example.org/oauth/callback";

// The outbound URL of an l.facebook.com wrapper, as the daemon's unwrapper finds it.
std::string Unshim(const std::string& url) {
  const std::string prefix = "https://l.facebook.com/l.php?";
  if (url.rfind(prefix, 0) != 0) return url;
  return sim::FormValue(url.substr(prefix.size()), "u").value_or(url);
}

class FacebookSimTest : public ::testing::Test {
 protected:
  FacebookSimTest()
      : world_(Config()),
        served_(world_.account_count()),
        clock_(world_.config().start_time_ms),
        tokens_(clock_.AsClock()) {
    sim::PlatformContext context;
    context.world = &world_;
    context.served = &served_;
    context.clock = clock_.AsClock();
    context.base_url = kBase;
    context.platforms = {"facebook", "web"};
    context.tokens = &tokens_;
    service_ = sim::MakeFacebookService(context);
  }

  static sim::WorldConfig Config() {
    sim::WorldConfig config;
    config.accounts = 6;
    config.initial_posts = 45;
    config.post_interval_s = 60;
    config.start_time_ms = 1714550400000;
    return config;
  }

  sim::SimResponse Send(const std::string& method, const std::string& url,
                        const std::string& body = "", const std::string& authorization = "") {
    EXPECT_EQ(url.rfind(std::string(kBase) + "/facebook/", 0), 0u) << url;
    const std::string target = url.substr(std::string(kBase).size());
    sim::SimRequest request;
    request.method = method;
    request.target = target;
    request.body = body;
    request.authorization = authorization;
    return service_->Handle(request);
  }

  testing::Responder Responder() {
    return [this](const RecordedRequest& request) {
      std::string authorization;
      for (const auto& [name, value] : request.headers) {
        if (name == "Authorization") authorization = value;
      }
      sim::SimResponse answer = Send(request.method, request.url, request.body, authorization);
      TestResponse response;
      response.status = static_cast<int>(answer.status);
      response.url = request.url;
      response.headers = answer.headers;
      response.body = answer.body;
      return response;
    };
  }

  GrantAccount Account(uint32_t account, std::string credential) {
    GrantAccount out;
    out.registered = service_->Registered(account);
    out.credential = std::move(credential);
    out.app_credential = kApp;
    return out;
  }

  // Checks the posts against the world, newest first, indexes [first, last].
  void ExpectWorldPosts(const std::vector<testing::RecordedPost>& posts, uint32_t account,
                        uint64_t first, uint64_t last) {
    ASSERT_EQ(posts.size(), last - first + 1);
    for (size_t n = 0; n < posts.size(); ++n) {
      const uint64_t index = last - n;
      SCOPED_TRACE("post " + std::to_string(index));
      const auto& post = posts[n];
      EXPECT_EQ(post.id, service_->PostId(account, index));
      EXPECT_EQ(post.published_at, world_.PublishedMs(account, index) / 1000);
      EXPECT_EQ(post.kind, static_cast<uint32_t>(PW_POST_KIND_POST));
      std::vector<std::string> want;
      for (const sim::PostLink& link : world_.LinksOf(account, index)) want.push_back(link.url);
      std::vector<std::string> got;
      for (const std::string& link : post.links) got.push_back(Unshim(link));
      EXPECT_EQ(got, want);
    }
  }

  // The owner of `account` connects it: dialog, callback, token steps. Returns the credential.
  std::string Connect(GrantPlugin& plugin, uint32_t account) {
    tokens_.SetOwner(account);
    GrantHost start;
    TestGrant grant;
    grant.redirect_uri = kCallback;
    grant.state = "state-" + std::to_string(account);
    EXPECT_EQ(plugin.Authorize(start, Account(account, ""), grant), PW_DONE);
    sim::SimResponse dialog = Send("GET", start.authorize_url.value_or(""));
    EXPECT_EQ(dialog.status, 302u);
    std::string location;
    for (const auto& [name, value] : dialog.headers) {
      if (name == "Location") location = value;
    }
    EXPECT_EQ(location.rfind(std::string(kCallback) + "?code=", 0), 0u) << location;
    const std::string query = location.substr(location.find('?') + 1);
    const std::string fragmentless = query.substr(0, query.find('#'));
    EXPECT_EQ(sim::FormValue(fragmentless, "state").value_or(""), grant.state);
    grant.code = sim::FormValue(fragmentless, "code").value_or("");
    GrantHost host;
    PollRun run = plugin.RunGrant(host, Account(account, ""), grant, Responder());
    EXPECT_EQ(run.final_status, PW_DONE) << (host.errors.empty() ? "" : host.errors[0]);
    EXPECT_EQ(run.requests.size(), 3u);
    EXPECT_EQ(host.account_id.value_or(""), sim::FacebookPageId(account));
    if (host.credentials.size() != 1) {
      ADD_FAILURE() << "no credential emitted";
      return "";
    }
    EXPECT_EQ(host.credentials[0].expires_at, 0);
    return host.credentials[0].secret;
  }

  sim::World world_;
  sim::ServedLog served_;
  sim::ManualClock clock_;
  sim::TokenAuthority tokens_;
  std::unique_ptr<sim::PlatformService> service_;
};

TEST_F(FacebookSimTest, OwnerConnectsThroughTheDialogAndTheFirstPollReadsEveryPage) {
  GrantPlugin plugin(FacebookPlugin(), kConfig);
  ASSERT_EQ(plugin.init_status(), PW_OK);
  const std::string credential = Connect(plugin, 2);
  ASSERT_FALSE(credential.empty());
  GrantHost host;
  PollRun run = plugin.RunPoll(host, Account(2, credential), Responder());
  EXPECT_EQ(run.final_status, PW_DONE) << (host.errors.empty() ? "" : host.errors.front());
  // The username lookup, then three pages of 15; Facebook gives no next link on the last.
  ASSERT_EQ(run.requests.size(), 4u);
  EXPECT_EQ(run.requests[0].tag, "lookup");
  EXPECT_EQ(host.account_id.value_or(""), sim::FacebookPageId(2));
  ExpectWorldPosts(host.posts, 2, 0, 44);
  EXPECT_EQ(served_.ServedIndexes(2).size(), 45u);
  EXPECT_EQ(served_.Requests(2), 1u);
  for (const RecordedRequest& request : run.requests) {
    EXPECT_EQ(request.url.find("access_token"), std::string::npos) << request.url;
  }
  ASSERT_FALSE(host.rate_limits.empty());
  EXPECT_EQ(host.rate_limits.back().limit, 100);
}

TEST_F(FacebookSimTest, DialogWithNobodyLoggedInSendsTheBrowserToTheLoginPage) {
  GrantPlugin plugin(FacebookPlugin(), kConfig);
  GrantHost host;
  TestGrant grant;
  grant.redirect_uri = kCallback;
  grant.state = "s";
  ASSERT_EQ(plugin.Authorize(host, Account(0, ""), grant), PW_DONE);
  sim::SimResponse dialog = Send("GET", host.authorize_url.value_or(""));
  EXPECT_EQ(dialog.status, 302u);
  ASSERT_FALSE(dialog.headers.empty());
  EXPECT_NE(dialog.headers[0].second.find("/facebook/www/login.php"), std::string::npos);
  EXPECT_EQ(tokens_.counters().codes_issued, 0);
}

TEST_F(FacebookSimTest, SecondPollStoresOnlyTheNewPostsAndStopsAtTheCursor) {
  GrantPlugin plugin(FacebookPlugin(), kConfig);
  GrantAccount account = Account(4, tokens_.Grant("facebook", 4).access_token);
  account.id = sim::FacebookPageId(4);
  GrantHost first;
  PollRun run = plugin.RunPoll(first, account, Responder());
  ASSERT_EQ(run.final_status, PW_DONE);
  ASSERT_TRUE(first.cursor.has_value());
  clock_.Advance(world_.IntervalMs(4) * 3);
  const uint64_t count = world_.PublishedCount(4, clock_.now_ms());
  ASSERT_GT(count, 45u);
  account.cursor = *first.cursor;
  GrantHost second;
  run = plugin.RunPoll(second, account, Responder());
  EXPECT_EQ(run.final_status, PW_DONE);
  EXPECT_EQ(run.requests.size(), 1u);
  ExpectWorldPosts(second.posts, 4, 45, count - 1);
  std::set<std::string> stored;
  for (const auto* host : {&first, &second}) {
    for (const auto& post : host->posts) EXPECT_TRUE(stored.insert(post.id).second) << post.id;
  }
  EXPECT_EQ(stored.size(), count);
  ASSERT_TRUE(second.cursor.has_value());
  EXPECT_NE(second.cursor->find(service_->PostId(4, count - 1)), std::string::npos);
}

TEST_F(FacebookSimTest, ExpiredTokenIsAnAuthErrorUntilTheOwnerReconnects) {
  tokens_.SetLifetimes(60, 0);
  GrantPlugin plugin(FacebookPlugin(), kConfig);
  const std::string credential = Connect(plugin, 0);
  clock_.Advance(120000);
  GrantAccount account = Account(0, credential);
  account.id = sim::FacebookPageId(0);
  GrantHost expired;
  PollRun run = plugin.RunPoll(expired, account, Responder());
  EXPECT_EQ(run.final_status, PW_E_AUTH);
  ASSERT_EQ(expired.errors.size(), 1u);
  EXPECT_NE(expired.errors[0].find("(#190/463"), std::string::npos) << expired.errors[0];
  EXPECT_NE(expired.errors[0].find("reconnect"), std::string::npos);
  tokens_.SetLifetimes(0, 0);
  account.credential = Connect(plugin, 0);
  GrantHost again;
  EXPECT_EQ(plugin.RunPoll(again, account, Responder()).final_status, PW_DONE);
  EXPECT_FALSE(again.posts.empty());
}

TEST_F(FacebookSimTest, RevokedGrantIsAnAuthErrorNamingTheReason) {
  GrantPlugin plugin(FacebookPlugin(), kConfig);
  GrantAccount account = Account(2, Connect(plugin, 2));
  tokens_.Revoke("facebook", 2);
  GrantHost host;
  PollRun run = plugin.RunPoll(host, account, Responder());
  EXPECT_EQ(run.final_status, PW_E_AUTH);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_NE(host.errors[0].find("removed the app"), std::string::npos) << host.errors[0];
  EXPECT_EQ(host.errors[0].find(account.credential), std::string::npos);
  EXPECT_TRUE(host.posts.empty());
}

TEST_F(FacebookSimTest, ThrottledPageIsRateLimitedWithTheTimeAccessComesBack) {
  GrantPlugin plugin(FacebookPlugin(), kConfig);
  GrantAccount account = Account(4, tokens_.Grant("facebook", 4).access_token);
  account.id = sim::FacebookPageId(4);
  EXPECT_EQ(Send("POST", std::string(kBase) + "/facebook/_sim/throttle?account=4&minutes=5").status,
            204u);
  GrantHost host;
  // In process there is no router to add a Date header, so reset_at comes from the plugin's
  // fallback clock: only its presence is checked.
  PollRun run = plugin.RunPoll(host, account, Responder());
  EXPECT_EQ(run.final_status, PW_E_RATELIMITED);
  ASSERT_EQ(host.rate_limits.size(), 1u);
  EXPECT_EQ(host.rate_limits[0].remaining, 0);
  EXPECT_GT(host.rate_limits[0].reset_at, 0);
  EXPECT_NE(host.errors.at(0).find("80001"), std::string::npos);
}

TEST_F(FacebookSimTest, OtherPagesTokensAndOtherPlatformsAccountsAreRefused) {
  GrantPlugin plugin(FacebookPlugin(), kConfig);
  GrantAccount wrong = Account(2, tokens_.Grant("facebook", 4).access_token);
  wrong.id = sim::FacebookPageId(2);
  GrantHost refused;
  EXPECT_EQ(plugin.RunPoll(refused, wrong, Responder()).final_status, PW_E_AUTH);
  GrantAccount web = Account(1, tokens_.Grant("facebook", 1).access_token);
  web.id = sim::FacebookPageId(1);
  GrantHost gone;
  EXPECT_EQ(plugin.RunPoll(gone, web, Responder()).final_status, PW_E_GONE);
}

}  // namespace
}  // namespace postwatch::facebook
