// POST /v1/accounts/import: a row-by-row report, with unsupported platforms named.
#include "admin/account_import.h"

#include <gtest/gtest.h>

#include <map>

#include "admin_api_fixture.h"
#include "registry/registry_file.h"

namespace postwatch {
namespace {

// result -> count, over the report's rows.
std::map<std::string, int> Results(const rapidjson::Document& doc) {
  std::map<std::string, int> out;
  for (const auto& row : doc["rows"].GetArray()) ++out[row["result"].GetString()];
  return out;
}

TEST_F(AdminApiTest, CsvImportAddsGoodRowsAndReportsEveryOtherRow) {
  Add("web", "https://known.example");
  const std::string csv =
      "member_ref,display_name,group,platform,registered\n"
      "m1,One,city/d1,web,https://one.example\n"                 // line 2: added
      "m2,Two,city/d1,viber,viber://chat?id=1\n"                 // line 3: unsupported
      "m3,Three,city/d1,web,https://known.example\n"             // line 4: already registered
      "m4,Four,city/d1,web,https://one.example\n"                // line 5: duplicate of line 2
      "m5,Five,city/d1,facebook_profile,https://fb.example/p\n"  // line 6: unsupported
      "m6,Six,city/d1,youtube,@six\n";                           // line 7: added
  HttpReply r = Send("POST", "/v1/accounts/import", csv, "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  rapidjson::Document doc = Json(r);
  EXPECT_EQ(doc["added"].GetInt64(), 2);
  EXPECT_EQ(doc["existing"].GetInt64(), 1);
  EXPECT_EQ(doc["failed"].GetInt64(), 3);
  EXPECT_EQ(Results(doc), (std::map<std::string, int>{
                              {"added", 2}, {"exists", 1}, {"invalid", 1}, {"unsupported", 2}}));
  for (const auto& row : doc["rows"].GetArray()) {
    if (std::string(row["result"].GetString()) != "unsupported") continue;
    EXPECT_TRUE(row.HasMember("line"));
    EXPECT_NE(std::string(row["message"].GetString()).find("no public read interface"),
              std::string::npos);
  }
  Result<std::vector<Account>> accounts = store_->LoadAccounts();
  ASSERT_TRUE(accounts.ok());
  EXPECT_EQ(accounts->size(), 3u);
  EXPECT_EQ(actions_.accounts_changed, 2) << "once for Add, once for the import";

  AuditEntry audit = Audit().back();
  EXPECT_EQ(audit.action, "accounts.import");
  EXPECT_EQ(audit.outcome, "ok");
  EXPECT_NE(audit.after_json.find("https://one.example"), std::string::npos) << audit.after_json;
}

TEST_F(AdminApiTest, JsonImportReportsSchemaErrorsWithTheirPointer) {
  const std::string json = R"({"accounts": [
    {"member_ref": "m1", "display_name": "", "group": "", "platform": "web", "registered": "https://a.example"},
    {"member_ref": "m2", "display_name": "", "group": "", "platform": "web"},
    {"member_ref": "m3", "display_name": "", "group": "", "platform": "zalo_personal", "registered": "0901"}
  ]})";
  HttpReply r = Send("POST", "/v1/accounts/import", json);
  ASSERT_EQ(r.status, 200) << r.body;
  rapidjson::Document doc = Json(r);
  EXPECT_EQ(doc["added"].GetInt64(), 1);
  EXPECT_EQ(doc["failed"].GetInt64(), 2);
  bool missing_registered = false;
  for (const auto& row : doc["rows"].GetArray()) {
    if (row.HasMember("pointer") && std::string(row["pointer"].GetString()) == "/accounts/1") {
      missing_registered =
          std::string(row["message"].GetString()).find("registered") != std::string::npos;
    }
  }
  EXPECT_TRUE(missing_registered) << r.body;
  EXPECT_EQ(Results(doc)["unsupported"], 1);
}

TEST_F(AdminApiTest, ImportOfABodyThatIsNotJsonIsABadRequest) {
  HttpReply r = Send("POST", "/v1/accounts/import", "member_ref,platform\nm,web\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("text/csv"), std::string::npos) << r.body;
}

TEST(AccountImportTest, UnsupportedPlatformErrorsAreRecognisedByTheirWording) {
  RegistryLoad load = LoadRegistryCsv(
      "member_ref,display_name,group,platform,registered\n"
      "m1,,,viber,x\n"
      "m2,,,web,\n",
      "t.csv");
  ASSERT_EQ(load.errors.size(), 2u);
  int unsupported = 0;
  for (const JsonError& e : load.errors) unsupported += IsUnsupportedPlatformError(e) ? 1 : 0;
  EXPECT_EQ(unsupported, 1);
}

}  // namespace
}  // namespace postwatch
