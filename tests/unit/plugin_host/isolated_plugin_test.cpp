// IsolatedPlugin with the real postwatch-plugin-runner and a plugin that crashes, hangs and
// emits garbage on request: every failure stays in the runner, is reported clearly, and
// the plugin keeps serving afterwards.
#include "plugin_host/isolated_plugin.h"

#include <gtest/gtest.h>

#include <thread>

#include "plugin_host/utf8_check.h"

namespace postwatch {
namespace {

IsolationOptions TestOptions() {
  IsolationOptions o;
  o.runner_path = PW_RUNNER_PATH;
  o.check_permissions = false;  // build trees may be group-writable
  o.call_deadline = std::chrono::seconds(10);
  o.backoff_initial = std::chrono::milliseconds(0);
  return o;
}

std::unique_ptr<IsolatedPlugin> StartBroken(IsolationOptions options = TestOptions()) {
  auto started = IsolatedPlugin::Start(PW_BROKEN_PLUGIN, std::move(options));
  EXPECT_TRUE(started.ok()) << started.status().ToString();
  if (!started.ok()) return nullptr;
  Status s = (*started)->Init("{}");
  EXPECT_TRUE(s.ok()) << s.ToString();
  return std::move(*started);
}

Account AccountFor(const std::string& behaviour) {
  Account a;
  a.spec.platform = "broken";
  a.spec.registered = "https://feeds.example/" + behaviour;
  return a;
}

PluginCallResult ParseAs(const Plugin& plugin, const std::string& behaviour) {
  PluginResponse r;
  r.status = 200;
  r.body = "<feed/>";
  r.tag = "page";
  return plugin.Parse(AccountFor(behaviour), r);
}

// The broken plugin loaded both ways, for behaviour that must not depend on isolation.
std::vector<std::unique_ptr<Plugin>> BothWays() {
  std::vector<std::unique_ptr<Plugin>> out;
  out.push_back(StartBroken());
  auto in_process = Plugin::Load(PW_BROKEN_PLUGIN, false);
  EXPECT_TRUE(in_process.ok());
  EXPECT_TRUE((*in_process)->Init("{}").ok());
  out.push_back(std::move(*in_process));
  return out;
}

TEST(IsolatedPluginTest, TheManifestComesFromTheRunner) {
  auto plugin = StartBroken();
  ASSERT_TRUE(plugin);
  EXPECT_EQ(plugin->manifest().name, "broken");
  EXPECT_EQ(plugin->manifest().abi_minor, PW_ABI_MINOR);
  EXPECT_FALSE(plugin->manifest().has_resolve);
  EXPECT_TRUE(plugin->manifest().has_refresh_credentials);
  EXPECT_TRUE(plugin->manifest().has_authorize);
  EXPECT_EQ(plugin->isolation(), "process");
  EXPECT_TRUE(plugin->EgressAllowed("anything.example"));
}

TEST(IsolatedPluginTest, PlanAndParseRoundTripThroughTheRunner) {
  auto plugin = StartBroken();
  ASSERT_TRUE(plugin);
  PluginCallResult plan = plugin->Plan(AccountFor("ok"));
  ASSERT_EQ(plan.code, PW_OK) << plan.error;
  ASSERT_EQ(plan.requests.size(), 1u);
  EXPECT_EQ(plan.requests[0].url, "https://feeds.example/ok");
  EXPECT_EQ(plan.requests[0].tag, "page");
  PluginCallResult parse = ParseAs(*plugin, "ok");
  EXPECT_EQ(parse.code, PW_DONE);
  ASSERT_EQ(parse.posts.size(), 1u);
  EXPECT_EQ(parse.posts[0].id, "ok-1");
  EXPECT_EQ(parse.posts[0].links, std::vector<std::string>{"https://good.example/a"});
  EXPECT_EQ(parse.cursor, "after-ok-1");
  EXPECT_EQ(plugin->FailureCount(), 0);
}

TEST(IsolatedPluginTest, CredentialsAndGrantsCrossTheBoundaryBothWays) {
  for (const auto& plugin : BothWays()) {
    ASSERT_TRUE(plugin);
    SCOPED_TRACE(std::string(plugin->isolation()));
    PluginCallResult refreshed =
        plugin->RefreshCredentials(AccountFor("ok"), "old-token", "app-secret");
    ASSERT_TRUE(refreshed.credential.has_value()) << refreshed.error;
    EXPECT_EQ(refreshed.credential->secret, "refreshed:old-token");
    EXPECT_EQ(refreshed.credential->expires_at, 1800000000);
    EXPECT_EQ(refreshed.credential->refresh_expires_at, 1900000000);

    PluginGrant grant;
    grant.state = "st-1";
    PluginCallResult url = plugin->Authorize(AccountFor("ok"), grant, "client-7");
    EXPECT_EQ(url.code, PW_OK);
    EXPECT_EQ(url.authorize_url, "https://auth.invalid/?app=client-7&state=st-1");

    PluginResponse token;
    token.status = 200;
    token.tag = "token";
    token.body = "{\"access_token\":\"new\"}";
    PluginCallResult exchanged = plugin->Parse(AccountFor("ok"), token);
    ASSERT_TRUE(exchanged.credential.has_value());
    EXPECT_EQ(exchanged.credential->secret, "{\"access_token\":\"new\"}");
  }
}

TEST(IsolatedPluginTest, ACrashFailsTheCallClearlyAndTheNextCallRespawnsTheRunner) {
  auto plugin = StartBroken();
  ASSERT_TRUE(plugin);
  PluginCallResult crashed = ParseAs(*plugin, "segv-parse");
  EXPECT_EQ(crashed.code, PW_E_INTERNAL);
  EXPECT_EQ(crashed.error, "plugin broken: parse crashed with SIGSEGV");
  EXPECT_EQ(plugin->FailureCount(), 1);

  PluginCallResult after = ParseAs(*plugin, "ok");
  EXPECT_EQ(after.code, PW_DONE) << after.error;
  ASSERT_EQ(after.posts.size(), 1u);
  EXPECT_EQ(plugin->SpawnCount(), 2);
  EXPECT_FALSE(plugin->IsQuarantined());
}

TEST(IsolatedPluginTest, EachWayOfDyingIsNamed) {
  struct Case {
    std::string behaviour;
    std::string error;
  };
  const Case cases[] = {
      {"segv-plan", "plugin broken: plan crashed with SIGSEGV"},
      {"abort-parse", "plugin broken: parse crashed with SIGABRT"},
      {"exit-parse", "plugin broken: parse exited with status 3"},
  };
  auto plugin = StartBroken();
  ASSERT_TRUE(plugin);
  for (const Case& c : cases) {
    PluginCallResult r = c.behaviour == "segv-plan" ? plugin->Plan(AccountFor(c.behaviour))
                                                    : ParseAs(*plugin, c.behaviour);
    EXPECT_EQ(r.code, PW_E_INTERNAL) << c.behaviour;
    EXPECT_EQ(r.error, c.error);
  }
}

TEST(IsolatedPluginTest, AHangIsKilledAtTheDeadlineAndTheRunnerReplaced) {
  IsolationOptions options = TestOptions();
  options.call_deadline = std::chrono::milliseconds(300);
  auto plugin = StartBroken(options);
  ASSERT_TRUE(plugin);
  PluginCallResult hung = ParseAs(*plugin, "hang-parse");
  EXPECT_EQ(hung.code, PW_E_INTERNAL);
  EXPECT_EQ(hung.error, "plugin broken: parse timed out after 300 ms; runner killed");
  PluginCallResult after = ParseAs(*plugin, "ok");
  EXPECT_EQ(after.code, PW_DONE) << after.error;
  EXPECT_EQ(plugin->FailureCount(), 1);
}

TEST(IsolatedPluginTest, AHungCallDoesNotBlockCallsOnTheOtherRunner) {
  IsolationOptions options = TestOptions();
  options.call_deadline = std::chrono::seconds(2);
  options.pool_size = 2;
  auto plugin = StartBroken(options);
  ASSERT_TRUE(plugin);
  PluginCallResult hung;
  std::thread stuck([&] { hung = ParseAs(*plugin, "hang-parse"); });
  // Whichever runner the hung call took, the other slot serves these calls.
  for (int i = 0; i < 3; ++i) {
    PluginCallResult ok = ParseAs(*plugin, "ok");
    EXPECT_EQ(ok.code, PW_DONE) << ok.error;
  }
  stuck.join();
  EXPECT_NE(hung.error.find("timed out after 2 s"), std::string::npos) << hung.error;
}

TEST(IsolatedPluginTest, RepeatedFailuresQuarantineThePlugin) {
  IsolationOptions options = TestOptions();
  options.quarantine_failures = 3;
  auto plugin = StartBroken(options);
  ASSERT_TRUE(plugin);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(ParseAs(*plugin, "segv-parse").code, PW_E_INTERNAL);
  EXPECT_TRUE(plugin->IsQuarantined());
  int64_t spawns = plugin->SpawnCount();
  PluginCallResult refused = ParseAs(*plugin, "ok");
  EXPECT_EQ(refused.code, PW_E_INTERNAL);
  EXPECT_NE(refused.error.find("plugin broken: quarantined for another"), std::string::npos)
      << refused.error;
  EXPECT_NE(refused.error.find("after 3 failures (last: plugin broken: parse crashed"),
            std::string::npos)
      << refused.error;
  EXPECT_EQ(plugin->SpawnCount(), spawns) << "a quarantined plugin starts no runner";
  EXPECT_EQ(plugin->FailureCount(), 3);
}

TEST(IsolatedPluginTest, CallsFailFastDuringTheRestartBackoff) {
  IsolationOptions options = TestOptions();
  options.backoff_initial = std::chrono::hours(1);
  auto plugin = StartBroken(options);
  ASSERT_TRUE(plugin);
  EXPECT_EQ(ParseAs(*plugin, "segv-parse").code, PW_E_INTERNAL);
  PluginCallResult waiting = ParseAs(*plugin, "ok");
  EXPECT_EQ(waiting.code, PW_E_INTERNAL);
  EXPECT_NE(waiting.error.find("plugin broken: runner restarts in"), std::string::npos)
      << waiting.error;
  EXPECT_EQ(plugin->SpawnCount(), 1);
  EXPECT_EQ(plugin->FailureCount(), 1) << "waiting out the backoff is not a failure";
}

TEST(IsolatedPluginTest, GarbageIsDroppedAndCountedTheSameWayInBothIsolations) {
  for (const auto& plugin : BothWays()) {
    ASSERT_TRUE(plugin);
    SCOPED_TRACE(std::string(plugin->isolation()));
    PluginCallResult r = ParseAs(*plugin, "garbage");
    EXPECT_EQ(r.code, PW_DONE) << r.error;
    ASSERT_EQ(r.posts.size(), 3u);
    EXPECT_EQ(r.posts[0].id, "good-1");
    EXPECT_EQ(r.posts[1].id, "many-links");
    EXPECT_EQ(r.posts[2].id, "good-2");
    EXPECT_EQ(r.posts[1].links.size(), EmitLimits{}.max_links_per_post);
    EXPECT_EQ(r.posts[1].kind, PostKind::kPost);
    EXPECT_TRUE(IsValidUtf8(r.posts[1].text)) << r.posts[1].text;
    // 3 bad posts, the bad link, and the links past the cap.
    EXPECT_EQ(r.dropped, 3 + 1 + (1000000 - 257));
  }
}

TEST(IsolatedPluginTest, HugeOutputIsCappedAndCounted) {
  for (const auto& plugin : BothWays()) {
    ASSERT_TRUE(plugin);
    SCOPED_TRACE(std::string(plugin->isolation()));
    PluginCallResult r = ParseAs(*plugin, "huge");
    EXPECT_EQ(r.code, PW_DONE) << r.error;
    ASSERT_EQ(r.posts.size(), EmitLimits{}.max_posts);
    EXPECT_EQ(r.posts[0].id, "big-text");
    EXPECT_EQ(r.posts[0].text.size(), EmitLimits{}.max_text_bytes);
    EXPECT_TRUE(r.posts[0].links.empty());
    // The 10 MB link and id, and the 100000 small posts past the cap.
    EXPECT_EQ(r.dropped, 2 + (100000 - (5000 - 1)));
  }
}

TEST(IsolatedPluginTest, APluginPrintingToStdoutCannotCorruptTheProtocol) {
  auto plugin = StartBroken();
  ASSERT_TRUE(plugin);
  PluginCallResult r = ParseAs(*plugin, "print");
  EXPECT_EQ(r.code, PW_DONE) << r.error;
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(plugin->FailureCount(), 0);
}

TEST(IsolatedPluginTest, ARefusedPluginReportsTheLoadersReason) {
  auto started = IsolatedPlugin::Start(PW_WRONG_ABI_PLUGIN, TestOptions());
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.status().message().find("ABI major 2 differs"), std::string::npos)
      << started.status().message();
}

TEST(IsolatedPluginTest, AMissingRunnerIsAClearStartFailure) {
  IsolationOptions options = TestOptions();
  options.runner_path = "/nonexistent/postwatch-plugin-runner";
  auto started = IsolatedPlugin::Start(PW_BROKEN_PLUGIN, options);
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.status().message().find("cannot start /nonexistent/postwatch-plugin-runner"),
            std::string::npos)
      << started.status().message();
}

TEST(IsolatedPluginTest, AnInitCrashFailsTheLoadWithTheSignal) {
  auto started = IsolatedPlugin::Start(PW_BROKEN_PLUGIN, TestOptions());
  ASSERT_TRUE(started.ok());
  Status s = (*started)->Init("{\"mode\":\"segv-init\"}");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("plugin broken: init crashed with SIGSEGV"), std::string::npos)
      << s.message();
}

}  // namespace
}  // namespace postwatch
