// Status, plugins (runtime enable/disable), flag lists and the audit log endpoints.
#include <gtest/gtest.h>

#include "admin_api_fixture.h"

namespace postwatch {
namespace {

TEST_F(AdminApiTest, DisablingAPluginAtRuntimeIsAppliedAndAudited) {
  HttpReply r = Send("POST", "/v1/plugins/youtube/disable", R"({"reason": "quota"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(Json(r)["plugin"]["enabled"].GetBool());
  ASSERT_EQ(actions_.plugin_changes.size(), 1u);
  EXPECT_EQ(actions_.plugin_changes[0], std::make_pair(std::string("youtube"), false));

  AuditEntry audit = Audit().back();
  EXPECT_EQ(audit.action, "plugins.disable");
  EXPECT_EQ(audit.target, "plugin:youtube");
  EXPECT_EQ(audit.reason, "quota");
  EXPECT_NE(audit.before_json.find("\"enabled\":true"), std::string::npos);
  EXPECT_NE(audit.after_json.find("\"enabled\":false"), std::string::npos);

  ASSERT_EQ(Send("POST", "/v1/plugins/youtube/enable").status, 200);
  EXPECT_TRUE(actions_.plugins[1].enabled);
}

TEST_F(AdminApiTest, EnablingAnUnknownPluginIsNotFoundAndChangesNothing) {
  EXPECT_EQ(Send("POST", "/v1/plugins/myspace/enable").status, 404);
  EXPECT_TRUE(actions_.plugin_changes.empty());
  EXPECT_TRUE(Audit().empty());
}

TEST_F(AdminApiTest, APluginChangeThatCannotBeSavedFailsAndTheAuditSaysSo) {
  actions_.set_plugin_result = Status::IoError("cannot write plugin-overrides.json");
  HttpReply r = Send("POST", "/v1/plugins/web/disable");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("plugin-overrides.json"), std::string::npos);
  EXPECT_EQ(Audit().back().outcome.rfind("failed: ", 0), 0u) << Audit().back().outcome;
}

TEST_F(AdminApiTest, PluginsAndListsAreListed) {
  rapidjson::Document plugins = Json(Send("GET", "/v1/plugins"));
  ASSERT_EQ(plugins["plugins"].Size(), 2u);
  EXPECT_EQ(plugins["plugins"][0]["name"], "web");
  rapidjson::Document lists = Json(Send("GET", "/v1/lists"));
  ASSERT_EQ(lists["lists"].Size(), 1u);
  EXPECT_EQ(lists["lists"][0]["entries"].GetUint64(), 3u);
}

TEST_F(AdminApiTest, ReloadingListsAsksTheDaemonAndRecordsBeforeAndAfter) {
  HttpReply r = Send("POST", "/v1/lists/reload");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(actions_.lists_reloaded, 1);
  EXPECT_EQ(Json(r)["lists"][0]["entries"].GetUint64(), 4u);
  AuditEntry audit = Audit().back();
  EXPECT_EQ(audit.action, "lists.reload");
  EXPECT_NE(audit.before_json.find("\"entries\":3"), std::string::npos);
  EXPECT_NE(audit.after_json.find("\"entries\":4"), std::string::npos);
}

TEST_F(AdminApiTest, StatusAndAuditCanBeRead) {
  rapidjson::Document status = Json(Send("GET", "/v1/status"));
  EXPECT_TRUE(status["ready"].GetBool());
  EXPECT_EQ(status["version"], "0.1.0");
  Add("web", "https://a.example");
  Add("web", "https://b.example");
  rapidjson::Document audit = Json(Send("GET", "/v1/audit?after=1&limit=10"));
  ASSERT_EQ(audit["entries"].Size(), 1u);
  EXPECT_EQ(audit["entries"][0]["id"].GetInt64(), 2);
  EXPECT_TRUE(audit["entries"][0]["after"].IsObject()) << "before/after are embedded as JSON";
  EXPECT_EQ(Send("GET", "/v1/audit?limit=-1").status, 400);
}

}  // namespace
}  // namespace postwatch
