// PluginSet runs each plugin as its settings say: in-process by default, in a runner
// process for isolation "process", whatever the library file is called.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>

#include "plugin_host/plugin_set.h"

namespace postwatch {
namespace {

namespace fs = std::filesystem;

class PluginSetIsolationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/pw_plugin_set_XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    ::chmod(dir_.c_str(), 0755);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Copies the broken plugin into the directory under `file_name`.
  void AddBroken(const std::string& file_name) {
    fs::copy_file(PW_BROKEN_PLUGIN, dir_ + "/" + file_name);
    ::chmod((dir_ + "/" + file_name).c_str(), 0755);
  }

  std::string dir_;
};

TEST_F(PluginSetIsolationTest, EachPluginRunsAsItsSettingsSay) {
  struct Case {
    const char* file;
    const char* isolation;  // nullptr: no settings for the plugin
    const char* want_isolation;
    const char* want_status;
  };
  const Case cases[] = {
      {"postwatch_broken.so", nullptr, "inprocess", "loaded"},
      {"postwatch_broken.so", "inprocess", "inprocess", "loaded"},
      {"postwatch_broken.so", "process", "process", "loaded (process isolation)"},
      {"broken.so", "process", "process", "loaded (process isolation)"},
      // The file name says nothing: the manifest's name corrects the first guess.
      {"some_other_name.so", "process", "process", "loaded (process isolation)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.file) + " " + (c.isolation ? c.isolation : "(default)"));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ::chmod(dir_.c_str(), 0755);
    AddBroken(c.file);
    std::map<std::string, PluginLoadSettings> settings;
    if (c.isolation != nullptr) {
      PluginLoadSettings s;
      s.isolation = c.isolation;
      s.runner_path = PW_RUNNER_PATH;
      settings["broken"] = s;
    }
    PluginSet set = PluginSet::Load(dir_, settings, true, true);
    ASSERT_EQ(set.entries().size(), 1u);
    EXPECT_EQ(set.entries()[0].status, c.want_status);
    auto plugin = set.Find("broken");
    ASSERT_NE(plugin, nullptr);
    EXPECT_EQ(plugin->isolation(), c.want_isolation);
    Account a;
    a.spec.registered = "https://feeds.example/ok";
    PluginCallResult plan = plugin->Plan(a);
    EXPECT_EQ(plan.requests.size(), 1u) << plan.error;
  }
}

TEST_F(PluginSetIsolationTest, AnIsolatedPluginWhoseInitCrashesIsRefusedWithTheSignal) {
  AddBroken("postwatch_broken.so");
  PluginLoadSettings s;
  s.isolation = "process";
  s.runner_path = PW_RUNNER_PATH;
  s.config_json = "{\"mode\":\"segv-init\"}";
  PluginSet set = PluginSet::Load(dir_, {{"broken", s}}, true, true);
  ASSERT_EQ(set.entries().size(), 1u);
  EXPECT_EQ(set.entries()[0].status, "refused: plugin broken: init crashed with SIGSEGV");
  EXPECT_EQ(set.Find("broken"), nullptr);
}

}  // namespace
}  // namespace postwatch
