// A real Store in a temp dir, a FakeAdminActions and an AdminApi over them, with helpers
// to send requests and read JSON replies.
#pragma once

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <memory>
#include <string>

#include "admin/admin_api.h"
#include "fake_admin_actions.h"
#include "store/store.h"
#include "store_test_util.h"

namespace postwatch {

inline constexpr char kToken[] = "a-test-token-of-some-length";

class AdminApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.path = dir_.File("pw.db");
    options.batch_max_delay_ms = 0;
    Result<std::unique_ptr<Store>> store = Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    api_ = std::make_unique<AdminApi>(kToken, *store_, actions_, nullptr);
  }

  HttpReply Send(const std::string& method, const std::string& target, const std::string& body = "",
                 const std::string& content_type = "application/json") {
    HttpRequest r;
    r.method = method;
    r.target = target;
    auto q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) {
      std::string qs = target.substr(q + 1);
      size_t pos = 0;
      while (pos <= qs.size()) {
        size_t amp = qs.find('&', pos);
        if (amp == std::string::npos) amp = qs.size();
        std::string part = qs.substr(pos, amp - pos);
        auto eq = part.find('=');
        if (!part.empty())
          r.query[part.substr(0, eq)] = eq == std::string::npos ? "" : part.substr(eq + 1);
        pos = amp + 1;
      }
    }
    r.headers = {{"Authorization", std::string("Bearer ") + kToken},
                 {"Content-Type", content_type}};
    r.body = body;
    r.peer = "127.0.0.1:40000";
    return api_->Handle(r);
  }

  static rapidjson::Document Json(const HttpReply& reply) {
    rapidjson::Document doc;
    doc.Parse(reply.body.c_str());
    EXPECT_FALSE(doc.HasParseError()) << reply.body;
    return doc;
  }

  // Registers an account through the API and returns its id.
  int64_t Add(const std::string& platform, const std::string& registered,
              const std::string& group = "city/d1") {
    HttpReply r =
        Send("POST", "/v1/accounts",
             R"({"member_ref": "m1", "display_name": "Member", "group": ")" + group +
                 R"(", "platform": ")" + platform + R"(", "registered": ")" + registered + R"("})");
    EXPECT_EQ(r.status, 201) << r.body;
    rapidjson::Document doc = Json(r);
    return doc.HasMember("account") ? doc["account"]["id"].GetInt64() : 0;
  }

  std::vector<AuditEntry> Audit() {
    Result<std::vector<AuditEntry>> entries = store_->ListAudit(0, 1000);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    return entries.ok() ? *entries : std::vector<AuditEntry>{};
  }

  // Makes every audit write fail, as a full or broken audit table would.
  void BreakAuditLog() {
    ASSERT_TRUE(store_
                    ->AppendAudit(AuditEntry{})  // make sure the table exists and works first
                    .ok());
    SqliteOpenOptions options;
    Result<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(dir_.File("pw.db"), options);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->Exec("CREATE TRIGGER no_audit BEFORE INSERT ON audit_log "
                           "BEGIN SELECT RAISE(FAIL, 'audit log is full'); END")
                    .ok());
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  FakeAdminActions actions_;
  std::unique_ptr<AdminApi> api_;
};

}  // namespace postwatch
