// The zalo plugin against postwatch-sim's Zalo service and OAuth server, in process. The test
// plays the host: it caps each poll at 10 requests, keeps the cursor, stores posts by id, and
// copies every emitted credential into the account for the next call.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "form_fields.h"
#include "oauth_test_host.h"
#include "served_log.h"
#include "sim_clock.h"
#include "support/oauth_credential.h"
#include "token_authority.h"
#include "world.h"
#include "zalo/zalo_plugin.h"
#include "zalo_routes.h"

namespace postwatch::zalo {
namespace {

using testing::OAuthAccount;
using testing::OAuthGrant;
using testing::OAuthHost;
using testing::OAuthPlugin;
using testing::PollRun;
using testing::RecordedRequest;
using testing::TestResponse;

constexpr const char* kBase = "http://127.0.0.1:9";
constexpr const char* kConfig =
    R"({"api_base_url": "http://127.0.0.1:9/zalo", "oauth_base_url": "http://127.0.0.1:9/zalo/oauth"})";
constexpr const char* kApp = R"({"app_id": "2718281828459045", "secret_key": "sim-app-secret"})";
constexpr const char* kRedirect = "http://127.0.0.1:9/_postwatch/oauth/callback";
constexpr const char* kVerifier = "a-verifier-of-forty-three-characters-abcdef";

class ZaloSimTest : public ::testing::Test {
 protected:
  ZaloSimTest()
      : world_(Config()),
        served_(world_.account_count()),
        clock_(world_.config().start_time_ms),
        tokens_(clock_.AsClock()) {
    sim::PlatformContext context;
    context.world = &world_;
    context.served = &served_;
    context.clock = clock_.AsClock();
    context.base_url = kBase;
    context.platforms = {"zalo", "web"};
    context.tokens = &tokens_;
    service_ = sim::MakeZaloService(context);
  }

  static sim::WorldConfig Config() {
    sim::WorldConfig config;
    config.accounts = 6;
    config.initial_posts = 25;
    config.post_interval_s = 60;
    config.start_time_ms = 1714550400000;
    return config;
  }

  // Answers a request as postwatch-sim would over HTTP.
  sim::SimResponse Serve(const std::string& method, const std::string& url,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         const std::string& body) const {
    EXPECT_EQ(url.rfind(std::string(kBase) + "/zalo/", 0), 0u) << url;
    std::string target = url.substr(std::string(kBase).size());
    sim::SimRequest request;
    request.method = method;
    request.target = target;
    request.body = body;
    for (const auto& [name, value] : headers) {
      request.headers.emplace_back(name, value);
      if (name == "Content-Type") request.content_type = value;
    }
    return service_->Handle(request);
  }

  testing::Responder Responder() const {
    return [this](const RecordedRequest& request) {
      sim::SimResponse answer = Serve(request.method, request.url, request.headers, request.body);
      TestResponse response;
      response.status = static_cast<int>(answer.status);
      response.url = request.url;
      response.headers = answer.headers;
      response.body = answer.body;
      return response;
    };
  }

  OAuthAccount GrantedAccount(uint32_t index) {
    sim::IssuedTokens issued = tokens_.Grant("zalo", index);
    plugin::OAuthCredential credential;
    credential.access_token = issued.access_token;
    credential.refresh_token = issued.refresh_token;
    OAuthAccount account;
    account.registered = service_->Registered(index);
    account.credential = plugin::SerializeOAuthCredential(credential);
    account.app_credential = kApp;
    return account;
  }

  // One poll as the host runs it: at most 10 requests; the posts go to `stored` (by id, with a
  // count) and the last cursor to the account.
  PollRun Poll(const OAuthPlugin& plugin, OAuthAccount& account, std::map<std::string, int>& stored,
               OAuthHost& host) const {
    PollRun run = plugin.RunPoll(host, account, Responder(), 10);
    if (run.final_status >= 0) {
      for (const auto& post : host.posts) ++stored[post.id];
      if (host.cursor) account.cursor = *host.cursor;
    }
    return run;
  }

  // Runs refresh_credentials and its token request; copies the credential into the account.
  pw_status Refresh(const OAuthPlugin& plugin, OAuthAccount& account, OAuthHost& host) const {
    pw_status planned = plugin.Refresh(host, account);
    if (planned < 0) return planned;
    PollRun run = plugin.Drive(host, account, Responder(), 0);
    if (!host.credentials.empty()) account.credential = host.credentials.back().secret;
    return run.final_status;
  }

  // Checks that the stored posts are exactly indexes [first, last] of the account, once each.
  void ExpectStored(const std::map<std::string, int>& stored, uint32_t account, uint64_t first,
                    uint64_t last) const {
    EXPECT_EQ(stored.size(), last - first + 1);
    for (uint64_t index = first; index <= last; ++index) {
      auto it = stored.find(service_->PostId(account, index));
      ASSERT_NE(it, stored.end()) << "post " << index << " was never stored";
      EXPECT_EQ(it->second, 1) << "post " << index << " was stored twice";
    }
  }

  sim::World world_;
  sim::ServedLog served_;
  sim::ManualClock clock_;
  sim::TokenAuthority tokens_;
  std::unique_ptr<sim::PlatformService> service_;
  OAuthPlugin plugin_{ZaloPlugin(), kConfig};
};

TEST_F(ZaloSimTest, FirstPollReadsTheNewestPageWithTheWorldsLinks) {
  ASSERT_EQ(plugin_.init_status(), PW_OK);
  OAuthAccount account = GrantedAccount(2);
  OAuthHost host;
  std::map<std::string, int> stored;
  PollRun run = Poll(plugin_, account, stored, host);
  EXPECT_EQ(run.final_status, PW_OK) << (host.errors.empty() ? "" : host.errors[0]);
  ASSERT_EQ(run.requests.size(), 9u);  // the listing and 8 details
  EXPECT_EQ(run.requests[0].tag, "slice:0");
  ASSERT_EQ(host.posts.size(), 8u);
  for (size_t n = 0; n < host.posts.size(); ++n) {
    const uint64_t index = 17 + n;  // oldest first
    SCOPED_TRACE("post " + std::to_string(index));
    const auto& post = host.posts[n];
    EXPECT_EQ(post.id, service_->PostId(2, index));
    EXPECT_EQ(post.published_at, world_.PublishedMs(2, index) / 1000);
    EXPECT_EQ(post.url, std::string(kBase) + "/zalo/s/" + sim::ZaloOaId(2) + "/" + post.id);
    std::vector<std::string> want;
    for (const sim::PostLink& link : world_.LinksOf(2, index)) want.push_back(link.url);
    EXPECT_EQ(post.links, want);
  }
  EXPECT_EQ(account.cursor,
            std::to_string(world_.PublishedMs(2, 24)) + ":" + service_->PostId(2, 24));
  std::vector<uint64_t> served = served_.ServedIndexes(2);
  EXPECT_EQ(served, (std::vector<uint64_t>{17, 18, 19, 20, 21, 22, 23, 24}));
  EXPECT_EQ(served_.Requests(2), 1u);
}

TEST_F(ZaloSimTest, SecondPollStoresOnlyTheNewArticlesAndStopsAtTheCursor) {
  OAuthAccount account = GrantedAccount(4);
  std::map<std::string, int> stored;
  OAuthHost first;
  ASSERT_EQ(Poll(plugin_, account, stored, first).final_status, PW_OK);
  clock_.Advance(world_.IntervalMs(4) * 3);
  const uint64_t count = world_.PublishedCount(4, clock_.now_ms());
  ASSERT_GT(count, 25u);
  ASSERT_LT(count, 25u + 8u);
  OAuthHost second;
  PollRun run = Poll(plugin_, account, stored, second);
  EXPECT_EQ(run.final_status, PW_OK);
  ASSERT_EQ(run.requests.size(), 1 + (count - 25));
  EXPECT_EQ(run.requests[0].tag, "slice:0");
  for (size_t n = 1; n < run.requests.size(); ++n) {
    EXPECT_EQ(run.requests[n].tag.rfind("detail:", 0), 0u) << run.requests[n].tag;
  }
  ExpectStored(stored, 4, 17, count - 1);
  OAuthHost third;
  EXPECT_EQ(Poll(plugin_, account, stored, third).final_status, PW_DONE);
  EXPECT_TRUE(third.posts.empty());
}

TEST_F(ZaloSimTest, BurstLargerThanAPageIsCaughtUpOldestFirstOverSeveralPolls) {
  OAuthAccount account = GrantedAccount(0);
  std::map<std::string, int> stored;
  OAuthHost first;
  ASSERT_EQ(Poll(plugin_, account, stored, first).final_status, PW_OK);
  clock_.Advance(world_.IntervalMs(0) * 20);
  const uint64_t count = world_.PublishedCount(0, clock_.now_ms());
  ASSERT_GT(count, 25u + 16u);
  int polls = 0;
  for (bool done = false; !done && polls < 8; ++polls) {
    OAuthHost host;
    PollRun run = Poll(plugin_, account, stored, host);
    ASSERT_GE(run.final_status, 0) << (host.errors.empty() ? "" : host.errors[0]);
    for (const RecordedRequest& request : run.requests) {
      // Paging stops at the cursor: never a page beyond max_pages (3 of 8).
      EXPECT_NE(request.tag, "slice:24");
    }
    done = host.posts.empty();
  }
  EXPECT_LE(polls, 7);
  ExpectStored(stored, 0, 17, count - 1);
  std::vector<uint64_t> served = served_.ServedIndexes(0);
  EXPECT_EQ(served.size(), count - 17);
}

TEST_F(ZaloSimTest, ExpiredTokenIsRefreshedAndTheNextPollSucceeds) {
  tokens_.SetLifetimes(120, 0);
  OAuthAccount account = GrantedAccount(2);
  std::map<std::string, int> stored;
  OAuthHost first;
  ASSERT_EQ(Poll(plugin_, account, stored, first).final_status, PW_OK);
  clock_.Advance(3 * 60 * 1000);
  OAuthHost expired;
  EXPECT_EQ(Poll(plugin_, account, stored, expired).final_status, PW_E_AUTH);
  ASSERT_EQ(expired.errors.size(), 1u);
  EXPECT_NE(expired.errors[0].find("expired"), std::string::npos) << expired.errors[0];

  const std::string old_credential = account.credential;
  OAuthHost refresh;
  EXPECT_EQ(Refresh(plugin_, account, refresh), PW_DONE);
  ASSERT_EQ(refresh.credentials.size(), 1u);
  EXPECT_EQ(refresh.requests.at(0).method, "POST");
  EXPECT_GT(refresh.credentials[0].expires_at, 0);
  EXPECT_NE(account.credential, old_credential);

  OAuthHost after;
  PollRun run = Poll(plugin_, account, stored, after);
  EXPECT_EQ(run.final_status, PW_OK) << (after.errors.empty() ? "" : after.errors[0]);
  EXPECT_FALSE(after.posts.empty());
  const uint64_t count = world_.PublishedCount(2, clock_.now_ms());
  ASSERT_GT(count, 25u);
  ExpectStored(stored, 2, 17, count - 1);

  // The refresh token was single use: the old credential cannot refresh again.
  OAuthAccount stale = account;
  stale.credential = old_credential;
  OAuthHost again;
  EXPECT_EQ(Refresh(plugin_, stale, again), PW_E_AUTH);
  EXPECT_TRUE(again.credentials.empty());
}

TEST_F(ZaloSimTest, RevokedGrantFailsThePollAndTheRefreshWithAuth) {
  OAuthAccount account = GrantedAccount(4);
  tokens_.Revoke("zalo", 4);
  std::map<std::string, int> stored;
  OAuthHost poll;
  EXPECT_EQ(Poll(plugin_, account, stored, poll).final_status, PW_E_AUTH);
  ASSERT_EQ(poll.errors.size(), 1u);
  EXPECT_NE(poll.errors[0].find("-216"), std::string::npos) << poll.errors[0];
  OAuthHost refresh;
  EXPECT_EQ(Refresh(plugin_, account, refresh), PW_E_AUTH);
  ASSERT_EQ(refresh.errors.size(), 1u);
  EXPECT_NE(refresh.errors[0].find("-14014"), std::string::npos) << refresh.errors[0];
  EXPECT_TRUE(stored.empty());
}

TEST_F(ZaloSimTest, OwnerGrantWithPkceYieldsACredentialThatReadsTheOa) {
  tokens_.SetOwner(4);
  OAuthAccount account;
  account.registered = service_->Registered(4);
  account.app_credential = kApp;
  OAuthGrant grant;
  grant.redirect_uri = kRedirect;
  grant.state = "state-77";
  grant.code_challenge = sim::PkceS256(kVerifier);
  grant.code_verifier = kVerifier;
  OAuthHost start;
  ASSERT_EQ(plugin_.Authorize(start, account, grant), PW_DONE);
  ASSERT_EQ(start.authorize_urls.size(), 1u);

  // The owner's browser follows the link; Zalo redirects back to the host's callback.
  sim::SimResponse page = Serve("GET", start.authorize_urls[0], {}, "");
  ASSERT_EQ(page.status, 302u) << page.body;
  std::string location;
  for (const auto& [name, value] : page.headers) {
    if (name == "Location") location = value;
  }
  ASSERT_EQ(location.rfind(std::string(kRedirect) + "?", 0), 0u) << location;
  std::string query = location.substr(location.find('?') + 1);
  EXPECT_EQ(sim::FormValue(query, "state").value_or(""), "state-77");
  EXPECT_EQ(sim::FormValue(query, "oa_id").value_or(""), sim::ZaloOaId(4));
  grant.code = sim::FormValue(query, "code").value_or("");
  ASSERT_FALSE(grant.code.empty());

  OAuthHost exchange;
  ASSERT_EQ(plugin_.Authorize(exchange, account, grant), PW_OK);
  PollRun run = plugin_.Drive(exchange, account, Responder(), 0);
  EXPECT_EQ(run.final_status, PW_DONE) << (exchange.errors.empty() ? "" : exchange.errors[0]);
  ASSERT_EQ(exchange.credentials.size(), 1u);
  account.credential = exchange.credentials[0].secret;
  std::optional<plugin::OAuthCredential> credential =
      plugin::ParseOAuthCredential(account.credential);
  ASSERT_TRUE(credential.has_value());
  EXPECT_FALSE(credential->refresh_token.empty());

  std::map<std::string, int> stored;
  OAuthHost poll;
  EXPECT_EQ(Poll(plugin_, account, stored, poll).final_status, PW_OK);
  ExpectStored(stored, 4, 17, 24);
}

TEST_F(ZaloSimTest, CodeExchangeWithTheWrongVerifierIsRefused) {
  tokens_.SetOwner(2);
  OAuthAccount account;
  account.registered = service_->Registered(2);
  account.app_credential = kApp;
  OAuthGrant grant;
  grant.redirect_uri = kRedirect;
  grant.code_challenge = sim::PkceS256(kVerifier);
  OAuthHost start;
  ASSERT_EQ(plugin_.Authorize(start, account, grant), PW_DONE);
  sim::SimResponse page = Serve("GET", start.authorize_urls.at(0), {}, "");
  ASSERT_EQ(page.status, 302u);
  std::string location;
  for (const auto& [name, value] : page.headers) {
    if (name == "Location") location = value;
  }
  grant.code = sim::FormValue(location.substr(location.find('?') + 1), "code").value_or("");
  grant.code_verifier = "not-the-verifier-that-made-the-challenge-xyz";
  OAuthHost exchange;
  ASSERT_EQ(plugin_.Authorize(exchange, account, grant), PW_OK);
  EXPECT_EQ(plugin_.Drive(exchange, account, Responder(), 0).final_status, PW_E_AUTH);
  EXPECT_TRUE(exchange.credentials.empty());
  ASSERT_EQ(exchange.errors.size(), 1u);
  EXPECT_NE(exchange.errors[0].find("-14019"), std::string::npos) << exchange.errors[0];
}

TEST_F(ZaloSimTest, PermissionPageWithoutALoggedInOwnerAnswersZalosError) {
  OAuthAccount account;
  account.registered = service_->Registered(2);
  account.app_credential = kApp;
  OAuthGrant grant;
  grant.redirect_uri = kRedirect;
  OAuthHost start;
  ASSERT_EQ(plugin_.Authorize(start, account, grant), PW_DONE);
  sim::SimResponse page = Serve("GET", start.authorize_urls.at(0), {}, "");
  EXPECT_EQ(page.status, 401u);
  EXPECT_NE(page.body.find("-14001"), std::string::npos) << page.body;
}

TEST_F(ZaloSimTest, TooManyRequestsInAMinuteAreRateLimited) {
  OAuthAccount account = GrantedAccount(2);
  std::optional<plugin::OAuthCredential> credential =
      plugin::ParseOAuthCredential(account.credential);
  ASSERT_TRUE(credential.has_value());
  for (int64_t n = 0; n < sim::kZaloRequestsPerMinute; ++n) {
    Serve("GET", std::string(kBase) + "/zalo/v2.0/article/getslice?offset=0&limit=1",
          {{"access_token", credential->access_token}}, "");
  }
  std::map<std::string, int> stored;
  OAuthHost limited;
  EXPECT_EQ(Poll(plugin_, account, stored, limited).final_status, PW_E_RATELIMITED);
  EXPECT_FALSE(limited.rate_limits.empty());
  clock_.Advance(60 * 1000);
  OAuthHost later;
  EXPECT_EQ(Poll(plugin_, account, stored, later).final_status, PW_OK);
}

TEST_F(ZaloSimTest, TokenOfAnAccountThatIsNoOaIsGone) {
  OAuthAccount account = GrantedAccount(1);  // account 1 is a web account
  std::map<std::string, int> stored;
  OAuthHost host;
  EXPECT_EQ(Poll(plugin_, account, stored, host).final_status, PW_E_GONE);
}

}  // namespace
}  // namespace postwatch::zalo
