// The admin API's gatekeeping and account endpoints, against a real store.
#include "admin/admin_api.h"

#include <gtest/gtest.h>

#include "admin_api_fixture.h"

namespace postwatch {
namespace {

HttpRequest Unauthenticated(const std::string& authorization) {
  HttpRequest r;
  r.method = "GET";
  r.target = r.path = "/v1/status";
  if (!authorization.empty()) r.headers = {{"Authorization", authorization}};
  r.peer = "127.0.0.1:1";
  return r;
}

std::string HeaderOf(const HttpReply& reply, const std::string& name) {
  for (const auto& [k, v] : reply.headers) {
    if (k == name) return v;
  }
  return "";
}

TEST_F(AdminApiTest, RequestsWithoutTheRightTokenGet401WithWwwAuthenticate) {
  for (const std::string& authorization :
       {std::string(), std::string("Bearer wrong-token-of-some-length"),
        std::string("Basic YWRtaW46YWRtaW4="), std::string("Bearer ") + kToken + "x",
        std::string("Bearer a-test-token-of-some-lengtH")}) {
    HttpReply r = api_->Handle(Unauthenticated(authorization));
    EXPECT_EQ(r.status, 401) << authorization;
    EXPECT_EQ(HeaderOf(r, "WWW-Authenticate").rfind("Bearer", 0), 0u) << authorization;
  }
  HttpReply ok = api_->Handle(Unauthenticated(std::string("bearer ") + kToken));
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(AdminApiTest, AddingAnAccountWritesAnAuditRecordWithWhoWhatAndAfter) {
  int64_t id = Add("youtube", "https://www.youtube.com/@member");
  ASSERT_GT(id, 0);
  Result<Account> stored = store_->GetAccount(id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->spec.interval_s, 1800) << "the plugin's default interval is applied";
  EXPECT_EQ(actions_.accounts_changed, 1) << "the poller is told";

  std::vector<AuditEntry> audit = Audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "accounts.add");
  EXPECT_EQ(audit[0].target, "account:" + std::to_string(id));
  EXPECT_EQ(audit[0].outcome, "ok");
  EXPECT_EQ(audit[0].actor.rfind("token:", 0), 0u) << audit[0].actor;
  EXPECT_NE(audit[0].actor.find("127.0.0.1:40000"), std::string::npos) << audit[0].actor;
  EXPECT_NE(audit[0].after_json.find("https://www.youtube.com/@member"), std::string::npos);
  EXPECT_GT(audit[0].at_ms, 0);
}

TEST_F(AdminApiTest, WhenTheAuditLogCannotBeWrittenTheChangeIsRefusedAndNotMade) {
  int64_t id = Add("web", "https://a.example/feed");
  BreakAuditLog();
  HttpReply add =
      Send("POST", "/v1/accounts",
           R"({"member_ref": "m2", "platform": "web", "registered": "https://b.example"})");
  EXPECT_EQ(add.status, 500);
  EXPECT_NE(add.body.find("nothing was changed"), std::string::npos) << add.body;
  HttpReply pause = Send("POST", "/v1/accounts/" + std::to_string(id) + "/pause");
  EXPECT_EQ(pause.status, 500);
  HttpReply remove = Send("DELETE", "/v1/accounts/" + std::to_string(id));
  EXPECT_EQ(remove.status, 500);
  HttpReply plugin = Send("POST", "/v1/plugins/web/disable");
  EXPECT_EQ(plugin.status, 500);

  Result<std::vector<Account>> accounts = store_->LoadAccounts();
  ASSERT_TRUE(accounts.ok());
  ASSERT_EQ(accounts->size(), 1u) << "neither added nor removed";
  EXPECT_EQ((*accounts)[0].status, AccountStatus::kActive) << "not paused";
  EXPECT_TRUE(actions_.plugin_changes.empty()) << "the plugin was not touched";
}

TEST_F(AdminApiTest, InvalidAccountsAreRefusedWithTheReason) {
  struct Case {
    std::string body;
    int status;
    std::string says;
  };
  const Case cases[] = {
      {R"({"platform": "web", "registered": "https://x.example"})", 400, "member_ref"},
      {R"({"member_ref": "m", "platform": "web", "registered": "x", "colour": "red"})", 400,
       "colour"},
      {R"({"member_ref": "m", "platform": "Web!", "registered": "x"})", 400, "/platform"},
      {R"({"member_ref": "m", "platform": "viber", "registered": "x"})", 422,
       "no public read interface"},
      {R"({"member_ref": "m", "platform": "zalo_personal", "registered": "x"})", 422,
       "Zalo Official Account"},
      {"not json", 400, "not JSON"},
      {"", 400, "required"},
  };
  for (const Case& c : cases) {
    HttpReply r = Send("POST", "/v1/accounts", c.body);
    EXPECT_EQ(r.status, c.status) << c.body << " -> " << r.body;
    EXPECT_NE(r.body.find(c.says), std::string::npos) << c.body << " -> " << r.body;
  }
  EXPECT_TRUE(Audit().empty()) << "refused requests change nothing and are not audited";
}

TEST_F(AdminApiTest, RegisteringTheSameAccountTwiceIsAConflict) {
  int64_t id = Add("web", "https://a.example/feed");
  HttpReply again =
      Send("POST", "/v1/accounts",
           R"({"member_ref": "m", "platform": "web", "registered": "https://a.example/feed"})");
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("account " + std::to_string(id)), std::string::npos) << again.body;
}

TEST_F(AdminApiTest, WhileARegistryFileOwnsTheAccountsAddAndRemoveAreConflicts) {
  int64_t id = Add("web", "https://a.example/feed");
  actions_.registry_file = "/etc/postwatch/accounts.csv";
  HttpReply add =
      Send("POST", "/v1/accounts",
           R"({"member_ref": "m", "platform": "web", "registered": "https://b.example"})");
  EXPECT_EQ(add.status, 409);
  EXPECT_NE(add.body.find("/etc/postwatch/accounts.csv"), std::string::npos) << add.body;
  EXPECT_EQ(Send("DELETE", "/v1/accounts/" + std::to_string(id)).status, 409);
  EXPECT_EQ(Send("POST", "/v1/accounts/import", "{\"accounts\": []}").status, 409);
  EXPECT_EQ(Send("POST", "/v1/accounts/" + std::to_string(id) + "/pause").status, 200)
      << "pausing does not fight the registry file";
}

TEST_F(AdminApiTest, AccountListFiltersByPlatformGroupAndStatusAndPages) {
  Add("web", "https://a.example", "city/d1");
  Add("web", "https://b.example", "city/d1/w2");
  Add("web", "https://c.example", "city/d10");
  int64_t yt = Add("youtube", "@chan", "city/d1");
  ASSERT_EQ(Send("POST", "/v1/accounts/" + std::to_string(yt) + "/pause").status, 200);

  struct Case {
    std::string query;
    int64_t total;
    size_t page;
  };
  const Case cases[] = {
      {"", 4, 4},
      {"?platform=web", 3, 3},
      {"?group=city/d1", 3, 3},  // d1 and below, not d10
      {"?status=paused", 1, 1},
      {"?platform=web&group=city/d1", 2, 2},
      {"?limit=2", 4, 2},
      {"?limit=2&offset=3", 4, 1},
      {"?offset=10", 4, 0},
  };
  for (const Case& c : cases) {
    HttpReply r = Send("GET", "/v1/accounts" + c.query);
    ASSERT_EQ(r.status, 200) << c.query << " " << r.body;
    rapidjson::Document doc = Json(r);
    EXPECT_EQ(doc["total"].GetInt64(), c.total) << c.query;
    EXPECT_EQ(doc["accounts"].Size(), c.page) << c.query;
  }
  EXPECT_EQ(Send("GET", "/v1/accounts?status=sleeping").status, 400);
  EXPECT_EQ(Send("GET", "/v1/accounts?limit=0").status, 400);
  EXPECT_EQ(Send("GET", "/v1/accounts?limit=many").status, 400);
}

TEST_F(AdminApiTest, PauseAndResumeAreAuditedWithBeforeAndAfter) {
  int64_t id = Add("web", "https://a.example");
  HttpReply pause = Send("POST", "/v1/accounts/" + std::to_string(id) + "/pause",
                         R"({"reason": "member asked"})");
  ASSERT_EQ(pause.status, 200) << pause.body;
  EXPECT_EQ(std::string(Json(pause)["account"]["status"].GetString()), "paused");
  ASSERT_EQ(Send("POST", "/v1/accounts/" + std::to_string(id) + "/resume").status, 200);
  EXPECT_EQ(store_->GetAccount(id)->status, AccountStatus::kActive);

  std::vector<AuditEntry> audit = Audit();
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[1].action, "accounts.pause");
  EXPECT_EQ(audit[1].reason, "member asked");
  EXPECT_NE(audit[1].before_json.find("\"status\":\"active\""), std::string::npos);
  EXPECT_NE(audit[1].after_json.find("\"status\":\"paused\""), std::string::npos);
  EXPECT_EQ(audit[2].action, "accounts.resume");
  EXPECT_EQ(Send("POST", "/v1/accounts/999/pause").status, 404);
  EXPECT_EQ(Send("POST", "/v1/accounts/abc/pause").status, 400);
}

TEST_F(AdminApiTest, RemovingAnAccountErasesItsPostsLinksHitsAndHistory) {
  int64_t keep = Add("web", "https://keep.example");
  int64_t gone = Add("web", "https://gone.example");
  store_->Start();
  ASSERT_TRUE(store_
                  ->Submit(SuccessRecord(
                      gone, {MakePost("p1", 1'700'000'000, {"https://flagged.example/a"}, "demo"),
                             MakePost("p2", 1'700'000'100)}))
                  .ok());
  ASSERT_TRUE(store_
                  ->Submit(SuccessRecord(
                      keep, {MakePost("k1", 1'700'000'000, {"https://flagged.example/b"}, "demo")}))
                  .ok());
  ASSERT_TRUE(WaitUntil([&] { return store_->CountPosts().ok() && *store_->CountPosts() == 3; }));

  HttpReply r = Send("DELETE", "/v1/accounts/" + std::to_string(gone), R"({"reason": "left"})");
  ASSERT_EQ(r.status, 200) << r.body;
  rapidjson::Document doc = Json(r);
  EXPECT_EQ(doc["erased"]["posts"].GetInt64(), 2);
  EXPECT_EQ(doc["erased"]["links"].GetInt64(), 1);
  EXPECT_EQ(doc["erased"]["flag_hits"].GetInt64(), 1);
  EXPECT_EQ(doc["erased"]["poll_history"].GetInt64(), 1);
  store_->Stop();

  EXPECT_EQ(CountRows(dir_.File("pw.db"), "posts"), 1);
  EXPECT_EQ(CountRows(dir_.File("pw.db"), "links"), 1);
  EXPECT_EQ(CountRows(dir_.File("pw.db"), "flag_hits"), 1);
  EXPECT_EQ(CountRows(dir_.File("pw.db"), "poll_history"), 1);
  EXPECT_EQ(store_->GetAccount(gone).status().code(), Status::Code::kNotFound);

  AuditEntry last = Audit().back();
  EXPECT_EQ(last.action, "accounts.remove");
  EXPECT_EQ(last.reason, "left");
  EXPECT_NE(last.before_json.find("https://gone.example"), std::string::npos);
  EXPECT_NE(last.after_json.find("\"posts\":2"), std::string::npos) << last.after_json;
}

TEST_F(AdminApiTest, ExportGivesEverythingStoredAboutOneAccount) {
  int64_t id = Add("web", "https://a.example");
  int64_t other = Add("web", "https://b.example");
  store_->Start();
  ASSERT_TRUE(store_
                  ->Submit(SuccessRecord(
                      id, {MakePost("p1", 1'700'000'000, {"https://flagged.example/a"}, "demo")}))
                  .ok());
  ASSERT_TRUE(store_->Submit(SuccessRecord(other, {MakePost("o1", 1'700'000'000)})).ok());
  ASSERT_TRUE(WaitUntil([&] { return store_->CountPosts().ok() && *store_->CountPosts() == 2; }));

  HttpReply r = Send("GET", "/v1/accounts/" + std::to_string(id) + "/export");
  ASSERT_EQ(r.status, 200) << r.body;
  rapidjson::Document doc = Json(r);
  EXPECT_EQ(doc["account"]["registered"], "https://a.example");
  ASSERT_EQ(doc["posts"].Size(), 1u) << "only this account's posts";
  const rapidjson::Value& post = doc["posts"][0];
  EXPECT_EQ(post["post_id"], "p1");
  EXPECT_EQ(post["published_at"], "2023-11-14T22:13:20Z");
  ASSERT_EQ(post["links"].Size(), 1u);
  EXPECT_EQ(post["links"][0]["normalized"], "https://flagged.example/a");
  ASSERT_EQ(post["links"][0]["flag_hits"].Size(), 1u);
  EXPECT_EQ(post["links"][0]["flag_hits"][0]["list"], "demo");
  ASSERT_EQ(doc["polls"].Size(), 1u);
  EXPECT_TRUE(doc["polls"][0]["success"].GetBool());
  EXPECT_EQ(Audit().back().action, "accounts.export");
  EXPECT_EQ(Send("GET", "/v1/accounts/999/export").status, 404);
}

TEST_F(AdminApiTest, UnknownPathsAndWrongMethodsAreAnsweredPlainly) {
  EXPECT_EQ(Send("GET", "/v2/accounts").status, 404);
  EXPECT_EQ(Send("GET", "/v1/nothing").status, 404);
  HttpReply wrong = Send("PUT", "/v1/accounts");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(HeaderOf(wrong, "Allow"), "GET, POST");
}

}  // namespace
}  // namespace postwatch
