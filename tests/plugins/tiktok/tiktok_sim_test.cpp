// The tiktok plugin against postwatch-sim's TikTok service and token authority, in process,
// with this test playing the host: polls store every video once and stop at the cursor, an
// expired token is refreshed, a revoked grant ends in PW_E_AUTH, and the owner's grant
// (authorisation page, callback code, PKCE code exchange) yields a working credential.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "form_fields.h"
#include "owner_host.h"
#include "served_log.h"
#include "sim_clock.h"
#include "sim_router.h"
#include "support/oauth_credential.h"
#include "tiktok/tiktok_plugin.h"
#include "tiktok_routes.h"
#include "token_authority.h"
#include "world.h"

namespace postwatch::tiktok {
namespace {

using testing::CallRun;
using testing::GrantStep;
using testing::OwnerAccount;
using testing::OwnerHost;
using testing::OwnerPlugin;
using testing::RecordedRequest;
using testing::TestResponse;

constexpr const char* kBase = "http://127.0.0.1:9";
constexpr const char* kConfig =
    R"({"api_base_url": "http://127.0.0.1:9/tiktok", "auth_base_url": "http://127.0.0.1:9/tiktok"})";
constexpr const char* kApp = R"({"client_key": "sim-client", "client_secret": "sim-secret"})";
constexpr const char* kRedirect = "http://127.0.0.1:7/oauth/callback/tiktok";

class TikTokSimTest : public ::testing::Test {
 protected:
  TikTokSimTest()
      : world_(Config()),
        served_(world_.account_count()),
        clock_(world_.config().start_time_ms),
        tokens_(clock_.AsClock()),
        router_(nullptr, clock_.AsClock()),
        plugin_(TikTokPlugin(), kConfig) {
    sim::PlatformContext context;
    context.world = &world_;
    context.served = &served_;
    context.clock = clock_.AsClock();
    context.base_url = kBase;
    context.platforms = {"tiktok", "web"};
    context.tokens = &tokens_;
    service_ = sim::MakeTikTokService(context);
    router_.Mount("/tiktok/", [this](const sim::SimRequest& r) { return service_->Handle(r); });
  }

  static sim::WorldConfig Config() {
    sim::WorldConfig config;
    config.accounts = 6;
    config.initial_posts = 45;
    config.post_interval_s = 60;
    config.start_time_ms = 1714550400000;
    return config;
  }

  // Sends a request to the simulator as the host would.
  sim::SimResponse Send(const std::string& method, const std::string& url,
                        const std::vector<std::pair<std::string, std::string>>& headers = {},
                        const std::string& body = "") {
    EXPECT_EQ(url.rfind(kBase, 0), 0u) << url;
    std::string target = url.substr(std::string(kBase).size());
    sim::SimRequest request;
    request.method = method;
    request.target = target;
    request.body = body;
    for (const auto& [name, value] : headers) {
      request.headers.emplace_back(name, value);
      if (name == "Authorization") request.authorization = value;
      if (name == "Content-Type") request.content_type = value;
    }
    return router_.Handle(request);
  }

  testing::OwnerResponder Responder() {
    return [this](const RecordedRequest& request) {
      sim::SimResponse answer = Send(request.method, request.url, request.headers, request.body);
      TestResponse response;
      response.status = static_cast<int>(answer.status);
      response.url = request.url;
      response.headers = answer.headers;
      response.body = answer.body;
      return response;
    };
  }

  OwnerAccount Account(uint32_t index, const sim::IssuedTokens* tokens) {
    OwnerAccount account;
    account.registered = service_->Registered(index);
    account.app_credential = kApp;
    if (tokens != nullptr) {
      plugin::OAuthCredential credential;
      credential.access_token = tokens->access_token;
      credential.refresh_token = tokens->refresh_token;
      account.credential = plugin::SerializeOAuthCredential(credential);
    }
    return account;
  }

  CallRun Poll(OwnerHost& host, OwnerAccount* account) {
    return plugin_.Run(
        host, account, [&] { return plugin_.Plan(host, *account); }, Responder());
  }
  CallRun Refresh(OwnerHost& host, OwnerAccount* account) {
    return plugin_.Run(
        host, account, [&] { return plugin_.Refresh(host, *account); }, Responder());
  }

  // Checks the posts against the world, newest first, indexes [first, last].
  void ExpectWorldPosts(const OwnerHost& host, uint32_t account, uint64_t first, uint64_t last) {
    ASSERT_EQ(host.posts.size(), last - first + 1);
    for (size_t n = 0; n < host.posts.size(); ++n) {
      const uint64_t index = last - n;
      SCOPED_TRACE("post " + std::to_string(index));
      const auto& post = host.posts[n];
      EXPECT_EQ(post.id, service_->PostId(account, index));
      EXPECT_EQ(post.published_at, world_.PublishedMs(account, index) / 1000);
      EXPECT_EQ(post.kind, static_cast<uint32_t>(PW_POST_KIND_VIDEO));
      EXPECT_EQ(post.url,
                "https://www.tiktok.com/@" + sim::TikTokUsername(account) + "/video/" + post.id);
      std::vector<std::string> want;
      for (const sim::PostLink& link : world_.LinksOf(account, index)) want.push_back(link.url);
      EXPECT_EQ(post.links, want);
    }
  }

  sim::World world_;
  sim::ServedLog served_;
  sim::ManualClock clock_;
  sim::TokenAuthority tokens_;
  sim::Router router_;
  std::unique_ptr<sim::PlatformService> service_;
  OwnerPlugin plugin_;
};

TEST_F(TikTokSimTest, TwoPollsStoreEveryVideoOnceAndTheSecondStopsAtTheCursor) {
  ASSERT_EQ(plugin_.init_status(), PW_OK);
  sim::IssuedTokens granted = tokens_.Grant(sim::kTikTokPlatform, 2);
  OwnerAccount account = Account(2, &granted);
  OwnerHost first;
  CallRun run = Poll(first, &account);
  EXPECT_EQ(run.final_status, PW_DONE) << (first.errors.empty() ? "" : first.errors.front());
  EXPECT_EQ(run.requests.size(), 3u);  // 20 + 20 + 5 videos, the last page has has_more false
  ExpectWorldPosts(first, 2, 0, 44);
  EXPECT_EQ(account.cursor,
            std::to_string(world_.PublishedMs(2, 44) / 1000) + ":" + service_->PostId(2, 44));
  EXPECT_EQ(served_.ServedIndexes(2).size(), 45u);

  clock_.Advance(world_.IntervalMs(2) * 3);
  const uint64_t count = world_.PublishedCount(2, clock_.now_ms());
  ASSERT_GT(count, 45u);
  OwnerHost second;
  run = Poll(second, &account);
  EXPECT_EQ(run.final_status, PW_DONE);
  EXPECT_EQ(run.requests.size(), 1u);
  ExpectWorldPosts(second, 2, 45, count - 1);

  std::multiset<std::string> stored;
  for (const auto* host : {&first, &second}) {
    for (const auto& post : host->posts) stored.insert(post.id);
  }
  EXPECT_EQ(stored.size(), count);
  EXPECT_EQ(std::set<std::string>(stored.begin(), stored.end()).size(), count);
}

TEST_F(TikTokSimTest, AnExpiredTokenIsRefreshedAndTheNextPollSucceeds) {
  tokens_.SetLifetimes(86400, 365 * 86400);
  sim::IssuedTokens granted = tokens_.Grant(sim::kTikTokPlatform, 4);
  OwnerAccount account = Account(4, &granted);
  OwnerHost first;
  EXPECT_EQ(Poll(first, &account).final_status, PW_DONE);

  clock_.Advance(86400LL * 1000 + 1000);
  OwnerHost expired;
  EXPECT_EQ(Poll(expired, &account).final_status, PW_E_AUTH);
  ASSERT_EQ(expired.errors.size(), 1u);
  EXPECT_NE(expired.errors[0].find("access_token_invalid"), std::string::npos);
  EXPECT_EQ(expired.errors[0].find(granted.access_token), std::string::npos);

  OwnerHost refresh;
  CallRun run = Refresh(refresh, &account);
  EXPECT_EQ(run.final_status, PW_DONE) << (refresh.errors.empty() ? "" : refresh.errors.front());
  ASSERT_EQ(refresh.credentials.size(), 1u);
  EXPECT_EQ(refresh.credentials[0].expires_at, clock_.now_ms() / 1000 + 86400);
  EXPECT_FALSE(refresh.account_id) << "a refresh does not re-identify the account";
  std::optional<plugin::OAuthCredential> renewed = plugin::ParseOAuthCredential(account.credential);
  ASSERT_TRUE(renewed);
  EXPECT_NE(renewed->access_token, granted.access_token);
  EXPECT_NE(renewed->refresh_token, granted.refresh_token);

  OwnerHost after;
  EXPECT_EQ(Poll(after, &account).final_status, PW_DONE)
      << (after.errors.empty() ? "" : after.errors.front());
}

TEST_F(TikTokSimTest, ARevokedGrantFailsThePollAndTheRefreshWithAuth) {
  sim::IssuedTokens granted = tokens_.Grant(sim::kTikTokPlatform, 0);
  OwnerAccount account = Account(0, &granted);
  sim::SimRequest revoke;
  revoke.method = "POST";
  revoke.target = "/_sim/oauth/revoke?platform=tiktok&account=0";
  ASSERT_EQ(tokens_.HandleControl(revoke).status, 204u);

  OwnerHost poll;
  EXPECT_EQ(Poll(poll, &account).final_status, PW_E_AUTH);
  EXPECT_TRUE(poll.posts.empty());
  OwnerHost refresh;
  EXPECT_EQ(Refresh(refresh, &account).final_status, PW_E_AUTH);
  EXPECT_TRUE(refresh.credentials.empty());
  ASSERT_EQ(refresh.errors.size(), 1u);
  EXPECT_NE(refresh.errors[0].find("invalid_grant"), std::string::npos);
}

TEST_F(TikTokSimTest, TheOwnersGrantWithPkceYieldsACredentialThatPolls) {
  sim::SimRequest owner;
  owner.method = "POST";
  owner.target = "/_sim/oauth/owner?account=4";
  ASSERT_EQ(tokens_.HandleControl(owner).status, 204u);
  OwnerAccount account = Account(4, nullptr);
  const std::string verifier = "a-verifier-of-enough-length-0123456789-abcdefghijklmnop";
  OwnerHost start;
  ASSERT_EQ(plugin_.Authorize(start, account,
                              GrantStep{kRedirect, "state-1", sim::PkceS256(verifier), "", ""}),
            PW_OK);
  ASSERT_EQ(start.authorize_urls.size(), 1u);
  const std::string& url = start.authorize_urls[0];
  EXPECT_EQ(url.rfind(std::string(kBase) + "/tiktok/v2/auth/authorize/?client_key=sim-client", 0),
            0u)
      << url;

  sim::SimResponse page = Send("GET", url);
  ASSERT_EQ(page.status, 302u);
  std::string location;
  for (const auto& [name, value] : page.headers) {
    if (name == "Location") location = value;
  }
  ASSERT_EQ(location.rfind(std::string(kRedirect) + "?", 0), 0u) << location;
  std::string query = location.substr(location.find('?') + 1);
  EXPECT_EQ(sim::FormValue(query, "state").value_or(""), "state-1");
  const std::string code = sim::FormValue(query, "code").value_or("");
  ASSERT_FALSE(code.empty()) << location;

  OwnerHost exchange;
  CallRun run = plugin_.Run(
      exchange, &account,
      [&] {
        return plugin_.Authorize(exchange, account, GrantStep{kRedirect, "", "", verifier, code});
      },
      Responder());
  EXPECT_EQ(run.final_status, PW_DONE) << (exchange.errors.empty() ? "" : exchange.errors.front());
  ASSERT_EQ(exchange.credentials.size(), 1u);
  EXPECT_EQ(account.id, sim::TikTokOpenId(4));

  OwnerHost poll;
  EXPECT_EQ(Poll(poll, &account).final_status, PW_DONE);
  EXPECT_EQ(poll.posts.size(), 45u);

  OwnerHost resolve;
  run = plugin_.Run(
      resolve, &account, [&] { return plugin_.Resolve(resolve, account); }, Responder());
  EXPECT_EQ(run.final_status, PW_DONE);
  EXPECT_EQ(resolve.account_id.value_or(""), sim::TikTokOpenId(4));
}

TEST_F(TikTokSimTest, ACodeExchangedWithTheWrongVerifierIsRefused) {
  tokens_.SetOwner(2);
  std::optional<std::string> code = tokens_.IssueCode(sim::kTikTokPlatform, "sim-client", kRedirect,
                                                      sim::PkceS256("the-right-verifier"), "S256");
  ASSERT_TRUE(code);
  OwnerAccount account = Account(2, nullptr);
  OwnerHost exchange;
  CallRun run = plugin_.Run(
      exchange, &account,
      [&] {
        return plugin_.Authorize(exchange, account,
                                 GrantStep{kRedirect, "", "", "a-wrong-verifier", *code});
      },
      Responder());
  EXPECT_EQ(run.final_status, PW_E_AUTH);
  EXPECT_TRUE(exchange.credentials.empty());
}

TEST_F(TikTokSimTest, WithNobodyLoggedInTheAuthorisationPageRedirectsWithAccessDenied) {
  OwnerAccount account = Account(2, nullptr);
  OwnerHost start;
  ASSERT_EQ(plugin_.Authorize(start, account, GrantStep{kRedirect, "s-2", "", "", ""}), PW_OK);
  ASSERT_EQ(start.authorize_urls.size(), 1u);
  sim::SimResponse page = Send("GET", start.authorize_urls[0]);
  ASSERT_EQ(page.status, 302u);
  std::string location;
  for (const auto& [name, value] : page.headers) {
    if (name == "Location") location = value;
  }
  std::string query = location.substr(location.find('?') + 1);
  EXPECT_EQ(sim::FormValue(query, "error").value_or(""), "access_denied");
  EXPECT_EQ(sim::FormValue(query, "state").value_or(""), "s-2");
  EXPECT_FALSE(sim::FormValue(query, "code"));
}

TEST_F(TikTokSimTest, TheSimThrottlesPastSixHundredRequestsAMinuteAndThePluginBacksOff) {
  sim::IssuedTokens granted = tokens_.Grant(sim::kTikTokPlatform, 0);
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"Authorization", "Bearer " + granted.access_token}, {"Content-Type", "application/json"}};
  const std::string url = std::string(kBase) + "/tiktok/v2/video/list/?fields=id";
  for (int n = 0; n < 600; ++n) {
    ASSERT_EQ(Send("POST", url, headers, R"({"max_count":1})").status, 200u) << n;
  }
  OwnerAccount account = Account(0, &granted);
  OwnerHost throttled;
  EXPECT_EQ(Poll(throttled, &account).final_status, PW_E_RATELIMITED);
  ASSERT_EQ(throttled.rate_limits.size(), 1u);
  EXPECT_EQ(throttled.rate_limits[0].reset_at, clock_.now_ms() / 1000 + 60);

  clock_.Advance(61 * 1000);
  OwnerHost later;
  EXPECT_EQ(Poll(later, &account).final_status, PW_DONE);
}

TEST_F(TikTokSimTest, ATokenOfAnAccountOfAnotherPlatformIsRefused) {
  sim::IssuedTokens granted = tokens_.Grant(sim::kTikTokPlatform, 1);  // account 1 is "web"
  OwnerAccount account = Account(1, &granted);
  OwnerHost host;
  EXPECT_EQ(Poll(host, &account).final_status, PW_E_AUTH);
}

}  // namespace
}  // namespace postwatch::tiktok
