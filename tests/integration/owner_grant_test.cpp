// Owner-authorised platforms (Facebook Pages, Zalo OA, TikTok) end to end against
// postwatch-sim's Graph API, Zalo OA and TikTok services and their OAuth servers:
// imported tokens are used and refreshed before they expire; a revoked grant marks the
// account `auth` and shows in the metrics; an owner connects an account through a connect
// link; tokens are stored 0600 and never logged.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>
#include <thread>

#include "daemon_fixture.h"

namespace postwatch::testing {
namespace {

struct OwnerPlatform {
  const char* name;
  const char* app_credential;
};

// The platforms under test: account i of the sim is on kPlatforms[i % size].
const OwnerPlatform kPlatforms[] = {
    {"zalo", R"({"app_id": "sim-zalo-app", "secret_key": "sim-zalo-secret"})"},
    {"tiktok", R"({"client_key": "sim-tiktok-key", "client_secret": "sim-tiktok-secret"})"},
    {"facebook", R"({"client_id": "sim-facebook-app", "client_secret": "sim-facebook-secret"})"},
};
constexpr int kPlatformCount = 3;

class OwnerGrantTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SimOptions so;
    so.accounts = 9;
    so.post_interval_s = 3;
    so.platforms = "zalo,tiktok,facebook";
    e2e_ = std::make_unique<EndToEnd>(so);
    e2e_->EnableAdmin();
    ASSERT_TRUE(e2e_->StartSim());
  }

  std::string PluginsConfig() {
    const std::string base = e2e_->SimUrl("");
    std::string config = R"(,
  "plugins": {)";
    for (int p = 0; p < kPlatformCount; ++p) {
      const std::string file = e2e_->tmp().File(std::string("app-") + kPlatforms[p].name);
      WriteFile(file, kPlatforms[p].app_credential);
      ::chmod(file.c_str(), 0600);
      config += std::string(p == 0 ? "" : ",") + "\n    \"" + kPlatforms[p].name +
                "\": { \"credential_file\": \"" + file +
                "\", \"config\": " + SimConfigOf(kPlatforms[p].name, base) + " }";
    }
    return config + "\n  }";
  }

  static std::string SimConfigOf(const std::string& platform, const std::string& base) {
    if (platform == "zalo") {
      return R"({ "api_base_url": ")" + base + R"(/zalo", "oauth_base_url": ")" + base +
             R"(/zalo/oauth" })";
    }
    if (platform == "tiktok") {
      return R"({ "api_base_url": ")" + base + R"(/tiktok", "auth_base_url": ")" + base +
             R"(/tiktok" })";
    }
    return R"({ "base_url": ")" + base + R"(/facebook/graph", "dialog_base_url": ")" + base +
           R"(/facebook/www" })";
  }

  // Mints tokens for sim account i at the sim's OAuth server and imports them through the
  // admin API, as an admin would with tokens a member handed over.
  void ImportGrant(int i) {
    const std::string platform = kPlatforms[i % kPlatformCount].name;
    HttpResult minted = HttpPost(
        e2e_->SimUrl("/_sim/oauth/grant?platform=" + platform + "&account=" + std::to_string(i)));
    ASSERT_EQ(minted.status, 200) << minted.body;
    rapidjson::Document tokens;
    tokens.Parse(minted.body.c_str());
    ASSERT_TRUE(tokens.IsObject());
    std::string body = std::string(R"({"access_token": ")") + tokens["access_token"].GetString() +
                       R"(", "refresh_token": ")" + tokens["refresh_token"].GetString() +
                       R"(", "expires_in": )" + std::to_string(tokens["expires_in"].GetInt64()) +
                       "}";
    const int64_t id = e2e_->AccountId(i);
    ASSERT_GT(id, 0);
    HttpExchange put =
        e2e_->Admin("PUT", "/v1/accounts/" + std::to_string(id) + "/credential", body);
    ASSERT_EQ(put.status, 200) << put.body;
    EXPECT_EQ(put.body.find(tokens["access_token"].GetString()), std::string::npos)
        << "the API never shows a token back";
    secrets_.push_back(tokens["access_token"].GetString());
    secrets_.push_back(tokens["refresh_token"].GetString());
  }

  std::string AccountStatus(int i) {
    auto rows = Query(e2e_->DbPath(), "SELECT status FROM accounts WHERE member_ref = 'm" +
                                          std::to_string(i) + "'");
    return rows.empty() ? "" : rows[0][0];
  }

  int64_t OAuthCounter(const char* name) {
    rapidjson::Document doc;
    doc.Parse(HttpGet(e2e_->SimUrl("/_sim/oauth")).body.c_str());
    return doc.IsObject() && doc.HasMember(name) ? doc[name].GetInt64() : -1;
  }

  std::unique_ptr<EndToEnd> e2e_;
  std::vector<std::string> secrets_;
};

TEST_F(OwnerGrantTest, ImportedTokensArePolledRefreshedAndKeptPrivate) {
  ASSERT_TRUE(e2e_->StartDaemon(PluginsConfig())) << e2e_->DaemonLog();

  // Without a grant, an account cannot be read: it is marked auth, not silently skipped.
  ASSERT_TRUE(WaitFor([&] { return AccountStatus(0) == "auth"; }, std::chrono::seconds(30)))
      << e2e_->DaemonLog();
  EXPECT_GT(MetricValue(e2e_->MetricsText(), "postwatch_poll_failures_total", {{"reason", "auth"}}),
            0);

  // Facebook Page tokens do not expire (and Facebook has no refresh tokens); Zalo and TikTok
  // access tokens live 4 s here, so each expires, and is refreshed, while the test runs.
  ASSERT_EQ(HttpPost(e2e_->SimUrl("/_sim/oauth/lifetimes?access=0&refresh=3600")).status, 204);
  for (int i = 2; i < 9; i += 3) ImportGrant(i);
  ASSERT_EQ(HttpPost(e2e_->SimUrl("/_sim/oauth/lifetimes?access=4&refresh=3600")).status, 204);
  for (int i = 0; i < 9; ++i) {
    if (i % 3 != 2) ImportGrant(i);
  }
  ASSERT_TRUE(WaitFor(
      [&] {
        auto stored = e2e_->StoredPosts();
        for (int i = 0; i < 9; ++i) {
          if (stored["acct-" + std::to_string(i)].empty() || AccountStatus(i) != "active") {
            return false;
          }
        }
        return true;
      },
      std::chrono::seconds(60)))
      << e2e_->DaemonLog();

  // Tokens expire every 4 s: the daemon refreshes them before use and keeps polling.
  const int64_t refreshes_before = OAuthCounter("refreshes");
  ASSERT_TRUE(WaitFor([&] { return OAuthCounter("refreshes") >= refreshes_before + 12; },
                      std::chrono::seconds(60)))
      << e2e_->DaemonLog();
  EXPECT_GT(
      MetricValue(e2e_->MetricsText(), "postwatch_credential_refreshes_total", {{"result", "ok"}}),
      0);

  // Everything served is stored exactly once.
  ASSERT_TRUE(e2e_->FreezeSim());
  ASSERT_TRUE(WaitFor(
      [&] {
        auto served = e2e_->SimServed();
        auto stored = e2e_->StoredPosts();
        for (const auto& [slug, posts] : served) {
          std::vector<std::string> want;
          for (const auto& [id, flagged] : posts) want.push_back(id);
          std::vector<std::string> got = stored[slug];
          std::sort(got.begin(), got.end());
          if (got != want) return false;
        }
        return served.size() == 9;
      },
      std::chrono::seconds(60)))
      << e2e_->DaemonLog();
  auto duplicates = Query(e2e_->DbPath(),
                          "SELECT COUNT(*) FROM (SELECT account_id, post_id FROM posts GROUP BY "
                          "account_id, post_id HAVING COUNT(*) > 1)");
  EXPECT_EQ(duplicates[0][0], "0");

  // Tokens live in 0600 files in a 0700 directory and never in the log or the database.
  const std::string dir = e2e_->tmp().File("state/credentials");
  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ASSERT_EQ(::stat(entry.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << entry.path();
    ++files;
  }
  EXPECT_EQ(files, 9);
  const std::string log = e2e_->DaemonLog();
  const std::string db = ReadFile(e2e_->DbPath());
  for (const std::string& secret : secrets_) {
    EXPECT_EQ(log.find(secret), std::string::npos) << "a token is in the log";
    EXPECT_EQ(db.find(secret), std::string::npos) << "a token is in the database";
  }
  int status = e2e_->StopDaemon(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << e2e_->DaemonLog();
}

TEST_F(OwnerGrantTest, RevokedGrantMarksTheAccountAuthAndShowsInMetrics) {
  ASSERT_TRUE(e2e_->StartDaemon(PluginsConfig())) << e2e_->DaemonLog();
  for (int i = 0; i < 3; ++i) ImportGrant(i);
  ASSERT_TRUE(WaitFor(
      [&] {
        return AccountStatus(0) == "active" && AccountStatus(1) == "active" &&
               AccountStatus(2) == "active";
      },
      std::chrono::seconds(60)))
      << e2e_->DaemonLog();

  // Each owner withdraws the grant at the platform.
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(HttpPost(e2e_->SimUrl(std::string("/_sim/oauth/revoke?platform=") +
                                    kPlatforms[i].name + "&account=" + std::to_string(i)))
                  .status,
              204);
  }
  ASSERT_TRUE(WaitFor(
      [&] {
        return AccountStatus(0) == "auth" && AccountStatus(1) == "auth" &&
               AccountStatus(2) == "auth";
      },
      std::chrono::seconds(60)))
      << e2e_->DaemonLog();
  std::string metrics = e2e_->MetricsText();
  for (int i = 0; i < 3; ++i) {
    EXPECT_GE(MetricValue(metrics, "postwatch_accounts",
                          {{"plugin", kPlatforms[i].name}, {"state", "auth"}}),
              1)
        << kPlatforms[i].name;
    EXPECT_GT(MetricValue(metrics, "postwatch_poll_failures_total",
                          {{"plugin", kPlatforms[i].name}, {"reason", "auth"}}),
              0)
        << kPlatforms[i].name;
  }
  // The platforms with refresh tokens tried once to refresh, and were refused.
  EXPECT_GT(MetricValue(metrics, "postwatch_credential_refreshes_total", {{"result", "auth"}}), 0);
  // Other accounts are unaffected: account 3 (zalo) still polls once granted.
  ImportGrant(3);
  ASSERT_TRUE(WaitFor([&] { return AccountStatus(3) == "active"; }, std::chrono::seconds(60)))
      << e2e_->DaemonLog();
}

TEST_F(OwnerGrantTest, OwnerConnectsAnAccountThroughAConnectLink) {
  ASSERT_TRUE(e2e_->StartDaemon(PluginsConfig())) << e2e_->DaemonLog();
  for (int i = 0; i < kPlatformCount; ++i) {
    SCOPED_TRACE(kPlatforms[i].name);
    const int64_t id = e2e_->AccountId(i);
    ASSERT_GT(id, 0);
    HttpExchange link = e2e_->Admin("POST", "/v1/accounts/" + std::to_string(id) + "/connect-link");
    ASSERT_EQ(link.status, 201) << link.body << e2e_->DaemonLog();
    rapidjson::Document doc;
    doc.Parse(link.body.c_str());
    const std::string url = doc["url"].GetString();
    ASSERT_EQ(url.rfind(e2e_->AdminUrl() + "/connect/", 0), 0u) << url;

    // The owner's browser: the connect link sends it to the platform's consent page...
    HttpExchange to_platform = HttpSend("GET", url);
    ASSERT_EQ(to_platform.status, 302) << to_platform.body;
    ASSERT_EQ(to_platform.location.rfind(e2e_->SimUrl(""), 0), 0u) << to_platform.location;
    // ...where the owner is logged in and consents...
    ASSERT_EQ(HttpPost(e2e_->SimUrl("/_sim/oauth/owner?account=" + std::to_string(i))).status, 204);
    HttpExchange back = HttpSend("GET", to_platform.location);
    ASSERT_EQ(back.status, 302) << back.body;
    ASSERT_EQ(back.location.rfind(e2e_->AdminUrl() + "/oauth/callback?", 0), 0u) << back.location;
    // ...and the platform sends it back with a code, which the daemon exchanges.
    HttpExchange done = HttpSend("GET", back.location);
    EXPECT_EQ(done.status, 200) << done.body << e2e_->DaemonLog();
    EXPECT_NE(done.body.find("Connected"), std::string::npos) << done.body;
    // The state is single use: replaying the callback fails.
    EXPECT_EQ(HttpSend("GET", back.location).status, 400);

    HttpExchange credential =
        e2e_->Admin("GET", "/v1/accounts/" + std::to_string(id) + "/credential");
    ASSERT_EQ(credential.status, 200);
    EXPECT_NE(credential.body.find("\"source\":\"grant\""), std::string::npos) << credential.body;
    ASSERT_TRUE(WaitFor([&] { return !e2e_->StoredPosts()["acct-" + std::to_string(i)].empty(); },
                        std::chrono::seconds(60)))
        << e2e_->DaemonLog();
  }
  // Without the admin token, the API refuses; the public pages need none.
  EXPECT_EQ(HttpSend("POST", e2e_->AdminUrl() + "/v1/accounts/1/connect-link").status, 401);
  EXPECT_EQ(HttpSend("GET", e2e_->AdminUrl() + "/connect/not-a-real-link").status, 410);
}

}  // namespace
}  // namespace postwatch::testing
