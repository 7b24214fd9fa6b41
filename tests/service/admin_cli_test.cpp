// postwatchctl against a running postwatchd: the admin API end to end, with the exit
// codes scripts rely on, the audit log in the database and plugin choices that survive a
// restart.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <regex>

#include "harness.h"
#include "service_daemon.h"

namespace postwatch::testing {
namespace {

using std::chrono::seconds;

class AdminCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServiceDaemonOptions options;
    options.admin = true;
    options.plugin_dir = PluginDir();
    daemon_ = std::make_unique<ServiceDaemon>(dir_, options);
    ASSERT_TRUE(daemon_->Start()) << daemon_->Log();
    ASSERT_FALSE(daemon_->AdminUrl().empty()) << daemon_->Log();
  }

  void TearDown() override {
    if (daemon_ && daemon_->process()) daemon_->process()->Signal(SIGTERM, seconds(60));
  }

  CommandResult Ctl(std::vector<std::string> words) {
    std::vector<std::string> argv = {PostwatchctlPath()};
    argv.insert(argv.end(), words.begin(), words.end());
    argv.insert(argv.end(),
                {"--admin", daemon_->AdminUrl(), "--token-file", daemon_->token_file()});
    return RunCommand(argv);
  }

  // Restarts the daemon with the same state directory.
  void Restart() {
    ASSERT_TRUE(daemon_->process()->Signal(SIGTERM, seconds(60)).has_value());
    ASSERT_TRUE(daemon_->Start()) << daemon_->Log();
  }

  TempDir dir_;
  std::unique_ptr<ServiceDaemon> daemon_;
};

TEST_F(AdminCliTest, AccountsCanBeAddedListedPausedExportedAndRemoved) {
  CommandResult add = Ctl({"accounts", "add", "web", "https://blog.example/feed", "--member-ref",
                           "m-17", "--group", "city/d1", "--name", "Blog"});
  ASSERT_EQ(add.exit_code, 0) << add.output;
  EXPECT_NE(add.output.find("https://blog.example/feed"), std::string::npos) << add.output;

  CommandResult list = Ctl({"accounts", "list", "--group", "city", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find("\"total\":1"), std::string::npos) << list.output;

  CommandResult again =
      Ctl({"accounts", "add", "web", "https://blog.example/feed", "--member-ref", "m-17"});
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_NE(again.output.find("already registered"), std::string::npos) << again.output;

  EXPECT_EQ(Ctl({"accounts", "pause", "1", "--reason", "holiday"}).exit_code, 0);
  CommandResult paused = Ctl({"accounts", "list", "--status", "paused"});
  EXPECT_NE(paused.output.find("paused"), std::string::npos) << paused.output;
  EXPECT_EQ(Ctl({"accounts", "resume", "1"}).exit_code, 0);

  std::string export_file = dir_.File("export.json");
  ASSERT_EQ(Ctl({"accounts", "export", "1", "--output", export_file}).exit_code, 0);
  EXPECT_NE(ReadFile(export_file).find("\"registered\":\"https://blog.example/feed\""),
            std::string::npos);
  EXPECT_EQ(
      std::filesystem::status(export_file).permissions() & std::filesystem::perms::others_read,
      std::filesystem::perms::none)
      << "personal data is not left readable by others";

  EXPECT_EQ(Ctl({"accounts", "remove", "1"}).exit_code, 2) << "erasure needs --yes";
  CommandResult remove = Ctl({"accounts", "remove", "1", "--yes", "--reason", "left"});
  ASSERT_EQ(remove.exit_code, 0) << remove.output;
  EXPECT_NE(remove.output.find("removed account 1"), std::string::npos) << remove.output;
  EXPECT_EQ(Ctl({"accounts", "export", "1"}).exit_code, 1);

  HttpResult metrics = HttpGet(daemon_->MetricsUrl() + "/metrics");
  EXPECT_EQ(MetricValue(metrics.body, "postwatch_erasures_total"), 1) << metrics.body;

  ASSERT_TRUE(daemon_->process()->Signal(SIGTERM, seconds(60)).has_value());
  auto rows = Query(dir_.File("state/postwatch.db"),
                    "SELECT action, outcome, reason FROM audit_log ORDER BY id");
  std::vector<std::string> actions;
  for (const auto& row : rows) {
    actions.push_back(row[0]);
    EXPECT_EQ(row[1], "ok") << row[0];
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"accounts.add", "accounts.pause", "accounts.resume",
                                               "accounts.export", "accounts.remove"}));
}

TEST_F(AdminCliTest, ImportReportsUnsupportedPlatformsWithTheReason) {
  std::string csv = dir_.File("accounts.csv");
  WriteFile(csv,
            "member_ref,display_name,group,platform,registered\n"
            "m1,One,city/d1,web,https://one.example/feed\n"
            "m2,Two,city/d1,viber,https://invite.viber.com/?g=abc\n"
            "m3,Three,city/d2,zalo_personal,0901234567\n"
            "m4,Four,city/d2,web,https://four.example/feed\n");
  CommandResult import = Ctl({"accounts", "import", csv});
  EXPECT_EQ(import.exit_code, 1) << import.output;
  EXPECT_NE(import.output.find("2 added, 0 already registered, 2 unsupported, 0 failed"),
            std::string::npos)
      << import.output;
  EXPECT_NE(import.output.find("accounts.csv:3"), std::string::npos) << import.output;
  EXPECT_NE(import.output.find("Viber channels have no public read interface"), std::string::npos)
      << import.output;

  CommandResult twice = Ctl({"accounts", "import", csv, "--json"});
  EXPECT_NE(twice.output.find("\"existing\":2"), std::string::npos) << twice.output;
}

TEST_F(AdminCliTest, APluginDisabledAtRuntimeStaysDisabledAfterARestart) {
  CommandResult before = Ctl({"plugins", "list", "--json"});
  ASSERT_EQ(before.exit_code, 0) << before.output;
  ASSERT_NE(before.output.find("\"name\":\"web\""), std::string::npos) << before.output;

  ASSERT_EQ(Ctl({"plugins", "disable", "web", "--reason", "test"}).exit_code, 0);
  EXPECT_NE(Ctl({"plugins", "list"}).output.find("disabled"), std::string::npos);
  Restart();
  CommandResult after = Ctl({"plugins", "list", "--json"});
  EXPECT_TRUE(std::regex_search(
      after.output, std::regex("\"name\":\"web\"[^}]*\"enabled\":false[^}]*\"loaded\":false")))
      << after.output;
  ASSERT_EQ(Ctl({"plugins", "enable", "web"}).exit_code, 0);
  EXPECT_TRUE(
      std::regex_search(Ctl({"plugins", "list", "--json"}).output,
                        std::regex("\"name\":\"web\"[^}]*\"enabled\":true[^}]*\"loaded\":true")));
  EXPECT_EQ(Ctl({"plugins", "enable", "no_such_plugin"}).exit_code, 1);
}

TEST_F(AdminCliTest, ListsReloadAndStatusAnswer) {
  CommandResult reload = Ctl({"lists", "reload"});
  EXPECT_EQ(reload.exit_code, 0) << reload.output;
  EXPECT_NE(reload.output.find("demo"), std::string::npos) << reload.output;
  CommandResult status = Ctl({"status"});
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_NE(status.output.find("ready"), std::string::npos) << status.output;
}

TEST_F(AdminCliTest, ExitCodesTellScriptsWhatWentWrong) {
  std::string bad_token = dir_.File("bad-token");
  WriteFile(bad_token, "not-the-right-token-at-all\n");
  CommandResult unauthorised = RunCommand(
      {PostwatchctlPath(), "status", "--admin", daemon_->AdminUrl(), "--token-file", bad_token});
  EXPECT_EQ(unauthorised.exit_code, 4) << unauthorised.output;

  CommandResult unreachable = RunCommand(
      {PostwatchctlPath(), "status", "--admin", "http://127.0.0.1:1", "--token-file", bad_token});
  EXPECT_EQ(unreachable.exit_code, 3) << unreachable.output;

  EXPECT_EQ(Ctl({"accounts", "frobnicate"}).exit_code, 2);
  EXPECT_EQ(Ctl({"accounts", "pause"}).exit_code, 2);
  EXPECT_EQ(Ctl({"accounts", "add", "web"}).exit_code, 2);
}

TEST(AdminCliHelpTest, EverySubcommandHasHelp) {
  for (std::vector<std::string> words : {std::vector<std::string>{"check-config"},
                                         {"accounts", "add"},
                                         {"accounts", "import"},
                                         {"accounts", "list"},
                                         {"accounts", "pause"},
                                         {"accounts", "resume"},
                                         {"accounts", "remove"},
                                         {"accounts", "export"},
                                         {"plugins", "list"},
                                         {"plugins", "enable"},
                                         {"plugins", "disable"},
                                         {"plugins", "replay"},
                                         {"lists", "reload"},
                                         {"links", "check"},
                                         {"status"}}) {
    std::vector<std::string> argv = {PostwatchctlPath()};
    argv.insert(argv.end(), words.begin(), words.end());
    argv.push_back("--help");
    CommandResult help = RunCommand(argv);
    EXPECT_EQ(help.exit_code, 0) << words[0];
    EXPECT_EQ(help.output.rfind("usage: postwatchctl " + words[0], 0), 0u) << help.output;
  }
}

TEST(AdminListenTest, DaemonRefusesANonLoopbackAdminAddress) {
  TempDir dir;
  ServiceDaemonOptions options;
  options.admin_listen = "0.0.0.0:0";
  ServiceDaemon daemon(dir, options);
  ASSERT_TRUE(daemon.Start(false));
  auto status = daemon.process()->Wait(seconds(60));
  ASSERT_TRUE(status.has_value()) << daemon.Log();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 1);
  EXPECT_NE(daemon.Log().find("no TLS support"), std::string::npos) << daemon.Log();
}

}  // namespace
}  // namespace postwatch::testing
